"""The ledger's Excel round trip: template, dry run, all-or-nothing commit, export → import."""

import io

import pytest
from openpyxl import load_workbook

from core.context import acting_as
from core.models import AuditEntry
from core.testing import count_queries, xlsx
from projects import actions, imports
from projects.models import AnnualPlan, Programme, Project

HEADERS = ["项目代码", "项目名称", "项目级别", "工程/专项", "行业类别", "建设性质", "所属单位", "总投资(亿元)",
           "计划年度", "年度计划投资（万元）", "计划开工"]  # fmt: skip


def book(*rows, headers=HEADERS) -> bytes:
    return xlsx(headers, *rows)


def refused(user, rows) -> list[str]:
    """What the dry run finds wrong with `rows`; the commit of the same file is refused whole."""
    preview = imports.dry_run(user, book(*rows))
    with pytest.raises(imports.ImportFailed):
        imports.commit(user, book(*rows))
    return [str(e) for e in preview.errors]


GOOD = [
    [
        "MC-100",
        "云台·天河EOD项目",
        "市重点",
        "市三十工程",
        "基础设施",
        "新建",
        "冯营街道",
        30,
        2026,
        60000,
        "2026-03-01",
    ],
    ["MC-101", "健康元研究院", "区重点", "", "工业", "新建", "安阳城街道", "8", 2026, "16,000", None],
]


def test_it_creates_projects_with_units_converted(world):
    Programme.objects.create(name="市三十工程")
    user = world.users["macun_admin"]
    with acting_as(user):
        done = imports.commit(user, book(*GOOD))
    assert done.count("create") == 2
    eod = Project.objects.get(code="MC-100")
    assert eod.total_investment == 30 * 10**8 and eod.unit == world.units["fengying"] and eod.level == "city"
    assert [p.name for p in eod.programmes.all()] == ["市三十工程"]
    assert AnnualPlan.objects.get(project=eod, year=2026).planned_investment == 6 * 10**8
    assert AuditEntry.objects.filter(content_type__model="project", action="create").count() == 2


def test_re_importing_updates_by_code_without_duplicates(world):
    Programme.objects.create(name="市三十工程")
    user = world.users["macun_admin"]
    imports.commit(user, book(*GOOD))
    changed = [[*GOOD[0][:7], 35, *GOOD[0][8:]], GOOD[1]]
    preview = imports.dry_run(user, book(*changed))
    assert [(p.code, p.action) for p in preview.plans] == [("MC-100", "update"), ("MC-101", "unchanged")]
    imports.commit(user, book(*changed))
    assert Project.objects.count() == 2
    eod = Project.objects.get(code="MC-100")
    assert eod.total_investment == 35 * 10**8
    entry = AuditEntry.objects.filter(object_id=str(eod.pk), action="update").get()
    assert entry.before["total_investment"] == 30 * 10**8 and entry.after["total_investment"] == 35 * 10**8


def test_the_bulk_write_leaves_the_history_the_actions_leave(world):
    thirty = Programme.objects.create(name="市三十工程")
    double = Programme.objects.create(name="省双百工程")
    user = world.users["macun_admin"]
    imports.commit(user, book(*GOOD))
    eod = Project.objects.get(code="MC-100")
    created = AuditEntry.objects.get(object_id=str(eod.pk), content_type__model="project", action="create")
    assert created.after["programmes"] == [thirty.pk] and created.actor == user
    assert created.scope_path == world.units["fengying"].path
    plan = AnnualPlan.objects.get(project=eod, year=2026)
    assert AuditEntry.objects.get(object_id=str(plan.pk), content_type__model="annualplan").action == "create"
    changed = [[*GOOD[0][:3], "市三十工程、省双百工程", *GOOD[0][4:9], 70000, GOOD[0][10]]]
    imports.commit(user, book(*changed))
    assert sorted(eod.programmes.values_list("pk", flat=True)) == sorted([thirty.pk, double.pk])
    update = AuditEntry.objects.get(object_id=str(eod.pk), content_type__model="project", action="update")
    assert update.before["programmes"] == [thirty.pk]
    assert update.after["programmes"] == sorted([thirty.pk, double.pk])
    plan_update = AuditEntry.objects.get(object_id=str(plan.pk), content_type__model="annualplan", action="update")
    assert (plan_update.before["planned_investment"], plan_update.after["planned_investment"]) == (6 * 10**8, 7 * 10**8)


