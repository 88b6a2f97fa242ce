"""On a 390×844 phone, in a real browser, on the demo data: every role's main pages fit the screen
with their figures whole, the field roles' bottom bar is thumb-sized, a visit goes in with a photo
resized on the phone and the phone's location, and a visit or a case note written with no signal is
kept on the phone as 「待发送」 and saved exactly once when the signal returns; a note the case has
moved past meanwhile is shown as a conflict, its text kept. One browser for the module."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from PIL import Image

from .browser import chromium, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
# One demo login per role: their home page, the pages of their menu and of their bottom bar.
ROLES = ["admin", "macun_admin", "fengying", "macun_leader", "grid_hexie1", "qiye_qianye", "readonly"]
# Does the page fit the screen, and which KPI figures are cut (wider than their box)?
FIT = """() => ({
  fits: document.documentElement.scrollWidth <= window.innerWidth,
  width: document.documentElement.scrollWidth,
  clipped: [...document.querySelectorAll(".qz-stat")].filter(e => e.offsetParent && e.scrollWidth > e.clientWidth)
    .map(e => e.textContent.trim()),
})"""
JIAOZUO = {"latitude": 35.239, "longitude": 113.241}


@pytest.fixture(scope="module")
def browser():
    with chromium() as launched:
        yield launched


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("demo", stdout=io.StringIO())


def phone(browser, live_server, username, **options):
    context = browser.new_context(viewport=PHONE, locale="zh-CN", has_touch=True, is_mobile=True, **options)
    page = context.new_page()
    log_in(page, live_server, username)
    return context, page


def test_every_roles_main_pages_fit_a_phone_with_whole_figures(demo, live_server, browser):
    check_the_menu_button_and_the_bottom_bar(browser, live_server)
    problems = []
    for username in ROLES:
        context, page = phone(browser, live_server, username)
        menu = page.eval_on_selector_all("nav.qz-sidebar a.nav-link", "links => links.map(a => a.getAttribute('href'))")
        bottom = page.eval_on_selector_all(".qz-bottombar a", "links => links.map(a => a.getAttribute('href'))")
        for url in dict.fromkeys(["/", *menu, *bottom]):
            page.goto(f"{live_server.url}{url}")
            page.wait_for_load_state("load")
            found = page.evaluate(FIT)
            if not found["fits"] or found["clipped"]:
                problems.append((username, url, found))
        context.close()
    assert problems == []


def _photo(path: Path) -> Path:
    Image.new("RGB", (3200, 2400), (90, 140, 200)).save(path, "JPEG", quality=95)
    return path


def test_field_records_with_a_photo_the_location_and_no_signal(demo, live_server, browser, tmp_path):
    from cases.models import Household, Visit

    household = Household.objects.get(name="孙桂芝")
    before = Visit.objects.filter(household=household).count()
    context, page = phone(browser, live_server, "grid_hexie1", geolocation=JIAOZUO, permissions=["geolocation"])
    page.goto(f"{live_server.url}{household.get_absolute_url()}")
    form = page.locator("form[data-offline]")
    photo = form.locator("input[name=photo]")
    assert photo.get_attribute("capture") == "environment" and photo.get_attribute("accept") == "image/*"

    # Online: a photo from the camera, resized on the phone, and where the phone is.
    photo.set_input_files(str(_photo(tmp_path / "camera.jpg")))
    page.locator("input[name=photo][data-resized]").wait_for(state="attached")
    assert page.get_attribute("input[name=photo]", "data-resized") == "1600x1200"
    form.locator("[data-locate]").click()
    page.locator("[data-locate-status]", has_text="已记录位置").wait_for()
    form.locator("textarea[name=note]").fill("老人身体良好，已检查燃气灶。")
    form.get_by_role("button", name="保存").click()
    page.locator("main", has_text="走访已记录").wait_for()
    visit = Visit.objects.filter(household=household).order_by("-id").first()
    assert visit.note == "老人身体良好，已检查燃气灶。"
    assert visit.draft_key is not None and visit.recorded_at is not None
    assert (float(visit.latitude), float(visit.longitude)) == (35.239, 113.241)
    with Image.open(visit.photo.path) as stored:
        assert stored.size == (1600, 1200)  # resized on the phone, not on the server
    assert page.locator("[data-visit] img").first.is_visible()

    # No signal: the visit is kept on the phone, shown as 待发送, and not saved.
    context.set_offline(True)
    form.locator("textarea[name=note]").fill("无信号时记录：独居老人需要助餐服务。")
    form.get_by_role("button", name="保存").click()
    pending = page.locator("[data-outbox] [data-state=pending]")
    pending.wait_for()
    assert "待发送" in pending.inner_text() and "独居老人需要助餐服务" in pending.inner_text()
    key = pending.get_attribute("data-draft")
    assert Visit.objects.filter(household=household).count() == before + 1
    # The installed web app's worker (scope: the whole site) answers a page opened with no signal.
    assert page.evaluate("navigator.serviceWorker.ready.then(r => r.scope)") == f"{live_server.url}/"
    other = context.new_page()
    other.goto(f"{live_server.url}/cases/inbox/")
    assert "没有网络" in other.inner_text("body")
    other.close()

    # The signal returns: the visit is sent, once, and the page shows it.
    context.set_offline(False)
    page.locator("[data-visit]", has_text="独居老人需要助餐服务").wait_for()
    assert page.locator("[data-outbox]").is_hidden()
    assert Visit.objects.filter(household=household, draft_key=key).count() == 1
    assert Visit.objects.filter(household=household).count() == before + 2

    # The same draft sent again (a lost answer, another tab): still one visit, the first one's answer.
    answer = page.evaluate(
        """([url, key]) => {
          const data = new FormData();
          data.append("note", "无信号时记录：独居老人需要助餐服务。");
          data.append("draft_key", key);
          data.append("csrfmiddlewaretoken", document.querySelector("input[name=csrfmiddlewaretoken]").value);
          return fetch(url, {method: "POST", body: data, headers: {"X-Quzhi-Draft": key}})
            .then(r => r.json().then(body => ({status: r.status, body})));
        }""",
        [household.get_absolute_url(), key],
    )
    assert answer["status"] == 200 and answer["body"]["ok"]
    assert Visit.objects.filter(household=household).count() == before + 2
    context.close()

    check_a_note_the_case_moved_past_is_a_conflict(browser, live_server)


def check_the_menu_button_and_the_bottom_bar(browser, live_server):
    """The grid worker's menu behind its button, its bottom bar, its lists as cards; no bar for a leader."""
    context, page = phone(browser, live_server, "grid_hexie1")
    # The menu is behind a button; the button opens it.
    assert not page.locator("nav.qz-sidebar").is_visible()
    button = page.locator(".qz-menu-button")
    box = button.bounding_box()
    assert box["width"] >= 44 and box["height"] >= 44
    button.click()
    page.locator("nav.qz-sidebar").get_by_role("link", name="敲门行动").wait_for(state="visible")
    page.locator("nav.qz-sidebar .btn-close").click()
    # The bottom bar: the grid worker's main screens, each at least 44 px each way.
    links = page.locator(".qz-bottombar a")
    assert 3 <= links.count() <= 5
    assert links.all_inner_texts()[:3] == ["首页", "我的待办", "敲门行动"]
    for i in range(links.count()):
        box = links.nth(i).bounding_box()
        assert box["width"] >= 44 and box["height"] >= 44, links.nth(i).inner_text()
        assert box["y"] + box["height"] <= PHONE["height"] + 1  # on the screen, at its bottom
    links.filter(has_text="敲门行动").click()
    page.wait_for_url("**/cases/households/")
    assert page.locator(".qz-bottombar a.active").inner_text().strip() == "敲门行动"
    # Lists are cards: no column headers, each cell labelled.
    assert not page.locator("main table.qz-cards thead").is_visible()
    assert page.locator("main table.qz-cards td.qz-card-title").first.is_visible()
    context.close()
    # Roles that do not work in the field have no bottom bar.
    context, page = phone(browser, live_server, "macun_leader")
    assert page.locator(".qz-bottombar").count() == 0
    context.close()


