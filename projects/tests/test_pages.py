import io

import pytest
from openpyxl import load_workbook

from core.context import acting_as
from core.models import AuditEntry
from core.testing import count_queries
from projects import actions
from projects.choices import ReportState
from projects.models import MonthlyReport, Project

PERIOD = {"year": 2026, "month": 6}


def approve(world, project, ytd, month=6):
    user, reviewer = world.users["fengying" if project.unit.name == "冯营街道" else "anyang"], world.users["admin"]
    with acting_as(user):
        r = actions.save_report(actor=user, project=project, year=2026, month=month, ytd_investment=ytd)
        actions.submit_report(actor=user, report=r)
    with acting_as(reviewer):
        actions.approve_report(actor=reviewer, report=r)
    return r


def test_the_ledger_shows_completion_against_the_schedule(world, projects, client_for):
    approve(world, projects["fengying"], 12602 * 10**6)
    page = client_for(world.users["macun_admin"]).get("/projects/", PERIOD).content.decode()
    assert "生物医药产业园" in page and "茁成生态农庄二期" in page
    assert "65.22%" in page and "+15.22个百分点" in page
    assert "1,260,200.00" in page  # 1-6月累计 126.02 亿元, in 万元


def test_the_ledger_follows_data_scope(world, projects, client_for):
    client = client_for(world.users["fengying"])
    page = client.get("/projects/").content.decode()
    assert "生物医药产业园" in page and "茁成生态农庄二期" not in page
    assert client.get(f"/projects/{projects['anyang'].pk}/").status_code == 404
    assert client.get(f"/projects/{projects['anyang'].pk}/edit/").status_code == 404
    rows = list(load_workbook(io.BytesIO(client.get("/projects/", {"export": "xlsx"}).content)).active.values)
    assert [r[1] for r in rows[1:]] == ["生物医药产业园"]


def test_the_project_page_shows_plan_reports_and_history(world, projects, client_for):
    approve(world, projects["fengying"], 12602 * 10**6)
    page = client_for(world.users["fengying"]).get(f"/projects/{projects['fengying'].pk}/", PERIOD).content
    page = page.decode()
    assert "1,932,200.00" in page and "已审核" in page and "变更记录" in page and "plan-chart" in page


def test_the_entry_page_saves_drafts_and_submits(world, projects, client_for):
    client = client_for(world.users["fengying"])
    p = projects["fengying"].pk
    response = client.post(
        "/projects/reports/",
        {**PERIOD, f"{p}-monthly_investment": "2000", f"{p}-ytd_investment": "126,020", "save": ""},
    )
    assert response.status_code == 302
    report = MonthlyReport.objects.get()
    assert report.state == ReportState.DRAFT and report.ytd_investment == 1_260_200_000
    client.post("/projects/reports/", {**PERIOD, f"{p}-ytd_investment": "126020", "submit": ""})
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED and report.submitted_by == world.users["fengying"]


