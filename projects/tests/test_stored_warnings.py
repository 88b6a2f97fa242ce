"""The stored warning of every project equals the pure calculation after each kind of change."""

from datetime import date

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.context import acting_as
from projects import actions, calc, queries
from projects.models import Project, WarningState

WAN = 10_000
YI = 100_000_000


def assert_stored_equals_calculation(user, today: date | None = None):
    """Every project's stored colour, reasons and period are what projects.calc gives now."""
    year, month = queries.current_period(today)
    computed = queries.colours(user, year=year, month=month, queryset=Project.objects.all())
    stored = {s.project_id: s for s in WarningState.objects.all()}
    assert set(stored) == set(Project.objects.values_list("pk", flat=True))
    for pk, warning in computed.items():
        s = stored[pk]
        assert (s.colour, tuple(s.reasons), s.as_of) == (
            warning.colour.value, warning.reasons, queries.period_end(year, month),
        ), Project.objects.get(pk=pk).code  # fmt: skip
    return computed


@pytest.fixture
def period():
    return queries.current_period()


def test_it_keeps_the_stored_colour_through_every_kind_of_change(world, projects, period):
    admin, unit_user, reviewer = world.users["admin"], world.users["fengying"], world.users["macun_admin"]
    year, month = period
    fengying, anyang = projects["fengying"], projects["anyang"]
    assert_stored_equals_calculation(admin)  # created

    with acting_as(admin):  # a plan: behind 序时进度 with nothing reported
        actions.set_annual_plan(actor=admin, project=anyang, year=year, planned_investment=10 * YI)
    found = assert_stored_equals_calculation(admin)
    assert month < 2 or found[anyang.pk].colour != calc.Colour.GREEN

    with acting_as(admin):  # a stage moved: started long ago, no report yet
        actions.record_stage(actor=admin, project=anyang, stage="started", on=date(year - 1, 1, 10))
    assert_stored_equals_calculation(admin)

    with acting_as(unit_user):  # a report submitted, then approved, then corrected
        report = actions.save_report(actor=unit_user, project=fengying, year=year, month=month,
                                     monthly_investment=10 * WAN, ytd_investment=100 * WAN)  # fmt: skip
        actions.submit_report(actor=unit_user, report=report)
    assert_stored_equals_calculation(admin)
    with acting_as(reviewer):
        actions.approve_report(actor=reviewer, report=report)
    assert_stored_equals_calculation(admin)
    with acting_as(unit_user):
        correction = actions.start_correction(actor=unit_user, report=report)
        correction = actions.save_report(actor=unit_user, project=fengying, year=year, month=month,
                                         monthly_investment=10 * WAN, ytd_investment=19000 * WAN * 10)  # fmt: skip
        actions.submit_report(actor=unit_user, report=correction)
    with acting_as(reviewer):
        actions.approve_report(actor=reviewer, report=correction)
    assert_stored_equals_calculation(admin)

    with acting_as(unit_user):  # a report returned: no longer counts as reported
        other = actions.save_report(actor=world.users["anyang"], project=anyang, year=year, month=month,
                                    ytd_investment=1 * WAN)  # fmt: skip
    with acting_as(world.users["anyang"]):
        actions.submit_report(actor=world.users["anyang"], report=other)
    assert_stored_equals_calculation(admin)
    with acting_as(reviewer):
        actions.return_report(actor=reviewer, report=other, reason="数据有误")
    assert_stored_equals_calculation(admin)

    with acting_as(admin):  # the ledger edited: a planned start long past
        actions.update_project(actor=admin, project=fengying, planned_start=date(year - 1, 3, 1))
    found = assert_stored_equals_calculation(admin)

    with acting_as(admin):  # thresholds edited: every project judged again
        actions.update_warning_settings(actor=admin, schedule_yellow_pp=1, schedule_red_pp=2, start_red_months=60)
    again = assert_stored_equals_calculation(admin)
    assert again != found


