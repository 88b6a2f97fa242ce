"""The dashboard, the ledger's last page, the colour filter, the home page and the case inbox cost the
same number of queries with 3 projects (and cases) as with many more: nothing is done per row."""

from datetime import date

from cases import actions as case_actions
from cases.testing import build_cases_world
from core.context import acting_as
from core.testing import count_queries
from projects import actions, queries
from projects.testing import add_projects

YI = 100_000_000


def _add_projects(world, start: int, n: int, year: int) -> None:
    add_projects(world, start, n, year, units=("fengying", "anyang"), prefix="FLAT", plan=lambda i: YI // 2)


def _add_cases(world, types, n: int) -> None:
    for i in range(n):
        case = case_actions.submit_case(
            actor=world.users["enterprise"], case_type=types["enterprise"], title=f"诉求{i}", content="需办理",
            enterprise=world.enterprises["fengying"], on=date(2026, 3, 2),
        )  # fmt: skip
        case_actions.dispatch(actor=world.users["macun_admin"], case=case, handler_unit=world.units["fengying"],
                              on=date(2026, 3, 2))  # fmt: skip


def test_pages_cost_the_same_queries_as_rows_grow(world, client_for, settings):
    settings.PAGE_SIZE = 2  # several ledger pages even with few projects
    year, month = queries.current_period()
    types = build_cases_world(world)
    admin, district, unit_user = world.users["admin"], world.users["macun_admin"], world.users["fengying"]
    urls = [
        f"/projects/dashboard/?year={year}&month={month}",
        f"/projects/?year={year}&month={month}&colour=red",
        f"/projects/?year={year}&month={month}&page=last",
        "/",
        "/cases/inbox/",
    ]

    def counts():
        found = {}
        for user in (admin, district, unit_user):
            client = client_for(user)
            for url in urls:
                response = None

                def get(url=url, client=client):
                    nonlocal response
                    response = client.get(url)

                found[(user.username, url)] = count_queries(get)
                assert response.status_code == 200, (user.username, url)
        return found

    _add_projects(world, 0, 3, year)
    _add_cases(world, types, 2)
    few = counts()
    _add_projects(world, 3, 9, year)
    _add_cases(world, types, 6)
    many = counts()
    assert many == few


def test_it_pages_the_ledger_without_the_figures_joins_unless_sorted_by_a_figure(world, client_for, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.PAGE_SIZE = 2
    year, month = queries.current_period()
    _add_projects(world, 0, 5, year)
    admin = world.users["admin"]
    with acting_as(admin):  # one project with a bigger plan, to see the order by plan
        p = actions.create_project(actor=admin, unit=world.units["fengying"], code="FLAT-BIG", name="大项目",
                                   level="district", category="industry", nature="new",
                                   total_investment=YI)  # fmt: skip
        actions.set_annual_plan(actor=admin, project=p, year=year, planned_investment=YI)
    client = client_for(world.users["macun_admin"])

    def page(query: str):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(f"/projects/?year={year}&month={month}&{query}")
        assert response.status_code == 200
        counts = [q["sql"] for q in ctx.captured_queries if "COUNT(*)" in q["sql"] and "projects_project" in q["sql"]]
        return response, counts

    response, counts = page("page=1")
    assert counts and not any("projects_monthlyreport" in sql for sql in counts)
    assert response.context["paginator"].count == 6
    response, counts = page("sort=-plan&page=1")  # ordered by a figure: the figures are joined to page
    assert response.context["object_list"][0].code == "FLAT-BIG"
    response, _counts = page("colour=green&page=1")
    assert (
        response.context["paginator"].count
        == queries.stored_colour_counts(queries.visible_projects(world.users["macun_admin"]))["green"]
    )


def test_it_reads_the_ledgers_count_from_the_stored_figures_and_late_pages_from_the_end(world, client_for, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.PAGE_SIZE = 2
    year, month = queries.current_period()
    _add_projects(world, 0, 7, year)
    actions.refresh_warnings()  # the nightly run builds the period's unit figures
    user = world.users["macun_admin"]
    client = client_for(user)
    visible = queries.visible_projects(user)
    codes = list(visible.order_by("code").values_list("code", flat=True))
    assert queries.stored_scope(user, year=year, month=month) is not None

    def page(query: str):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(f"/projects/?year={year}&month={month}&{query}")
        assert response.status_code == 200
        counted = any("COUNT(" in q["sql"] and 'FROM "projects_project"' in q["sql"] for q in ctx.captured_queries)
        return response, counted

    shown = []
    pages = -(-len(codes) // 2)
    for number in range(1, pages + 1):  # the later pages are read from the end: the same rows
        response, counted = page(f"page={number}")
        assert response.context["paginator"].count == len(codes) and not counted
        shown += [p.code for p in response.context["object_list"]]
    assert shown == codes
    response, _counted = page("page=last&sort=-code")
    assert [p.code for p in response.context["object_list"]] == codes[: len(codes) % 2 or 2][::-1]

    red = queries.stored_colour_counts(visible)["red"]
    response, counted = page("colour=red")
    assert response.context["paginator"].count == red and not counted
    response, counted = page("level=district")  # a filter the figures do not know: counted
    assert response.context["paginator"].count == visible.filter(level="district").count() and counted


def test_it_judges_a_past_periods_colour_filter_once(world, client_for, settings, monkeypatch):
    settings.PAGE_SIZE = 2
    year, _month = queries.current_period()
    _add_projects(world, 0, 5, year)
    past = (year - 1, 12)
    user = world.users["macun_admin"]
    found = queries.colours(user, year=past[0], month=past[1])
    codes = dict(queries.visible_projects(user).values_list("pk", "code"))
    expected = sorted(codes[pk] for pk, w in found.items() if w.colour == "red")
    assert expected  # planned starts long past and never started: red in that December
    calls = []
    judge = queries.colours
    monkeypatch.setattr(queries, "colours", lambda *a, **k: calls.append(1) or judge(*a, **k))
    response = client_for(user).get(f"/projects/?year={past[0]}&month={past[1]}&colour=red&page=1")
    assert response.status_code == 200 and len(calls) == 1
    assert response.context["paginator"].count == len(expected)
    assert [p.code for p in response.context["object_list"]] == expected[:2]