def test_a_bad_row_saves_nothing(world, projects, client_for):
    client = client_for(world.users["macun_admin"])
    good, bad = projects["fengying"].pk, projects["anyang"].pk
    response = client.post(
        "/projects/reports/", {**PERIOD, f"{good}-ytd_investment": "100", f"{bad}-ytd_investment": "一百", "save": ""}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "年初至报告期累计" in page and "不是金额" in page and 'value="一百"' in page
    assert not MonthlyReport.objects.exists()
    assert not AuditEntry.objects.filter(content_type__model="monthlyreport").exists()


def test_reviewers_approve_and_return_from_the_queue(world, projects, client_for):
    user = world.users["fengying"]
    with acting_as(user):
        r = actions.save_report(actor=user, project=projects["fengying"], year=2026, month=6, ytd_investment=1)
        actions.submit_report(actor=user, report=r)
    client = client_for(world.users["macun_admin"])
    assert "生物医药产业园" in client.get("/projects/reports/review/").content.decode()
    client.post(f"/projects/reports/{r.pk}/return/", {"reason": "累计数有误"})
    r.refresh_from_db()
    assert r.state == ReportState.RETURNED and r.return_reason == "累计数有误"
    assert client_for(world.users["fengying"]).get("/projects/reports/review/").status_code == 403


def test_missing_reports_lists_started_projects_without_a_report(world, projects, client_for):
    admin = world.users["admin"]
    from datetime import date

    with acting_as(admin):
        actions.record_stage(actor=admin, project=projects["fengying"], stage="started", on=date(2026, 3, 1))
        actions.record_stage(actor=admin, project=projects["anyang"], stage="started", on=date(2026, 3, 1))
    approve(world, projects["anyang"], 1)
    page = client_for(world.users["macun_admin"]).get("/projects/reports/missing/", PERIOD).content.decode()
    assert "生物医药产业园" in page and "茁成生态农庄二期" not in page


@pytest.mark.parametrize(
    "url",
    [
        "/projects/",
        "/projects/?export=xlsx",
        "/projects/reports/",
        "/projects/reports/review/",
        "/projects/dashboard/",
        "/projects/dashboard/?by=programme",
        "/projects/reports/missing/",
        "/projects/?colour=red",
    ],
)
def test_project_pages_do_not_grow_queries_with_rows(world, projects, client_for, url):
    client = client_for(world.users["macun_admin"])
    admin = world.users["admin"]

    def grow(n, start):
        with acting_as(admin):
            for i in range(start, start + n):
                p = actions.create_project(
                    actor=admin, unit=world.units["anyang"], code=f"T-{i}", name=f"项目{i}", level="district",
                    category="industry", nature="new", total_investment=10**8,
                )  # fmt: skip
                actions.set_annual_plan(actor=admin, project=p, year=2026, planned_investment=10**7)
                approve(world, p, 10**6)

    grow(2, 0)
    small = count_queries(lambda: client.get(url, PERIOD))
    grow(10, 100)
    assert count_queries(lambda: client.get(url, PERIOD)) == small
    assert Project.objects.count() == 14


def test_the_demo_loads_projects_from_the_reports_with_sample_reports(db):
    from django.core.management import call_command

    call_command("demo", stdout=io.StringIO())
    park = Project.objects.get(code="MC-001")
    assert park.total_investment == 103 * 10**8 and park.level == "province"
    assert set(park.programmes.values_list("name", flat=True)) == {'省"双百"工程', '市"三十工程"'}
    assert Project.objects.get(name__contains="EOD").total_investment == 30 * 10**8
    reports = MonthlyReport.objects.filter(project=park)
    assert reports.exists() and all(r.is_sample and r.state == ReportState.APPROVED for r in reports)
    before = (Project.objects.count(), MonthlyReport.objects.count(), AuditEntry.objects.count())
    call_command("demo", stdout=io.StringIO())
    assert (Project.objects.count(), MonthlyReport.objects.count(), AuditEntry.objects.count()) == before


def test_rollups_by_unit_level_and_programme(world, projects, client_for):
    from projects import queries
    from projects.models import Programme

    admin = world.users["admin"]
    approve(world, projects["fengying"], 12602 * 10**6)
    with acting_as(admin):
        actions.set_annual_plan(actor=admin, project=projects["anyang"], year=2026, planned_investment=10**8)
        approve(world, projects["anyang"], 5 * 10**7)
        g = Programme.objects.create(name="市三十工程")
        actions.update_project(actor=admin, project=projects["fengying"], programmes=[g])
        actions.update_project(actor=admin, project=projects["anyang"], programmes=[g])
    user = world.users["macun_admin"]
    by_unit = {r.label: r for r in queries.rollup(user, year=2026, month=6, by="unit")}
    assert set(by_unit) == {"冯营街道", "安阳城街道"}
    assert str(by_unit["安阳城街道"].completion) == "50"
    assert by_unit["安阳城街道"].gap == 0  # 50 % after six months: exactly on schedule
    total = queries.rollup_total(user, year=2026, month=6)
    assert total.count == 2 and total.plan == 19322 * 10**6 + 10**8 and total.ytd == 12602 * 10**6 + 5 * 10**7
    programme = queries.rollup(user, year=2026, month=6, by="programme")
    assert [(r.label, r.count) for r in programme] == [("市三十工程", 2)]
    scale = {r.label: r.count for r in queries.rollup(user, year=2026, month=6, by="scale")}
    assert scale == {"10亿元以上": 1, "1亿元至5亿元": 1}
    page = client_for(user).get("/projects/dashboard/", {**PERIOD, "by": "level"}).content.decode()
    assert "省重点" in page and "区重点" in page and "合计" in page and "落后序时进度的项目" in page


def test_plans_and_problems_are_kept_from_the_project_page(world, projects, client_for):
    client = client_for(world.users["fengying"])
    p = projects["fengying"]
    client.post(f"/projects/{p.pk}/plan/", {"year": 2027, "planned_investment": "250000", "planned_to_start": "on"})
    plan = p.plans.get(year=2027)
    assert plan.planned_investment == 25 * 10**8 and plan.planned_to_start
    client.post(
        f"/projects/{p.pk}/problems/",
        {"description": "用地指标未落实", "responsible_unit": world.units["macun"].pk, "deadline": "2026-12-31"},
    )
    problem = p.problems.get()
    assert problem.responsible_unit == world.units["macun"] and problem.status == "open"
    client.post(f"/projects/problems/{problem.pk}/resolve/", {"resolution": "已协调解决"})
    problem.refresh_from_db()
    assert problem.status == "resolved" and problem.resolution == "已协调解决"
    page = client.get(f"/projects/{p.pk}/").content.decode()
    assert "用地指标未落实" in page and "已协调解决" in page
    # Another town's user can do none of it.
    other = client_for(world.users["anyang"])
    assert other.post(f"/projects/{p.pk}/plan/", {"year": 2028, "planned_investment": "1"}).status_code == 404
    assert other.post(f"/projects/problems/{problem.pk}/resolve/", {"resolution": "x"}).status_code == 404


def make_image(kind="PNG", size=(800, 600)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 80, 40)).save(buffer, kind)
    return buffer.getvalue()


