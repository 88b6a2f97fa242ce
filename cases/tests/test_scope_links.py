"""The unit a case is dispatched to handles it; a 首席服务官 follows the cases of their enterprise."""

import io
from datetime import date

import time_machine
from openpyxl import load_workbook

from cases import actions
from core.context import acting_as


def _case(world, types, enterprise_key, title):
    user = world.users["admin"]
    with acting_as(user):
        return actions.submit_case(actor=user, case_type=types["enterprise"], title=title, content="需协调",
                                   enterprise=world.enterprises[enterprise_key])  # fmt: skip


def _exported(client) -> set[str]:
    content = client.get("/cases/", {"export": "xlsx"}).content
    return {str(cell) for row in load_workbook(io.BytesIO(content)).active.values for cell in row}


@time_machine.travel(date(2026, 9, 28))
def test_it_lets_the_handler_unit_see_and_handle_only_what_was_dispatched_to_it(world, types, client_for, token_for):
    sent = _case(world, types, "fengying", "厂区道路破损")
    kept = _case(world, types, "fengying", "用电增容")
    admin = world.users["macun_admin"]
    with acting_as(admin):
        actions.dispatch(actor=admin, case=sent, handler_unit=world.units["anyang"])
    client, headers = client_for(world.users["anyang"]), token_for("anyang")
    assert client.get(f"/cases/{sent.pk}/").status_code == 200
    assert client.get(f"/api/cases/{sent.pk}", **headers).status_code == 200
    assert "厂区道路破损" in _exported(client) and "用电增容" not in _exported(client)
    assert client.get(f"/cases/{kept.pk}/").status_code == 404
    assert client.get(f"/api/cases/{kept.pk}", **headers).status_code == 404
    signed = client.post(f"/api/cases/{sent.pk}/sign", {}, content_type="application/json", **headers)
    assert signed.json()["state"] == "handling"
    # The handler handles; dispatching and closing stay with the unit the case came from.
    close = client.post(f"/api/cases/{sent.pk}/close", {}, content_type="application/json", **headers)
    assert close.status_code in (403, 409)


@time_machine.travel(date(2026, 9, 28))
def test_it_lets_a_chief_service_officer_follow_only_their_enterprises_cases(world, types, client_for, token_for):
    # 赵专员 (account `officer`, in 发改委) serves 安阳城企业, not 冯营企业.
    theirs = _case(world, types, "anyang", "融资需求")
    other = _case(world, types, "fengying", "招工需求")
    client, headers = client_for(world.users["officer"]), token_for("officer")
    assert client.get(f"/cases/{theirs.pk}/").status_code == 200
    assert client.get(f"/api/cases/{theirs.pk}", **headers).status_code == 200
    assert client.get(f"/cases/{other.pk}/").status_code == 404
    assert client.get(f"/api/cases/{other.pk}", **headers).status_code == 404
    titles = {c["title"] for c in client.get("/api/cases", **headers).json()["items"]}
    assert titles == {"融资需求"}
    assert "融资需求" in _exported(client) and "招工需求" not in _exported(client)
    dispatch = client.post(f"/api/cases/{theirs.pk}/dispatch", {"handler_unit_id": world.units["fgw"].pk},
                           content_type="application/json", **headers)  # fmt: skip
    assert dispatch.status_code == 403  # following is reading