def test_the_nightly_run_judges_the_passing_of_time(world, projects, period):
    admin = world.users["admin"]
    year, _month = period
    with acting_as(admin):
        actions.update_project(actor=admin, project=projects["anyang"], planned_start=date(year + 1, 1, 1))
    assert WarningState.objects.get(project=projects["anyang"]).colour == "green"
    later = date(year + 1, 6, 15)  # five months after the planned start: red
    call_command("refresh_warnings", "--as-of", later.isoformat(), stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert_stored_equals_calculation(admin, today=later)
    assert WarningState.objects.get(project=projects["anyang"]).colour == "red"
    assert actions.refresh_warnings(today=later) == 0  # safe to run twice: nothing changes


def test_pages_read_the_stored_colour(world, projects, client_for, period, django_assert_max_num_queries):
    admin = world.users["admin"]
    year, month = period
    with acting_as(admin):
        actions.update_project(actor=admin, project=projects["anyang"], planned_start=date(year - 2, 1, 1))
    red_codes = set(Project.objects.filter(warning_state__colour="red").values_list("code", flat=True))
    assert projects["anyang"].code in red_codes
    client = client_for(world.users["macun_admin"])
    with django_assert_max_num_queries(25):
        page = client.get(f"/projects/?colour=red&year={year}&month={month}")
    assert projects["anyang"].name in page.text
    api = client.get("/api/projects/projects?colour=red").json()
    assert {p["code"] for p in api["items"]} == red_codes
    chosen = next(p for p in api["items"] if p["code"] == projects["anyang"].code)
    assert chosen["warning"] == "red" and "未开工" in "".join(chosen["warning_reasons"])
    green = client.get("/api/projects/projects?colour=green").json()
    assert not {p["code"] for p in green["items"]} & red_codes


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    plan=st.integers(min_value=0, max_value=50) | st.just(0),
    planned_start=st.none() | st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 1)),
    started=st.none() | st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 1)),
    thresholds=st.tuples(st.integers(0, 40), st.integers(0, 40)),
)
def test_any_mix_of_plans_dates_and_thresholds_stores_what_calc_gives(world, projects, plan, planned_start, started,
                                                                       thresholds):  # fmt: skip
    admin = world.users["admin"]
    year, _month = queries.current_period()
    project = Project.objects.get(pk=projects["anyang"].pk)
    with acting_as(admin):
        actions.set_annual_plan(actor=admin, project=project, year=year, planned_investment=plan * YI)
        actions.update_project(actor=admin, project=project, planned_start=planned_start, actual_start=started)
        yellow, red = sorted(thresholds)
        actions.update_warning_settings(actor=admin, schedule_yellow_pp=yellow, schedule_red_pp=red)
    assert_stored_equals_calculation(admin)


def test_it_lists_red_before_yellow_in_code_order_up_to_the_limit(world, projects):
    admin = world.users["admin"]
    with acting_as(admin):
        for i in range(6):
            actions.create_project(actor=admin, unit=world.units["fengying"], code=f"W-{i}", name=f"预警{i}",
                                   level="district", category="industry", nature="new",
                                   total_investment=YI)  # fmt: skip
    # The colours set directly: what is tested is the reading, not the judging.
    WarningState.objects.filter(project__code__in=["W-1", "W-4"]).update(colour="red", reasons=["红"])
    WarningState.objects.filter(project__code__in=["W-0", "W-3", "W-5"]).update(colour="yellow", reasons=["黄"])
    visible = queries.visible_projects(admin).filter(code__startswith="W-")
    assert [p.code for p in queries.stored_warned(visible, 3)] == ["W-1", "W-4", "W-0"]
    assert [p.code for p in queries.stored_warned(visible, 1)] == ["W-1"]
    every = queries.stored_warned(visible)
    assert [p.code for p in every] == ["W-1", "W-4", "W-0", "W-3", "W-5"]
    assert every[0].warning.reasons == ("红",) and every[-1].warning.colour == calc.Colour.YELLOW