def check_a_note_the_case_moved_past_is_a_conflict(browser, live_server):
    """A case note written with no signal; meanwhile the case is answered from a desk."""
    from cases import actions
    from cases.choices import CaseState
    from cases.models import Case, CaseEvent
    from core.context import acting_as
    from org.models import User

    admin = User.objects.get(username="macun_admin")
    case = Case.objects.filter(state=CaseState.HANDLING, handler_unit__path__startswith=admin.unit.path).first()
    notes = CaseEvent.objects.filter(case=case).count()
    context, page = phone(browser, live_server, "macun_admin")
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    context.set_offline(True)
    form = page.locator("form[data-offline]")
    form.locator("textarea[name=note]").fill("已约企业现场踏勘。")
    form.get_by_role("button", name="办理记录").click()
    page.locator("[data-outbox] [data-state=pending]").wait_for()

    with acting_as(admin):  # meanwhile, from a desk: the case is answered
        actions.reply(actor=admin, case=Case.objects.get(pk=case.pk), result="已协调解决。")
    context.set_offline(False)
    conflict = page.locator("[data-outbox] [data-state=conflict]")
    conflict.wait_for(timeout=45_000)  # on the "online" event, or the retry every 20 s
    assert "冲突" in conflict.inner_text() and "已约企业现场踏勘。" in conflict.inner_text()
    assert "待回访" in conflict.inner_text()  # why: the state the case is in now
    # An answered case takes no more notes: sending again cannot help, so only 删除 is offered.
    assert conflict.get_by_role("button", name="仍然发送").count() == 0
    assert conflict.get_by_role("button", name="删除").count() == 1
    assert CaseEvent.objects.filter(case=case).count() == notes + 1  # the reply only; the note is on the phone
    # Still there on the next page: kept on the phone until the user deletes it.
    page.goto(f"{live_server.url}/")
    page.locator("[data-outbox] [data-state=conflict]").wait_for()
    context.close()

    # A note written while the phone saw the case in another state, which still takes notes: a
    # conflict the user may override, and 仍然发送 saves it once.
    case = Case.objects.filter(state=CaseState.HANDLING, handler_unit__path__startswith=admin.unit.path).first()
    notes = CaseEvent.objects.filter(case=case).count()
    context, page = phone(browser, live_server, "macun_admin")
    page.goto(f"{live_server.url}{case.get_absolute_url()}")
    form = page.locator("form[data-offline]")
    form.locator("input[name=seen_state]").evaluate("input => { input.value = 'dispatched'; }")  # seen earlier
    form.locator("textarea[name=note]").fill("签收前写下的：已电话联系企业。")
    form.get_by_role("button", name="办理记录").click()
    conflict = page.locator("[data-outbox] [data-state=conflict]")
    conflict.wait_for()
    assert "待签收" in conflict.inner_text() and "办理中" in conflict.inner_text()
    conflict.get_by_role("button", name="仍然发送").click()
    page.locator("[data-outbox] [data-state=conflict]").wait_for(state="detached")
    assert CaseEvent.objects.filter(case=case, note="签收前写下的：已电话联系企业。").count() == 1
    assert CaseEvent.objects.filter(case=case).count() == notes + 1
    context.close()
