"""Pages: scope, masking, export, the inbox, metrics, case types, officers; query counts."""

import io
from datetime import date

import time_machine
from openpyxl import load_workbook

from cases import actions
from cases.models import Case, CaseType, CheckIn
from core.testing import count_queries


def _grid_case(world, types, **extra):
    grid = world.users["grid"]
    return actions.submit_case(actor=grid, case_type=types["errand"], title="代办低保年审", content="行动不便",
                               resident_name="张三丰", resident_phone="13812345678", address="和谐社区5号楼",
                               on=date(2026, 3, 2), **extra)  # fmt: skip


def _enterprise_case(world, types):
    return actions.submit_case(
        actor=world.users["enterprise"],
        case_type=types["enterprise"],
        title="用电增容",
        content="需增容",
        enterprise=world.enterprises["fengying"],
        on=date(2026, 3, 2),
    )


def test_lists_and_exports_mask_residents_and_the_chain_above_sees_them_in_full(world, types, client_for):
    case = _grid_case(world, types)
    actions.dispatch(actor=world.users["macun_admin"], case=case, handler_unit=world.units["fgw"], on=date(2026, 3, 2))
    street = client_for(world.users["fengying"])
    page = street.get("/cases/").content.decode()
    assert "张**" in page and "138****5678" in page and "张三丰" not in page
    detail = street.get(f"/cases/{case.pk}/").content.decode()
    assert "张三丰" in detail and "13812345678" in detail
    sheet = load_workbook(io.BytesIO(street.get("/cases/", {"export": "xlsx"}).content)).active
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert "张**" in values and "138****5678" in values and "张三丰" not in values
    # the department it was dispatched to handles it but sees the resident masked
    fgw_user = world.users["fengying"].__class__.objects.create_user(
        username="fgw", password="x-Password-1", role=world.users["fengying"].role, unit=world.units["fgw"]
    )
    department = client_for(fgw_user).get(f"/cases/{case.pk}/").content.decode()
    assert "张**" in department and "张三丰" not in department and "和谐社区5号楼" not in department


def test_another_units_and_another_enterprises_users_can_neither_read_nor_change(world, types, client_for):
    case = _enterprise_case(world, types)
    grid_case = _grid_case(world, types)
    for username in ("anyang", "other_enterprise", "other_grid"):
        client = client_for(world.users[username])
        assert "用电增容" not in client.get("/cases/").content.decode()
        assert client.get(f"/cases/{case.pk}/").status_code == 404
        assert client.post(f"/cases/{case.pk}/dispatch/", {"handler_unit": world.units["fgw"].pk}).status_code == 404
        assert client.get(f"/cases/{grid_case.pk}/").status_code == 404
    case.refresh_from_db()
    assert case.state == "accepted" and case.events.count() == 1
    mine = client_for(world.users["enterprise"])
    assert (
        "用电增容" in mine.get("/cases/").content.decode()
        and "代办低保年审" not in mine.get("/cases/").content.decode()
    )


def test_an_enterprise_user_submits_through_the_page_and_steps_run_from_the_case_page(world, types, client_for):
    client = client_for(world.users["enterprise"])
    form = client.get("/cases/add/").content.decode()
    assert "群众姓名" not in form

    def submit(enterprise):
        data = {"case_type": types["enterprise"].pk, "title": "融资对接", "content": "需要贷款"}
        return client.post("/cases/add/", {**data, "enterprise": world.enterprises[enterprise].pk})

    response = submit("anyang")
    assert response.status_code == 200 and not Case.objects.exists()  # another enterprise is not a choice
    response = submit("fengying")
    case = Case.objects.get()
    assert response.status_code == 302 and case.reporter == world.users["enterprise"]
    admin = client_for(world.users["macun_admin"])
    admin.post(f"/cases/{case.pk}/dispatch/", {"handler_unit": world.units["fengying"].pk, "note": "请冯营街道办理"})
    admin.post(f"/cases/{case.pk}/close/", {"note": "越级"})
    case.refresh_from_db()
    assert case.state == "dispatched"
    page = admin.get(f"/cases/{case.pk}/").content.decode()
    assert "请冯营街道办理" in page and "变更记录" in page


def test_the_inbox_shows_what_waits_and_what_is_late(world, types, client_for):
    case = _enterprise_case(world, types)
    actions.dispatch(
        actor=world.users["macun_admin"], case=case, handler_unit=world.units["fengying"], on=date(2026, 3, 2)
    )
    client = client_for(world.users["fengying"])
    with time_machine.travel(date(2026, 3, 5)):
        page = client.get("/cases/inbox/").content.decode()
    assert "待签收" in page and "用电增容" in page and "已超期" in page


def test_metrics_page_and_export(world, types, client_for):
    case = _enterprise_case(world, types)
    admin = world.users["macun_admin"]
    actions.dispatch(actor=admin, case=case, handler_unit=world.units["fengying"], on=date(2026, 3, 2))
    actions.sign(actor=admin, case=case, on=date(2026, 3, 3))
    client = client_for(admin)
    with time_machine.travel(date(2026, 3, 20)):
        page = client.get("/cases/metrics/", {"start": "2026-03-01", "end": "2026-03-31"}).content.decode()
        sheet = client.get("/cases/metrics/", {"start": "2026-03-01", "end": "2026-03-31", "export": "xlsx"})
    assert "冯营街道" in page and "0.00" in page  # open and overdue: on-time rate 0 %, not "no data"
    rows = list(load_workbook(io.BytesIO(sheet.content)).active.iter_rows(values_only=True))
    assert rows[1][1] == "冯营街道" and rows[1][4] == 0


