"""The dashboard's stored unit figures equal the live computation after each kind of change, and the
dashboard reads them at a cost that does not depend on the number of projects."""

from datetime import date

import pytest

from core.context import acting_as
from core.testing import count_queries, xlsx
from projects import actions, imports, queries
from projects.models import LinkedUnit, Project, UnitFigures, WarningState
from projects.testing import add_projects

WAN = 10_000
YI = 100_000_000
HEADERS = ["项目代码", "项目名称", "项目级别", "工程/专项", "行业类别", "建设性质", "所属单位", "总投资(亿元)",
           "计划年度", "年度计划投资（万元）", "计划开工"]  # fmt: skip


@pytest.fixture
def period():
    return queries.current_period()


@pytest.fixture
def built(world, projects):
    """The nightly run has built the period's figures."""
    actions.refresh_warnings()
    return projects


def _laggards(found):
    return [(p.pk, p.completion, p.gap) for p in found]


def assert_stored_equals_live(*users):
    """For each user: the stored roll-up by unit, total, trend, colour counts and laggards are what
    the live queries over the projects give (and the counts what projects.calc gives)."""
    year, month = queries.current_period()
    for user in users:
        stored = queries.stored_scope(user, year=year, month=month)
        assert stored is not None, user.username
        assert queries.stored_rollup_by_unit(stored, year=year, month=month) == queries.rollup(
            user, year=year, month=month, by="unit"
        ), user.username
        assert queries.stored_total(stored, year=year, month=month) == queries.rollup_total(
            user, year=year, month=month
        ), user.username
        assert queries.stored_trend(stored, year=year, through=month) == queries.monthly_trend(
            user, year=year, through=month
        ), user.username
        computed = queries.colour_counts(queries.colours(user, year=year, month=month))
        assert queries.stored_counts(stored, year=year, month=month) == computed, user.username
        assert _laggards(queries.stored_laggards(stored, year=year, month=month)) == _laggards(
            queries.laggards(user, year=year, month=month)
        ), user.username
    # Every unit's rows are those of the period; a unit without projects has none.
    owners = set(Project.objects.values_list("unit_id", flat=True))
    assert set(UnitFigures.objects.values_list("unit_id", flat=True)) == owners
    assert set(UnitFigures.objects.values_list("year", "month").distinct()) == {(year, m) for m in range(1, month + 1)}


def test_it_keeps_the_stored_figures_through_every_kind_of_change(world, built, period):
    admin, reviewer = world.users["admin"], world.users["macun_admin"]
    unit_user = world.users["fengying"]
    everyone = (admin, reviewer, unit_user)
    year, month = period
    fengying, anyang = built["fengying"], built["anyang"]
    assert_stored_equals_live(*everyone)  # the nightly build

    with acting_as(admin):  # plans changed
        actions.set_annual_plan(actor=admin, project=anyang, year=year, planned_investment=10 * YI,
                                planned_to_start=True)  # fmt: skip
        actions.set_annual_plan(actor=admin, project=fengying, year=year, planned_investment=40 * YI)
    assert_stored_equals_live(*everyone)

    with acting_as(unit_user):  # reports approved: this month's and, for the trend, an earlier one
        months = sorted({max(1, month - 1), month})
        reports = []
        for m in months:
            r = actions.save_report(actor=unit_user, project=fengying, year=year, month=m,
                                    monthly_investment=10 * WAN, ytd_investment=m * 3 * YI)  # fmt: skip
            reports.append(actions.submit_report(actor=unit_user, report=r))
    with acting_as(reviewer):
        for r in reports:
            actions.approve_report(actor=reviewer, report=r)
    assert_stored_equals_live(*everyone)

    with acting_as(unit_user):  # a correction approved
        correction = actions.start_correction(actor=unit_user, report=reports[-1])
        correction = actions.save_report(actor=unit_user, project=fengying, year=year, month=month,
                                         ytd_investment=39 * YI)  # fmt: skip
        actions.submit_report(actor=unit_user, report=correction)
    with acting_as(reviewer):
        actions.approve_report(actor=reviewer, report=correction)
    assert_stored_equals_live(*everyone)

    with acting_as(admin):  # a project created (under a community of 冯营街道), then started
        new = actions.create_project(
            actor=admin, unit=world.units["hexie"], code="MC-2026-009", name="社区养老中心", level="district",
            category="social", nature="new", total_investment=3 * YI, planned_start=date(year - 1, 5, 1),
        )  # fmt: skip
        actions.set_annual_plan(actor=admin, project=new, year=year, planned_investment=2 * YI, planned_to_start=True)
    assert_stored_equals_live(*everyone)
    with acting_as(admin):
        actions.record_stage(actor=admin, project=new, stage="started", on=date(year, 1, 15))
    assert_stored_equals_live(*everyone)

    with acting_as(admin):  # the ledger edited: total investment and the start date
        actions.update_project(actor=admin, project=anyang, total_investment=5 * YI, actual_start=date(year, 2, 1))
    assert_stored_equals_live(*everyone)

    with acting_as(admin):  # moved to another unit: both units' figures follow
        actions.update_project(actor=admin, project=new, unit=world.units["houyue"])
    assert WarningState.objects.get(project=new).unit_id == world.units["houyue"].pk
    assert not UnitFigures.objects.filter(unit=world.units["hexie"]).exists()
    assert_stored_equals_live(*everyone)

    with acting_as(admin):  # thresholds edited: every project judged again
        actions.update_warning_settings(actor=admin, schedule_yellow_pp=1, schedule_red_pp=2, start_red_months=60)
    assert_stored_equals_live(*everyone)

    with acting_as(admin):  # deleted
        actions.delete_project(actor=admin, project=new)
    assert not UnitFigures.objects.filter(unit=world.units["houyue"]).exists()
    assert_stored_equals_live(*everyone)


