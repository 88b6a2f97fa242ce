"""In a real browser: the 驾驶舱 at 1920×1080 shows the dashboards' figures; 项目一张图 draws the
projects inside the district; a click on the form's map sets a project's coordinates; pages print
on A4 without the navigation, the charts whole."""

import re
from decimal import Decimal
from pathlib import Path

import pytest

from org.models import User
from projects import geo, queries
from projects.models import MonthlyReport, Project
from tests.test_browser import ARTIFACTS, browser_page, demo_data  # noqa: F401  (fixtures)
from tests.test_export_browser import signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

A4_PRINTABLE_PX = 794  # 210 mm at 96 px per inch; the print stylesheet leaves 186 mm of it


def texts(page, selector: str) -> list[str]:
    return [t.strip() for t in page.locator(selector).all_inner_texts()]


def test_the_cockpit_at_1920_shows_the_dashboards_figures_and_prints(demo_data, live_server, browser_page):  # noqa: F811
    page = browser_page
    page.set_viewport_size({"width": 1920, "height": 1080})
    signed_in(page, live_server.url, "macun_admin")
    page.goto(f"{live_server.url}/projects/dashboard/")
    board = dict(zip(texts(page, ".qz-card .small.text-muted"), texts(page, ".qz-stat"), strict=False))
    red = page.locator("a.badge.text-bg-danger").first.inner_text()
    yellow = page.locator("a.badge.text-bg-warning").first.inner_text()
    page.goto(f"{live_server.url}/supervision/overdue/")
    overdue = re.search(r"共 (\d+) 项", page.inner_text("h1")).group(1)
    page.goto(f"{live_server.url}/cases/metrics/")
    close_rate = page.locator("tfoot td").nth(4).inner_text().strip()

    page.goto(f"{live_server.url}/cockpit/")
    page.locator("#cockpit-units svg").wait_for()
    visible = queries.visible_projects(User.objects.get(username="macun_admin"))
    figure = lambda name: page.locator(f'[data-figure="{name}"]').inner_text().strip()  # noqa: E731
    assert figure("count") == board["项目数"] and int(figure("count")) == visible.count()
    assert figure("total_investment") == board["总投资（亿元）"]
    assert figure("plan") == board["年度计划（亿元）"]
    assert figure("ytd") == board["累计完成（亿元）"]
    assert figure("completion") == board["完成率"]
    assert figure("gap") == next(v for k, v in board.items() if k.startswith("比序时进度"))
    assert red.endswith(figure("red")) and yellow.endswith(figure("yellow"))
    assert figure("overdue") == overdue
    assert figure("close_rate").rstrip("%") == close_rate.rstrip("%")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "cockpit-1920.png"))
    # One screen: nothing scrolls sideways at 1920 px, and the unit bars are drawn.
    assert page.evaluate("document.documentElement.scrollWidth") <= 1920
    bars = page.evaluate(
        "echarts.getInstanceByDom(document.getElementById('cockpit-units')).getOption().series[0].data"
    )
    assert len(bars) == page.locator("[data-unit]").count() > 0
    # Every figure is a link to its list.
    for name in ("count", "red", "overdue", "cases_red", "close_rate"):
        assert page.locator(f'a:has([data-figure="{name}"]), a[data-figure="{name}"]').count() == 1

    # The refresh: htmx fetches the page and swaps #cockpit in; the chart is drawn again.
    page.evaluate("document.getElementById('cockpit-units').setAttribute('data-old', '1')")
    page.evaluate("htmx.ajax('GET', location.pathname, {source: '#cockpit', target: '#cockpit', select: '#cockpit', "
                  "swap: 'outerHTML'})")  # fmt: skip
    page.wait_for_function("!document.getElementById('cockpit-units').hasAttribute('data-old')")
    page.locator("#cockpit-units svg").wait_for()
    assert figure("count") == board["项目数"]

    page.emulate_media(media="print")
    page.wait_for_timeout(300)
    width = page.evaluate("document.querySelector('#cockpit-units svg').getBoundingClientRect().width")
    assert 0 < width <= A4_PRINTABLE_PX