def test_case_types_are_edited_by_the_platform_administrator_only(world, types, client_for):
    ct = types["enterprise"]
    assert client_for(world.users["macun_admin"]).get(f"/cases/types/{ct.pk}/").status_code == 403
    client = client_for(world.users["admin"])
    assert "企业诉求" in client.get("/cases/types/").content.decode()
    data = {"name": "企业诉求", "kind": "enterprise", "dispatch_days": 1, "sign_days": 2, "handle_days": 7,
            "reply_days": 2, "warn_within": 1, "escalate_after": 3, "max_extensions": 2, "max_extension_days": 10,
            "satisfaction_options": ["satisfied", "unsatisfied"], "is_active": "on"}  # fmt: skip
    assert client.post(f"/cases/types/{ct.pk}/", data).status_code == 302
    ct = CaseType.objects.get(pk=ct.pk)
    assert (ct.handle_days, ct.satisfaction_options, ct.basic_counts_satisfied) == (7, ["satisfied", "unsatisfied"],
                                                                                    False)  # fmt: skip


def test_officers_check_in_weekly_and_rates_are_ranked_by_unit(world, types, client_for):
    client = client_for(world.users["officer"])
    with time_machine.travel(date(2026, 3, 4)):
        assert "本周签到" in client.get("/cases/officers/").content.decode()
        assert client.post("/cases/officers/checkin/", {"note": "走访企业"}).status_code == 302
        client.post("/cases/officers/checkin/", {"note": "再签"})
        page = client_for(world.users["macun_admin"]).get("/cases/officers/").content.decode()
    assert CheckIn.objects.count() == 1 and CheckIn.objects.get().week == date(2026, 3, 2)
    assert "100.00%" in page and "0.00%" in page  # 发改委 1 of 1; 马村区 0 of 1


def test_a_read_only_leader_sees_no_check_in_button_and_cannot_post_one(world, types, client_for):
    client = client_for(world.users["leader"])  # 王主任 serves an enterprise, but the account reads only
    with time_machine.travel(date(2026, 3, 4)):
        page = client.get("/cases/officers/").content.decode()
        assert "本周签到" not in page and "/cases/officers/checkin/" not in page
        assert client.post("/cases/officers/checkin/", {"note": "走访企业"}).status_code == 403
    assert not CheckIn.objects.exists()


def test_the_officer_picker_lists_the_scope_and_the_units_above_only(world, types, client_for):
    from org.models import Person

    Person.objects.create(name="示范区干部", unit=world.units["sfq"])
    Person.objects.create(name="市里干部", unit=world.units["city"])
    page = client_for(world.users["fengying"]).get("/cases/officers/").content.decode()
    picker = page[page.index('name="person"') : page.index("</select>", page.index('name="person"'))]
    assert "张三" in picker  # 和谐社区, inside 冯营街道
    assert "王主任" in picker and "市里干部" in picker  # 马村区 and the city, above the street
    assert "李四" not in picker and "赵专员" not in picker  # 后岳村 under a sibling street; 发改委, a sibling
    assert "示范区干部" not in picker  # another district


def test_list_query_count_does_not_grow_with_rows(world, types, client_for):
    client = client_for(world.users["macun_admin"])
    _grid_case(world, types)
    few = count_queries(lambda: client.get("/cases/"))
    inbox_few = count_queries(lambda: client.get("/cases/inbox/"))
    for _i in range(5):
        _enterprise_case(world, types)
    assert count_queries(lambda: client.get("/cases/")) == few
    inbox = count_queries(lambda: client.get("/cases/inbox/"))
    assert inbox == inbox_few  # one query a section, whatever the number of cases
    # the sections (their ids, then the rows of each one that has any), the frame, the unread-message count
    assert inbox <= 29


def test_no_cases_page_export_or_api_answer_may_be_stored(world, types, client_for, token_for):
    from cases.models import Household

    case = _grid_case(world, types)
    household = Household.objects.create(grid=world.units["grid"], name="李奶奶", address="5号楼", category="elderly",
                                         phone="13800002222")  # fmt: skip
    client = client_for(world.users["macun_admin"])
    person = world.people["fengying"].pk
    pages = ["/cases/", "/cases/?export=xlsx", "/cases/add/", "/cases/inbox/", "/cases/metrics/",
             f"/cases/{case.pk}/", "/cases/officers/", "/cases/households/", f"/cases/households/{household.pk}/",
             "/org/people/", "/org/people/?export=xlsx", f"/org/people/{person}/"]  # fmt: skip
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url
    headers = token_for("macun_admin")
    answers = ["/api/cases/cases", "/api/cases/inbox", "/api/cases/metrics?start=2026-03-01&end=2026-03-31",
               f"/api/cases/cases/{case.pk}", f"/api/cases/cases/{case.pk}/events", "/api/cases/types",
               "/api/cases/officers", "/api/cases/households", "/api/cases/checkin-rates?week=2026-03-04",
               "/api/org/people"]  # fmt: skip
    for url in answers:
        response = client.get(url, **headers)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url