def test_the_commit_writes_in_batches_not_per_row(world):
    user = world.users["macun_admin"]

    def rows(n, prefix):
        return [
            [f"{prefix}-{i}", f"项目{i}", "区重点", "", "工业", "新建", "冯营街道", 1, 2026, 100, None]
            for i in range(n)
        ]

    few = count_queries(lambda: imports.commit(user, book(*rows(2, "A"))))
    many = count_queries(lambda: imports.commit(user, book(*rows(40, "B"))))
    assert many <= few + 2  # batches, not queries per row


def test_a_read_only_user_cannot_import(world):
    user = world.users["readonly"]
    try:
        imports.commit(user, book([*GOOD[1][:6], "冯营街道", *GOOD[1][7:]]))
        raise AssertionError("commit should fail")
    except imports.ImportFailed as failed:
        assert "没有新增或修改项目的权限" in str(failed.preview.errors[-1])
    assert not Project.objects.exists()


def test_export_then_import_changes_nothing(world, client_for):
    Programme.objects.create(name="市三十工程")
    user = world.users["macun_admin"]
    imports.commit(user, book(*GOOD))
    exported = client_for(user).get("/projects/", {"export": "xlsx", "year": 2026, "month": 6}).content
    before = AuditEntry.objects.exclude(action__in=["export", "login"]).count()
    preview = imports.dry_run(user, exported)
    assert preview.ok, [str(e) for e in preview.errors]
    assert {p.action for p in preview.plans} == {"unchanged"}
    imports.commit(user, exported)
    assert AuditEntry.objects.exclude(action__in=["export", "login"]).count() == before


def test_a_dry_run_reports_every_bad_row_and_writes_nothing(world):
    user = world.users["fengying"]
    rows = [
        GOOD[0],  # 市三十工程 does not exist here
        ["MC-102", "越权项目", "区重点", "", "工业", "新建", "安阳城街道", 1, None, None, None],
        ["MC-100", "重复", "区重点", "", "工业", "新建", "冯营街道", 1, None, None, None],
        ["MC-103", "坏数", "国重点", "", "工业", "新建", "冯营街道", "一亿", 2026, 5, None],
    ]
    assert refused(user, rows) == [
        "第5行「项目级别」：“国重点”不是可选值（省重点、市重点、区重点）",
        "第5行「总投资(亿元)」：“一亿”不是数字",
        "第2行「工程/专项」：没有这些工程/专项：市三十工程",
        "第3行「所属单位」：“安阳城街道”不是您数据权限范围内的单位",
        "第4行「项目代码」：与第2行重复",
    ]
    assert not Project.objects.exists() and not AuditEntry.objects.filter(content_type__model="project").exists()


def test_a_code_used_outside_the_scope_is_refused(world):
    admin = world.users["admin"]
    imports.commit(
        admin, book(["MC-200", "安阳城项目", "区重点", "", "工业", "新建", "安阳城街道", 1, None, None, None])
    )
    preview = imports.dry_run(
        world.users["fengying"],
        book(["MC-200", "改名", "区重点", "", "工业", "新建", "冯营街道", 1, None, None, None]),
    )
    assert [str(e) for e in preview.errors] == ["第2行「项目代码」：该项目代码已被您数据权限范围外的项目使用"]