def test_an_import_keeps_the_stored_figures(world, built, period):
    year, _month = period
    user = world.users["macun_admin"]
    rows = [
        ["MC-300", "新材料产业园", "区重点", "", "工业", "新建", "冯营街道", 12, year, 50000, f"{year - 1}-06-01"],
        ["MC-301", "乡村振兴示范片区", "区重点", "", "农林水", "新建", "后岳村", 3, year, 10000, None],
        # The fixture's 安阳城 project moved to 冯营街道 with a new plan.
        [built["anyang"].code, built["anyang"].name, "区重点", "", "农林水", "续建", "冯营街道", 2, year, 8000, None],
    ]
    with acting_as(user):
        preview = imports.dry_run(user, xlsx(HEADERS, *rows))
        assert preview.ok, [str(e) for e in preview.errors]
        done = imports.commit(user, xlsx(HEADERS, *rows))
    assert done.count("create") == 2 and done.count("update") == 1
    assert_stored_equals_live(world.users["admin"], user, world.users["fengying"])


def test_a_link_from_outside_the_units_falls_back_to_the_live_queries(world, built, period, client_for):
    admin, district = world.users["admin"], world.users["macun_admin"]
    year, month = period
    assert queries.stored_scope(district, year=year, month=month) is not None
    with acting_as(admin):  # owned by 示范区, 马村区发改委 its 责任单位: the district sees it
        outside = actions.create_project(
            actor=admin, unit=world.units["sfq"], code="SFQ-001", name="示范区物流园", level="city",
            category="industry", nature="new", total_investment=7 * YI, responsible_unit=world.units["fgw"],
        )  # fmt: skip
    assert LinkedUnit.objects.filter(unit=world.units["sfq"], linked=world.units["fgw"]).exists()
    assert queries.stored_scope(district, year=year, month=month) is None
    page = client_for(district).get("/projects/dashboard/", {"year": year, "month": month})
    assert page.context["total"].count == queries.visible_projects(district).count() == 3
    assert queries.stored_scope(admin, year=year, month=month) is not None  # the city owns every unit
    with acting_as(admin):
        actions.update_project(actor=admin, project=outside, responsible_unit=None)
    assert queries.stored_scope(district, year=year, month=month) is not None


def test_only_the_current_period_built_by_the_nightly_run_is_read(world, projects, period):
    district = world.users["macun_admin"]
    year, month = period
    assert queries.stored_scope(district, year=year, month=month) is None  # not built yet
    with acting_as(world.users["admin"]):  # an action does not start a period's figures
        actions.set_annual_plan(actor=world.users["admin"], project=projects["anyang"], year=year,
                                planned_investment=YI)  # fmt: skip
    assert not UnitFigures.objects.exists()
    actions.refresh_warnings()
    assert queries.stored_scope(district, year=year, month=month) is not None
    assert queries.stored_scope(district, year=year - 1, month=month) is None  # a past period
    later = date(year + 1, 3, 10)
    actions.refresh_warnings(today=later)  # the nightly run of a later period drops this one
    assert set(UnitFigures.objects.values_list("year", "month").distinct()) == {(year + 1, 1), (year + 1, 2)}
    assert queries.stored_scope(district, year=year, month=month) is None


def _add_projects(world, start: int, n: int, year: int) -> None:
    add_projects(world, start, n, year, units=("hexie", "anyang"), prefix="DASH", plan=lambda i: YI // (i + 2))


def test_the_dashboard_reads_the_stored_figures_at_a_cost_independent_of_the_projects(
    world, projects, period, client_for, monkeypatch
):
    year, month = period
    url = f"/projects/dashboard/?year={year}&month={month}"
    users = (world.users["admin"], world.users["macun_admin"], world.users["fengying"])

    def pages():
        found = {}
        for user in users:
            client = client_for(user)
            response = None

            def get(client=client):
                nonlocal response
                response = client.get(url)

            found[user.username] = (count_queries(get), response)
            assert response.status_code == 200
        return found

    _add_projects(world, 0, 3, year)
    actions.refresh_warnings()
    live = {name: getattr(queries, name) for name in ("rollup", "rollup_total", "monthly_trend", "laggards")}
    for name in live:  # the stored figures answer: no live query over the projects runs
        monkeypatch.setattr(queries, name, lambda *a, _name=name, **k: pytest.fail(f"{_name} ran"))
    few = pages()
    _add_projects(world, 3, 12, year)
    many = pages()
    assert {k: n for k, (n, _r) in many.items()} == {k: n for k, (n, _r) in few.items()}

    # The same page as the live queries draw it.
    stored_context = {k: r.context for k, (_n, r) in many.items()}
    for name, func in live.items():
        monkeypatch.setattr(queries, name, func)
    monkeypatch.setattr(queries, "stored_scope", lambda *a, **k: None)
    for user in users:
        expected = client_for(user).get(url).context
        got = stored_context[user.username]
        for key in ("rows", "total", "chart", "colour_counts", "warned_total"):
            assert got[key] == expected[key], (user.username, key)
        assert [p.pk for p in got["laggards"]] == [p.pk for p in expected["laggards"]]
        assert [p.pk for p in got["warned"]] == [p.pk for p in expected["warned"]]
