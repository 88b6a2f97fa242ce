"""In a real browser: 马村区's office drafts a bulletin, adds its own paragraph, sends it for review;
the reviewer passes it; the 签发人 signs it and it takes 马项办's next number."""

import pytest

from org.testing import PASSWORD
from supervision.models import Bulletin
from supervision.testing import set_issuer

from .browser import log_in
from .test_browser import browser_page  # noqa: F401 (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_office_drafts_and_the_signer_signs(world, live_server, browser_page, settings, tmp_path):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path
    name = "马村区重点项目建设指挥部办公室"
    set_issuer(world.users["macun_admin"], world.units["macun"], prefix="马项办", name=name,
               signers=[world.users["leader"]])  # fmt: skip
    page = browser_page
    log_in(page, live_server, "macun_admin", PASSWORD)
    page.goto(f"{live_server.url}/supervision/bulletins/issue/")
    page.select_option("#id_kind", "weekly")
    page.fill("#id_as_of", "2026-10-13")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/supervision/bulletins/*/")
    assert "草稿已生成" in page.inner_text(".qz-content")
    page.fill("#id_remarks", "冯营街道经验做法值得推广。")
    page.get_by_role("button", name="保存草稿").click()
    page.wait_for_url("**/supervision/bulletins/*/")
    assert "冯营街道经验做法值得推广。" in page.inner_text(".qz-document")
    page.get_by_role("button", name="送审").click()
    page.wait_for_url("**/supervision/bulletins/*/")
    page.get_by_role("button", name="审核通过").click()
    page.wait_for_url("**/supervision/bulletins/*/")
    assert "待签发" in page.inner_text("#workflow")
    assert page.get_by_role("button", name="签发").count() == 0  # the office does not sign

    page.context.clear_cookies()
    page.set_viewport_size({"width": 390, "height": 844})  # the leader signs on the phone
    log_in(page, live_server, "leader", PASSWORD)
    bulletin = Bulletin.objects.get()
    page.goto(f"{live_server.url}{bulletin.get_absolute_url()}")
    sign = page.get_by_role("button", name="签发")
    assert sign.is_visible() and page.evaluate("document.documentElement.scrollWidth") <= 390
    sign.click()
    page.wait_for_url("**/supervision/bulletins/*/")
    assert "马项办〔" in page.inner_text(".qz-document")
    bulletin.refresh_from_db()
    assert bulletin.state == "signed" and bulletin.sequence == 1 and bulletin.signed_by == world.users["leader"]