@pytest.mark.parametrize("which", ["dashboard", "project", "report"])
def test_pages_print_without_navigation_and_charts_within_a4(demo_data, live_server, browser_page, which):  # noqa: F811
    page = browser_page
    signed_in(page, live_server.url, "macun_admin")
    project = Project.objects.get(code="MC-001")
    report = MonthlyReport.objects.filter(project=project).order_by("-month").first()
    url = {"dashboard": "/projects/dashboard/", "project": project.get_absolute_url(),
           "report": f"/projects/reports/{report.pk}/"}[which]  # fmt: skip
    page.goto(f"{live_server.url}{url}")
    assert page.locator("nav.qz-sidebar").is_visible()
    page.emulate_media(media="print")
    page.wait_for_timeout(300)
    assert not page.locator("nav.qz-sidebar").is_visible() and not page.locator(".qz-topbar").is_visible()
    for chart in page.locator("[_echarts_instance_]").all():
        box = chart.locator("svg, canvas").first.bounding_box()
        assert box and 0 < box["width"] <= A4_PRINTABLE_PX
    pdf = ARTIFACTS / f"print-{which}.pdf"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.pdf(path=str(pdf), format="A4")
    assert pdf.stat().st_size > 5_000


def test_the_map_draws_the_projects_inside_the_district(demo_data, live_server, browser_page):  # noqa: F811
    page = browser_page
    signed_in(page, live_server.url, "macun_admin")
    page.goto(f"{live_server.url}/projects/map/")
    page.locator("#project-map svg").wait_for()
    assert page.evaluate("!!echarts.getMap('quzhi-district')")
    option = page.evaluate("echarts.getInstanceByDom(document.getElementById('project-map')).getOption()")
    points = option["series"][0]["data"]
    boundary = queries.packaged_boundary("焦作市")
    macun = geo.feature(boundary, "马村区")["geometry"]
    placed = Project.objects.filter(unit__path__startswith=Project.objects.get(code="MC-001").unit.path,
                                    longitude__isnull=False)  # fmt: skip
    assert len(points) == placed.count() > 0
    assert all(geo.contains(macun, *p["value"]) for p in points)
    # Drawn on the page: as many marks as points, inside the map's drawing.
    page.screenshot(path=str(Path(ARTIFACTS) / "project-map.png"))
    red = page.evaluate("document.querySelector('[data-count=red]').innerText")
    page.goto(f"{live_server.url}/projects/map/?colour=red")
    page.locator("#project-map svg").wait_for()
    shown = page.evaluate(
        "echarts.getInstanceByDom(document.getElementById('project-map')).getOption().series[0].data.length"
    )
    assert str(shown) in red


def test_a_click_on_the_form_map_sets_the_coordinates(demo_data, live_server, browser_page):  # noqa: F811
    page = browser_page
    signed_in(page, live_server.url, "macun_admin")
    project = Project.objects.get(code="MC-005")
    page.goto(f"{live_server.url}/projects/{project.pk}/edit/")
    picker = page.locator("#coordinate-picker")
    picker.locator("svg").wait_for()
    picker.scroll_into_view_if_needed()
    # The centre of the drawn 马村区: the click lands inside the district.
    centre = page.evaluate("""() => {
      const chart = echarts.getInstanceByDom(document.getElementById('coordinate-picker'));
      return chart.convertToPixel({geoIndex: 0}, [113.33, 35.27]);
    }""")
    picker.click(position={"x": centre[0], "y": centre[1]})
    lon, lat = page.input_value("#id_longitude"), page.input_value("#id_latitude")
    assert abs(float(lon) - 113.33) < 0.01 and abs(float(lat) - 35.27) < 0.01
    page.click("form.qz-form button[type=submit]")
    page.wait_for_url(f"**/projects/{project.pk}/")
    project.refresh_from_db()
    assert (project.longitude, project.latitude) == (Decimal(lon), Decimal(lat))
    macun = geo.feature(queries.packaged_boundary("焦作市"), "马村区")["geometry"]
    assert geo.contains(macun, float(project.longitude), float(project.latitude))
