"""The supervision API: the same actions and the same data scope as the pages."""

from datetime import date

import time_machine

from supervision.testing import set_issuer


def test_tasks_through_the_api_follow_scope_and_show_colours(world, tasks, client, token_for):
    with time_machine.travel(date(2026, 9, 30)):
        mine = client.get("/api/supervision/tasks", **token_for("fengying")).json()
        assert [(t["title"], t["colour"], t["workdays_left"]) for t in mine["items"]] == [
            ("产业园二期用地报批", "blue", 3)
        ]
        task = tasks["anyang"]
        assert client.get(f"/api/supervision/tasks/{task.pk}", **token_for("fengying")).status_code == 404
        response = client.post(
            f"/api/supervision/tasks/{task.pk}/progress",
            {"note": "越权"},
            content_type="application/json",
            **token_for("fengying"),
        )
        assert response.status_code == 404


def test_a_task_runs_through_the_api(world, projects, client, token_for):
    admin, unit = token_for("macun_admin"), token_for("fengying")
    body = {
        "title": "供电迁改",
        "source": "meeting",
        "lead_unit_id": world.units["fengying"].pk,
        "assigned_on": "2026-09-28",
        "deadline_workdays": 5,
    }
    task = client.post("/api/supervision/tasks", body, content_type="application/json", **admin).json()
    assert task["deadline"] == "2026-10-10"
    done = client.post(
        f"/api/supervision/tasks/{task['id']}/complete", {"note": "已完成"}, content_type="application/json", **unit
    )
    assert done.status_code == 201 and done.json()["kind"] == "completed"
    again = client.post(
        f"/api/supervision/tasks/{task['id']}/complete", {"note": "再次"}, content_type="application/json", **unit
    )
    assert again.status_code == 409  # the state no longer allows it
    wrong = {**body, "lead_unit_id": world.units["anyang"].pk}
    assert client.post("/api/supervision/tasks", wrong, content_type="application/json", **unit).status_code == 422


def test_targets_and_bulletins_through_the_api(world, projects, client, token_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    admin = token_for("macun_admin")
    body = {
        "unit_id": world.units["fgw"].pk,
        "year": 2020,
        "title": "淘汰柴油货车",
        "kind": "count",
        "target_value": "463",
        "measure": "辆",
    }
    target = client.post("/api/supervision/targets", body, content_type="application/json", **admin).json()
    result = client.post(
        f"/api/supervision/targets/{target['id']}/progress",
        {"actual_value": "476"},
        content_type="application/json",
        **admin,
    ).json()
    assert result["verdict"] == "exceeded" and result["sentence"] == "476辆，超额完成"
    issued = client.post(
        "/api/supervision/bulletins",
        {"kind": "weekly", "unit_id": world.units["macun"].pk, "as_of": "2026-10-13"},
        content_type="application/json",
        **admin,
    )
    # 马村区 has no 发文设置 yet: told what to fill in, never given another unit's masthead
    assert issued.status_code == 422 and "发文机关全称" in issued.json()["detail"]
    set_issuer(world.users["macun_admin"], world.units["macun"], prefix="马项办", name="马村区重点项目建设指挥部办公室",
               signers=[world.users["leader"]])  # fmt: skip
    issued = client.post(
        "/api/supervision/bulletins",
        {"kind": "weekly", "unit_id": world.units["macun"].pk, "as_of": "2026-10-13"},
        content_type="application/json",
        **admin,
    )
    assert issued.status_code == 201 and issued.json()["state"] == "draft" and issued.json()["number"] == ""
    # a street reads the district's bulletins once they are 印发, not its drafts
    assert client.get("/api/supervision/bulletins", **token_for("fengying")).json()["items"] == []
    listed = client.get("/api/supervision/bulletins", **admin).json()
    assert [b["id"] for b in listed["items"]] == [issued.json()["id"]]
    assert client.get("/api/supervision/targets", {"year": 2020}, **token_for("anyang")).json() == []


def step(client, token, bulletin_id: int, name: str, body: dict | None = None):
    return client.post(f"/api/supervision/bulletins/{bulletin_id}/{name}", body or {},
                       content_type="application/json", **token)  # fmt: skip


def test_a_bulletin_goes_through_its_workflow_by_the_api_with_the_pages_checks(world, issuers, client, token_for):
    admin, leader, street = token_for("macun_admin"), token_for("leader"), token_for("fengying")
    drafted = client.post(
        "/api/supervision/bulletins",
        {"kind": "weekly", "unit_id": world.units["macun"].pk, "as_of": "2026-10-13"},
        content_type="application/json",
        **admin,
    ).json()
    pk = drafted["id"]
    # a street does not see the district's draft; the leader sees it but does not write
    assert step(client, street, pk, "submit").status_code == 404
    refused = step(client, leader, pk, "submit")
    assert refused.status_code == 403 and refused.json()["detail"] == "您不能报送该通报。"
    assert step(client, admin, pk, "review", {"passed": True}).status_code == 409  # not sent yet
    assert step(client, admin, pk, "submit").json()["state"] == "submitted"
    again = step(client, admin, pk, "submit")
    assert again.status_code == 409 and "待审核" in again.json()["detail"]
    assert step(client, leader, pk, "review", {"passed": True}).status_code == 403
    no_reason = step(client, admin, pk, "review", {"passed": False, "reason": " "})
    assert no_reason.status_code == 422 and "原因" in no_reason.json()["detail"]
    assert step(client, admin, pk, "review", {"passed": False, "reason": "x" * 301}).status_code == 422
    back = step(client, admin, pk, "review", {"passed": False, "reason": "补充冯营街道数据"}).json()
    assert back["state"] == "draft" and back["return_reason"] == "补充冯营街道数据"
    step(client, admin, pk, "submit")
    assert step(client, admin, pk, "review", {"passed": True}).json()["state"] == "reviewed"
    # only the issuer's 签发人 signs; the number is given then
    not_signer = step(client, admin, pk, "sign")
    assert not_signer.status_code == 403 and "签发人" in not_signer.json()["detail"]
    signed = step(client, leader, pk, "sign").json()
    assert signed["state"] == "signed" and signed["number"].startswith("马项办〔") and signed["issued_on"]
    assert step(client, leader, pk, "issue").status_code == 403
    issued = step(client, admin, pk, "issue").json()
    assert issued["state"] == "issued" and issued["number"] == signed["number"]
    assert step(client, admin, pk, "issue").status_code == 409
    # once 印发 the street reads it, and still cannot take a step on it
    assert client.get(f"/api/supervision/bulletins/{pk}", **street).status_code == 200
    assert step(client, street, pk, "sign").status_code == 409
    assert step(client, admin, 10**9, "submit").status_code == 404


def test_the_city_draft_is_not_found_by_a_district(world, issuers, client, token_for):
    drafted = client.post(
        "/api/supervision/bulletins",
        {"kind": "weekly", "unit_id": world.units["city"].pk, "as_of": "2026-10-13"},
        content_type="application/json",
        **token_for("admin"),
    ).json()
    for name, body in [("submit", None), ("review", {"passed": True}), ("sign", None), ("issue", None)]:
        assert step(client, token_for("macun_admin"), drafted["id"], name, body).status_code == 404
    assert step(client, token_for("admin"), drafted["id"], "submit").status_code == 200