def test_the_page_checks_then_commits(world, client_for):
    client = client_for(world.users["macun_admin"])
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = book(GOOD[1])
    response = client.post("/projects/import/", {"file": SimpleUploadedFile("台账.xlsx", data)})
    page = response.content.decode()
    assert response.status_code == 200 and "检查通过：新增 1 个" in page and not Project.objects.exists()
    token = page.split('name="token" value="')[1].split('"')[0]
    response = client.post("/projects/import/", {"token": token})
    assert response.status_code == 302 and Project.objects.get().code == "MC-101"
    assert client.post("/projects/import/", {"token": token}).status_code == 302  # used once only
    assert Project.objects.count() == 1


def test_broken_files_get_a_message_on_the_page(world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(world.users["macun_admin"])
    response = client.post("/projects/import/", {"file": SimpleUploadedFile("x.xlsx", b"not a workbook")})
    assert response.status_code == 400 and "不是有效的 Excel" in response.content.decode()
    bad = book(["MC-1", "x", "区重点", "", "工业", "新建", "冯营街道", "abc", None, None, None])
    response = client.post("/projects/import/", {"file": SimpleUploadedFile("x.xlsx", bad)})
    assert response.status_code == 400 and "“abc”不是数字" in response.content.decode()


def test_the_template_has_the_import_headers(world, client_for):
    content = client_for(world.users["macun_admin"]).get("/projects/import/template/").content
    headers = [c.value for c in next(load_workbook(io.BytesIO(content)).active.iter_rows(max_row=1))]
    assert headers[:3] == ["项目代码", "项目名称", "项目级别"] and "总投资（万元）" in headers
    assert imports.dry_run(world.users["macun_admin"], content).ok


def test_monthly_reports_import_as_drafts_or_not_at_all(world, projects):
    from projects.models import MonthlyReport

    user = world.users["macun_admin"]
    headers = ["项目代码", "年度", "月份", "本月完成投资（万元）", "年初至报告期累计（万元）", "形象进度"]
    good = book(["MC-2026-001", 2026, 6, 2000, 126020, "主体封顶"], ["MC-2026-002", 2026, 6, 10, 50, ""],
                headers=headers)  # fmt: skip
    result = imports.import_reports(user, good, submit=True)
    assert result.ok
    r = MonthlyReport.objects.get(project=projects["fengying"])
    assert r.ytd_investment == 1_260_200_000 and r.state == "submitted" and r.progress == "主体封顶"
    # A locked report fails its row, and the whole file is rolled back.
    again = book(["MC-2026-002", 2026, 7, 1, 60, ""], ["MC-2026-001", 2026, 6, 1, 1, ""], headers=headers)
    result = imports.import_reports(user, again)
    assert [e.row for e in result.errors] == [3] and "不能修改" in result.errors[0].message
    assert not MonthlyReport.objects.filter(month=7).exists()
    other = imports.import_reports(world.users["fengying"], book(["MC-2026-002", 2026, 8, 1, 1, ""], headers=headers))
    assert str(other.errors[0]) == "第2行「项目代码」：“MC-2026-002”不是您数据权限范围内的项目"


def test_plan_years_outside_the_models_range_are_refused_by_the_import(world):
    user = world.users["macun_admin"]
    rows = [
        ["MC-300", "甲", "区重点", "", "工业", "新建", "冯营街道", 1, 2200, 100, None],
        ["MC-301", "乙", "区重点", "", "工业", "新建", "冯营街道", 1, 99999, 100, None],
        ["MC-302", "丙", "区重点", "", "工业", "新建", "冯营街道", "Infinity", 2026, "sNaN", None],
    ]
    assert refused(user, rows) == [
        "第2行「计划年度」：“2200”不能大于 2100",
        "第3行「计划年度」：“99999”不能大于 2100",
        "第4行「总投资(亿元)」：“Infinity”不是数字",
        "第4行「年度计划投资（万元）」：“sNaN”不是数字",
    ]
    assert not Project.objects.exists() and not AnnualPlan.objects.exists()


def test_the_bulk_action_refuses_a_bad_row_and_writes_nothing(world):
    import pytest

    from projects import actions
    from projects.ledger import LedgerInvalid, LedgerRow

    user = world.users["fengying"]
    unit = world.units["fengying"]
    good = {"name": "甲", "level": "district", "category": "industry", "nature": "new", "unit": unit,
            "total_investment": 100}  # fmt: skip
    rows = [
        LedgerRow(2, "MC-900", good, [], (2026, 50, False)),
        LedgerRow(3, "MC-901", {**good, "total_investment": -1}, []),
        LedgerRow(4, "MC-902", {**good, "unit": world.units["anyang"]}, []),
    ]
    with pytest.raises(LedgerInvalid) as raised:
        actions.import_ledger(actor=user, rows=rows)
    assert [str(p) for p in raised.value.problems] == [
        "第4行「所属单位」：“安阳城街道”不是您数据权限范围内的单位",
        "第3行「总投资」：确保该值大于或等于0。",
    ]
    assert not Project.objects.exists() and not AnnualPlan.objects.exists()
    assert not AuditEntry.objects.filter(content_type__model__in=["project", "annualplan"]).exists()


def test_the_bulk_action_audits_each_change_before_and_after(world):
    from projects import actions
    from projects.ledger import LedgerRow

    user = world.users["macun_admin"]
    values = {"name": "甲", "level": "district", "category": "industry", "nature": "new",
              "unit": world.units["fengying"], "total_investment": 100}  # fmt: skip
    actions.import_ledger(actor=user, rows=[LedgerRow(2, "MC-910", values, [], (2026, 50, False))])
    done = actions.import_ledger(
        actor=user, rows=[LedgerRow(2, "MC-910", {**values, "name": "乙"}, None, (2026, 60, True))]
    )
    project = Project.objects.get(code="MC-910")
    assert [r.action for r in done] == ["update"] and done[0].changes == {"name": "乙"}
    entry = AuditEntry.objects.get(object_id=str(project.pk), content_type__model="project", action="update")
    assert (entry.before["name"], entry.after["name"], entry.actor) == ("甲", "乙", user)
    plan = AnnualPlan.objects.get(project=project)
    change = AuditEntry.objects.get(object_id=str(plan.pk), content_type__model="annualplan", action="update")
    assert (change.before["planned_investment"], change.after["planned_to_start"]) == (50, True)


def test_the_report_import_page_checks_then_writes_or_lists_the_refused_rows(world, projects, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from projects.models import MonthlyReport

    client = client_for(world.users["macun_admin"])
    headers = ["项目代码", "年度", "月份", "本月完成投资（万元）", "年初至报告期累计（万元）"]
    bad = book(["MC-2026-001", 2026, 6, 1, 1], ["未知-1", 2026, 6, 1, 1], headers=headers)
    response = client.post("/projects/reports/import/", {"file": SimpleUploadedFile("r.xlsx", bad)})
    page = response.content.decode()
    assert response.status_code == 400
    assert "未写入任何数据" in page and "“未知-1”不是您数据权限范围内的项目" in page
    assert not MonthlyReport.objects.exists()
    good = book(["MC-2026-001", 2026, 6, 1, 1], headers=headers)
    response = client.post("/projects/reports/import/", {"file": SimpleUploadedFile("r.xlsx", good), "submit": "1"})
    assert response.status_code == 200 and response.context["preview"].count == 1
    assert not MonthlyReport.objects.exists()  # the check writes nothing
    confirm = {"token": response.context["token"], "submit": "1"}
    response = client.post("/projects/reports/import/", confirm)
    assert response.status_code == 302 and response.url == "/projects/reports/"
    assert MonthlyReport.objects.get().state == "submitted"
    assert client.get("/projects/reports/import/").status_code == 200  # the page with its mapping step
    response = client.post("/projects/reports/import/", {}, follow=True)
    assert "请选择要导入的 .xlsx 文件" in response.content.decode()


def test_the_ledger_import_page_is_for_users_who_may_write(world, client_for):
    client = client_for(world.users["readonly"])
    assert client.get("/projects/import/").status_code == 403
    client = client_for(world.users["macun_admin"])
    response = client.post("/projects/import/", {"token": "x" * 22}, follow=True)
    assert "待导入的文件已失效" in response.content.decode()


def test_the_ledger_carries_the_responsible_and_cooperating_units_both_ways(world, client_for):
    Programme.objects.create(name="市三十工程")
    user = world.users["macun_admin"]
    imports.commit(user, book(*GOOD))
    project = Project.objects.get(code="MC-100")
    fgw, anyang, sfq = world.units["fgw"], world.units["anyang"], world.units["sfq"]
    with acting_as(user):
        # 示范区 lies outside the administrator's scope; a project may still name it as 配合单位.
        actions.update_project(actor=user, project=project, responsible_unit=fgw, co_units=[anyang, sfq])
    exported = client_for(user).get("/projects/", {"export": "xlsx", "year": 2026, "month": 6}).content
    ws = load_workbook(io.BytesIO(exported)).active
    header_row = next(r for r in ws.iter_rows(values_only=True) if r and "项目代码" in r)
    col = {name: i for i, name in enumerate(header_row)}
    row = next(r for r in ws.iter_rows(values_only=True) if r and r[col["项目代码"]] == "MC-100")
    assert row[col["责任单位"]] == "发改委" and row[col["配合单位"]] == "安阳城街道、示范区"
    preview = imports.dry_run(user, exported)
    assert preview.ok, [str(e) for e in preview.errors]
    assert {p.action for p in preview.plans} == {"unchanged"}

    changed = book(
        ["MC-100", *GOOD[0][1:], "冯营街道", "发改委"],
        headers=[*HEADERS, "配合单位", "牵头单位"],
    )
    imports.commit(user, changed)
    project = Project.objects.get(code="MC-100")
    assert project.responsible_unit == fgw and list(project.co_units.all()) == [world.units["fengying"]]
    entry = AuditEntry.objects.filter(object_id=str(project.pk), action="update").latest("at")
    assert entry.before["co_units"] == sorted([anyang.pk, sfq.pk]) and entry.after["co_units"] == [
        world.units["fengying"].pk
    ]
    bad = imports.dry_run(user, book(["MC-100", *GOOD[0][1:], "不存在的局"], headers=[*HEADERS, "配合单位"]))
    assert not bad.ok and any("配合单位" in str(e) and "不存在的局" in str(e) for e in bad.errors)


def test_it_stores_the_colours_of_the_projects_an_import_creates_and_changes(world):
    """New projects' colours go in by the bulk insert, changed ones by the upsert: both as calc gives them."""
    from projects import queries
    from projects.models import WarningState

    Programme.objects.create(name="市三十工程")
    user = world.users["macun_admin"]
    year, month = queries.current_period()
    rows = [[*GOOD[0][:8], year, *GOOD[0][9:]], [*GOOD[1][:8], year, *GOOD[1][9:]]]
    with acting_as(user):
        imports.commit(user, book(*rows))

    def stored_equals_calculation():
        computed = queries.colours(None, year=year, month=month, queryset=Project.objects.all())
        stored = {s.project_id: (s.colour, tuple(s.reasons)) for s in WarningState.objects.all()}
        assert stored == {pk: (w.colour.value, w.reasons) for pk, w in computed.items()}
        return stored

    first = stored_equals_calculation()
    assert len(first) == 2
    # A planned start long past and a plan: the colour changes, the row is updated, not added.
    rows[1] = [*rows[1][:10], f"{year - 2}-01-01"]
    with acting_as(user):
        imports.commit(user, book(*rows))
    again = stored_equals_calculation()
    assert WarningState.objects.count() == 2 and again != first
