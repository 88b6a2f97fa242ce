"""The API: the same actions, scope and masking as the pages."""

from datetime import date

import time_machine

from cases.models import Case, CheckIn, OfficerAssignment
from org.models import Person


def _post(client, url, body, headers):
    return client.post(url, body, content_type="application/json", **headers)


def test_a_case_runs_through_the_api_and_other_users_cannot_touch_it(world, types, client, token_for):
    enterprise, admin, street = token_for("enterprise"), token_for("macun_admin"), token_for("fengying")
    body = {"case_type_id": types["enterprise"].pk, "title": "用电增容", "content": "需增容",
            "enterprise_id": world.enterprises["fengying"].pk}  # fmt: skip
    with time_machine.travel(date(2026, 9, 28)):
        other = {**body, "enterprise_id": world.enterprises["anyang"].pk}
        assert _post(client, "/api/cases/cases", other, enterprise).status_code == 403
        created = _post(client, "/api/cases/cases", body, enterprise).json()
        assert (created["state"], created["due_on"]) == ("accepted", "2026-09-29")
        pk = created["id"]
        for username in ("anyang", "other_enterprise", "other_grid"):
            headers = token_for(username)
            assert client.get(f"/api/cases/cases/{pk}", **headers).status_code == 404
            assert client.get("/api/cases/cases", **headers).json()["count"] == 0
            assert _post(client, f"/api/cases/cases/{pk}/dispatch", {"handler_unit_id": world.units["fgw"].pk},
                         headers).status_code == 404  # fmt: skip
        assert _post(client, f"/api/cases/cases/{pk}/sign", {}, street).status_code == 409  # not dispatched yet
        out = _post(client, f"/api/cases/cases/{pk}/dispatch", {"handler_unit_id": world.units["fengying"].pk}, admin)
        assert out.json()["sign_due"] == "2026-09-29"
    with time_machine.travel(date(2026, 9, 30)):
        signed = _post(client, f"/api/cases/cases/{pk}/sign", {}, street).json()
        assert (signed["state"], signed["handle_due"], signed["colour"]) == ("handling", "2026-10-13", "normal")
        assert _post(client, f"/api/cases/cases/{pk}/reply", {"result": "已增容"}, street).status_code == 200
        assert (
            _post(client, f"/api/cases/cases/{pk}/rate", {"satisfaction": "satisfied"}, enterprise).status_code == 200
        )
        closed = _post(client, f"/api/cases/cases/{pk}/close", {}, admin).json()
        assert closed["state"] == "closed"
        events = client.get(f"/api/cases/cases/{pk}/events", **enterprise).json()
        assert [e["action"] for e in events] == ["accept", "dispatch", "sign", "reply", "rate", "close"]
        metrics = client.get("/api/cases/metrics", {"start": "2026-09-01", "end": "2026-09-30"}, **admin).json()
        assert metrics[0]["unit"] == "冯营街道" and metrics[0]["close_rate"] == "100.00"
        assert metrics[-1]["unit"] == "合计"


def test_residents_are_masked_through_the_api_except_for_the_grid_chain(world, types, client, token_for):
    body = {
        "case_type_id": types["whistle"].pk,
        "title": "井盖缺失",
        "content": "路口井盖缺失",
        "resident_name": "张三丰",
        "resident_phone": "13812345678",
        "handler_unit_id": world.units["fgw"].pk,
    }
    created = _post(client, "/api/cases/cases", body, token_for("grid"))
    assert created.status_code == 201 and created.json()["resident_name"] == "张三丰"
    pk = created.json()["id"]
    listed = client.get("/api/cases/cases", **token_for("fengying")).json()["items"][0]
    assert (listed["resident_name"], listed["resident_phone"]) == ("张**", "138****5678")
    assert client.get(f"/api/cases/cases/{pk}", **token_for("macun_admin")).json()["resident_name"] == "张三丰"
    assert Case.objects.get().origin_unit == world.units["grid"]
    household = _post(client, "/api/cases/households", {"grid_id": world.units["grid"].pk, "name": "李桂英",
                      "address": "3号楼", "category": "alone", "phone": "13800001234"}, token_for("grid"))  # fmt: skip
    assert household.status_code == 201 and household.json()["name"] == "李**"
    assert client.get("/api/cases/households", **token_for("other_grid")).json()["count"] == 0
    # A visit from a phone's draft: the second POST of the same key answers with the first visit.
    url = f"/api/cases/households/{household.json()['id']}/visits"
    key = "6f1c9d5e-2b7a-4c1e-9a3d-0b8e7f6a5c4d"
    visit = {"note": "独居，行动不便", "latitude": "35.239", "longitude": "113.241", "accuracy": 10,
             "recorded_at": "2026-03-03T09:30:00+08:00", "draft_key": key}  # fmt: skip
    first, again = (_post(client, url, visit, token_for("grid")) for _ in range(2))
    assert first.status_code == again.status_code == 201 and first.json()["id"] == again.json()["id"]
    assert first.json()["latitude"] == "35.239000"
    too_far = _post(client, url, {**visit, "latitude": "91", "draft_key": None}, token_for("grid"))
    assert too_far.status_code == 422


def test_case_types_and_check_ins(world, types, client, token_for):
    patch = client.patch(f"/api/cases/types/{types['errand'].pk}", {"handle_days": 4}, content_type="application/json",
                         **token_for("macun_admin"))  # fmt: skip
    assert patch.status_code == 403
    patch = client.patch(f"/api/cases/types/{types['errand'].pk}", {"handle_days": 4}, content_type="application/json",
                         **token_for("admin"))  # fmt: skip
    assert patch.json()["handle_days"] == 4
    with time_machine.travel(date(2026, 3, 4)):
        assert _post(client, "/api/cases/checkins", {"note": "走访"}, token_for("officer")).status_code == 201
        assert _post(client, "/api/cases/checkins", {}, token_for("officer")).status_code == 422
        rates = client.get("/api/cases/checkin-rates", {"week": "2026-03-04"}, **token_for("admin")).json()
    assert [(r["unit"], r["rate"], r["rank"]) for r in rates] == [("发改委", "100.00", 1), ("马村区", "0.00", 2)]


def test_a_read_only_leader_cannot_check_in_through_the_api(world, types, client, token_for):
    with time_machine.travel(date(2026, 3, 4)):
        response = _post(client, "/api/cases/checkins", {"note": "走访"}, token_for("leader"))
    assert response.status_code == 403 and "不能签到" in response.json()["detail"]
    assert not CheckIn.objects.exists()


def test_officers_are_named_only_from_the_scope_and_the_units_above_it(world, types, client, token_for):
    outside = Person.objects.create(name="示范区干部", unit=world.units["sfq"])
    body = {"person_id": outside.pk, "enterprise_id": world.enterprises["fengying"].pk, "role": "officer",
            "since": "2026-03-02"}  # fmt: skip
    response = _post(client, "/api/cases/officers", body, token_for("fengying"))
    assert response.status_code == 422
    assert not OfficerAssignment.objects.filter(person=outside).exists()
    # The district's leaders serve the street's enterprises.
    body["person_id"] = world.people["officer"].pk
    assert _post(client, "/api/cases/officers", body, token_for("fengying")).status_code == 201