def test_photos_are_images_with_thumbnails(world, projects, client_for, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    client = client_for(world.users["fengying"])
    p = projects["fengying"]
    upload = SimpleUploadedFile("工地.png", make_image(), content_type="image/png")
    client.post(f"/projects/{p.pk}/photos/", {"image": upload, "caption": "主体封顶", "taken_on": "2026-06-30"})
    photo = p.photos.get()
    from PIL import Image

    with Image.open(photo.thumbnail.path) as thumb:
        assert thumb.size == (320, 240)
    assert client.get(f"/projects/photos/{photo.pk}/full/").status_code == 200
    assert client.get(f"/projects/photos/{photo.pk}/thumb/")["Content-Type"] == "image/jpeg"
    assert client_for(world.users["anyang"]).get(f"/projects/photos/{photo.pk}/full/").status_code == 404
    client = client_for(world.users["fengying"])
    fake = SimpleUploadedFile("x.png", b"not an image", content_type="image/png")
    response = client.post(f"/projects/{p.pk}/photos/", {"image": fake}, follow=True)
    assert "不是可识别的图片" in response.content.decode()
    gif = SimpleUploadedFile("x.gif", make_image("GIF"), content_type="image/gif")
    response = client.post(f"/projects/{p.pk}/photos/", {"image": gif}, follow=True)
    assert "只接受" in response.content.decode()
    assert p.photos.count() == 1
    client.post("/logout/")
    assert client.get(f"/projects/photos/{photo.pk}/full/").status_code == 302


def test_the_report_deadline_counts_working_days(world, client_for):
    from datetime import date

    from core.models import HolidayYear, WorkdayOverride
    from projects.queries import report_deadline

    # September 2026's reports: the 5th working day of October, after the National Day break.
    assert report_deadline(2026, 9).date == date(2026, 10, 13) and not report_deadline(2026, 9).fallback
    assert report_deadline(2031, 1).fallback  # no calendar for 2031 yet: Monday–Friday, flagged
    WorkdayOverride.objects.create(date=date(2031, 2, 3), is_workday=False, note="春节")
    assert report_deadline(2031, 1).fallback  # a date entered, the notice not yet published
    HolidayYear.objects.create(year=2031, published=True)
    assert not report_deadline(2031, 1).fallback
    page = client_for(world.users["fengying"]).get("/projects/reports/", {"year": 2026, "month": 9}).content
    assert "报送截止：2026年10月13日" in page.decode()


def test_warnings_colour_the_ledger_and_the_dashboard(world, projects, client_for):
    from datetime import date

    admin = world.users["admin"]
    with acting_as(admin):
        actions.update_project(actor=admin, project=projects["anyang"], planned_start=date(2026, 1, 15))
    approve(world, projects["fengying"], 12602 * 10**6)
    client = client_for(world.users["macun_admin"])
    red = client.get("/projects/", {**PERIOD, "colour": "red"}).content.decode()
    assert "茁成生态农庄二期" in red and "生物医药产业园" not in red
    green = client.get("/projects/", {**PERIOD, "colour": "green"}).content.decode()
    assert "生物医药产业园" in green and "茁成生态农庄二期" not in green
    page = client.get("/projects/dashboard/", PERIOD).content.decode()
    assert "计划 2026年01月 开工，已逾期 5 个月仍未开工" in page and "红 1" in page and "绿 1" in page


def test_administrators_edit_thresholds_and_bands(world, projects, client_for):
    from projects.models import ScaleBand, WarningSettings

    client = client_for(world.users["admin"])
    data = {"schedule_yellow_pp": "5", "schedule_red_pp": "20", "start_red_months": "2", "report_yellow_months": "1",
            "report_red_months": "2", "report_deadline_workdays": "3"}  # fmt: skip
    assert client.post("/projects/settings/", data).status_code == 302
    assert WarningSettings.current().schedule_yellow_pp == 5
    bad = client.post("/projects/settings/", {**data, "schedule_red_pp": "4"})
    assert bad.status_code == 400 and "不能小于" in bad.content.decode()
    assert client.post("/projects/settings/", {"bands": "0 小型\n3 中型\n20 大型"}).status_code == 302
    assert list(ScaleBand.objects.values_list("lower_bound", "label")) == [(0, "小型"), (3 * 10**8, "中型"),
                                                                           (20 * 10**8, "大型")]  # fmt: skip
    assert client.post("/projects/settings/", {"bands": "1 无零档"}).status_code == 400
    assert AuditEntry.objects.filter(verb="规模档次").count() == 1
    assert client_for(world.users["macun_admin"]).get("/projects/settings/").status_code == 403


def test_reviewers_see_inconsistent_figures_flagged(world, projects, client_for):
    user = world.users["fengying"]
    p = projects["fengying"]
    with acting_as(user):
        actions.save_report(actor=user, project=p, year=2026, month=5, monthly_investment=100 * 10**4,
                            ytd_investment=500 * 10**4)  # fmt: skip
        r = actions.save_report(actor=user, project=p, year=2026, month=6, ytd_investment=400 * 10**4)
        actions.submit_report(actor=user, report=r)
    page = client_for(world.users["macun_admin"]).get("/projects/reports/review/").content.decode()
    assert "6月：年初至今累计 400万元，低于5月的 500万元" in page
    r.refresh_from_db()
    assert r.ytd_investment == 400 * 10**4  # shown, never corrected


def test_rollup_tables_export_with_the_dashboard_headers(world, projects, client_for):
    approve(world, projects["fengying"], 12602 * 10**6)
    content = client_for(world.users["macun_admin"]).get("/projects/dashboard/", {**PERIOD, "by": "level",
                                                                                 "export": "xlsx"}).content  # fmt: skip
    rows = list(load_workbook(io.BytesIO(content)).active.values)
    assert rows[0][:2] == ("项目级别", "项目数") and rows[-1][0] == "合计"
    province = next(r for r in rows if r[0] == "省重点")
    assert province[5] == 65.22 and province[7] == 15.22  # 完成率 % and 个百分点 as numbers
    sheet = load_workbook(io.BytesIO(content)).active
    gap = next(row[7] for row in sheet.iter_rows(min_row=2) if row[0].value == "省重点")
    assert gap.number_format == '"+"0.00;"\u2212"0.00;0.00'  # shown signed, kept a number


def test_the_ledger_sorts_by_column(world, projects, client_for):
    client = client_for(world.users["macun_admin"])
    page = client.get("/projects/", {**PERIOD, "sort": "-total"}).content.decode()
    assert page.index("生物医药产业园") < page.index("茁成生态农庄二期")
    page = client.get("/projects/", {**PERIOD, "sort": "total"}).content.decode()
    assert page.index("茁成生态农庄二期") < page.index("生物医药产业园")
    assert client.get("/projects/", {"sort": "password"}).status_code == 200  # unknown keys are ignored


def test_same_year_signed_started_completed(world, projects, client_for):
    from datetime import date

    from projects import queries

    admin = world.users["admin"]
    with acting_as(admin):
        for stage, on in (
            ("signed", date(2026, 1, 5)),
            ("started", date(2026, 3, 1)),
            ("completed", date(2026, 11, 1)),
        ):
            actions.record_stage(actor=admin, project=projects["anyang"], stage=stage, on=on)
        actions.record_stage(actor=admin, project=projects["fengying"], stage="signed", on=date(2025, 12, 1))
        actions.record_stage(actor=admin, project=projects["fengying"], stage="started", on=date(2026, 2, 1))
    user = world.users["macun_admin"]
    assert [p.code for p in queries.signed_started_completed_in(user, 2026)] == ["MC-2026-002"]
    page = client_for(user).get("/projects/dashboard/", PERIOD).content.decode()
    assert "当年签约当年开工当年竣工：1 个" in page


def test_funding_sources_are_replaced_from_the_project_page(world, projects, client_for):
    client = client_for(world.users["anyang"])
    p = projects["anyang"]
    data = {
        "kind": ["special_bond", "self", "loan"],
        "amount": ["10,000", "5000", ""],
        "note": ["2026年专项债", "", ""],
    }
    client.post(f"/projects/{p.pk}/funding/", data)
    assert sorted(p.funding.values_list("kind", "amount")) == [("self", 5 * 10**7), ("special_bond", 10**8)]
    response = client.post(f"/projects/{p.pk}/funding/", {"kind": ["loan"], "amount": ["30000"], "note": [""]},
                           follow=True)  # fmt: skip
    assert "超过总投资" in response.content.decode() and p.funding.count() == 2
    assert "2026年专项债" in client.get(f"/projects/{p.pk}/").content.decode()


def test_a_bad_period_is_a_message_not_an_error(world, projects, client_for):
    client = client_for(world.users["fengying"])
    response = client.post("/projects/reports/", {"year": "x", "month": "13"}, follow=True)
    assert response.status_code == 200 and "报告期不正确" in response.content.decode()
    assert client.get("/projects/", {"year": "abc", "month": "99"}).status_code == 200


def test_pages_keep_the_sort_order_of_a_figure(world, client_for, settings):
    settings.PAGE_SIZE = 3
    admin = world.users["admin"]
    with acting_as(admin):
        for i in range(7):
            p = actions.create_project(
                actor=admin, unit=world.units["anyang"], code=f"S-{i}", name=f"排序项目{i}", level="district",
                category="industry", nature="new", total_investment=10**8,
            )  # fmt: skip
            actions.set_annual_plan(actor=admin, project=p, year=2026, planned_investment=10**7)
            approve(world, p, (i * 37 % 7 + 1) * 10**5)  # YTDs in a scrambled order
    client = client_for(admin)
    seen = []
    for number in (1, 2, 3):
        page = client.get("/projects/", {**PERIOD, "sort": "-ytd", "page": number}).content.decode()
        seen += sorted((page.index(f"排序项目{i}<"), i) for i in range(7) if f"排序项目{i}<" in page)
    ytd = {i: (i * 37 % 7 + 1) for i in range(7)}
    assert [i for _, i in seen] == sorted(range(7), key=lambda i: -ytd[i])


def test_a_stage_is_recorded_from_the_project_page(world, projects, client_for):
    project = projects["fengying"]
    client = client_for(world.users["fengying"])
    response = client.post(f"/projects/{project.pk}/stage/", {"stage": "started", "date": "2026-03-18"})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.stage == "started" and project.actual_start.isoformat() == "2026-03-18"
    assert (
        client_for(world.users["anyang"])
        .post(f"/projects/{project.pk}/stage/", {"stage": "completed", "date": "2026-05-01"})
        .status_code
        == 404
    )


def test_it_shows_scale_bands_and_amounts_without_exponent_notation(world, projects, client_for):
    from projects.forms import MoneyField

    client = client_for(world.users["admin"])
    assert client.post("/projects/settings/", {"bands": "0 小型\n10 10亿元以上"}).status_code == 302
    page = client.get("/projects/settings/").content.decode()
    assert "10 10亿元以上" in page and "E+" not in page
    assert MoneyField(unit="亿元").prepare_value(10 * 10**8) == "10"


def test_the_change_log_reads_as_users_write(world, projects, client_for):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from core import audit_display
    from core.models import AuditEntry

    admin, project = world.users["admin"], projects["fengying"]
    with acting_as(admin):
        actions.update_project(actor=admin, project=project, level="district", unit=world.units["anyang"],
                               total_investment=2_000_000_000)  # fmt: skip
    approve(world, projects["anyang"], 300 * 10**4)
    client = client_for(admin)
    page = client.get(project.get_absolute_url()).content.decode()
    history = page[page.index('<h2 class="h6">变更记录') :]
    assert "区重点" in history and "安阳城街道" in history and "20亿元" in history
    assert "district" not in history and "2000000000" not in history
    log = client.get("/system/audit/", {"q": ""}).content.decode()
    assert "<del>已报送</del> → 已审核" in log and "submitted" not in log
    assert "路径" not in log and "{" not in log.split("<tbody>")[1].split("</tbody>")[0]
    # Times stored in UTC are shown in Asia/Shanghai.
    stamp = datetime(2026, 3, 1, 2, 0, tzinfo=ZoneInfo("UTC")).isoformat()
    assert audit_display._local(stamp) == "2026-03-01 10:00"
    with acting_as(admin):
        actions.set_scale_bands(actor=admin, bands=[(0, "小型"), (10 * 10**8, "大型")])
    bands = AuditEntry.objects.filter(verb="规模档次").get().labelled_changes()
    assert "10亿元" in str(bands) and "lower_bound" not in str(bands) and "{" not in str(bands)
    # The home feed names objects by their labels too.
    from cases.models import Household
    from org.models import Unit

    assert str(Household(grid=Unit(name="和谐社区第一微网格"), category="alone")) == "和谐社区第一微网格 · 独居老人"
