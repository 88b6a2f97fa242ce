"""Issuers and the bulletin workflow: 草稿 → 送审 → 审核 → 签发 (numbered) → 印发 (frozen, filed)."""

import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from docx import Document

from core.context import acting_as
from core.locking import Conflict
from core.models import AuditEntry
from supervision import actions, bulletins
from supervision.models import Issuer
from supervision.testing import issue_bulletin, set_issuer

MACUN = "马村区重点项目建设指挥部办公室"
CITY = "焦作市重点项目建设指挥部办公室"


def people(world) -> dict:
    return {"drafter": world.users["macun_admin"], "reviewer": world.users["macun_admin"],
            "signer": world.users["leader"]}  # fmt: skip


def draft(world, as_of=date(2026, 10, 13)):
    return issue_bulletin(**people(world), kind="weekly", unit=world.units["macun"], as_of=as_of, until="draft")


def test_a_unit_without_settings_is_told_what_to_fill_in_never_given_another_units(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    set_issuer(world.users["admin"], world.units["city"], prefix="焦项办", name=CITY, signers=[world.users["admin"]])
    user = world.users["macun_admin"]
    with acting_as(user), pytest.raises(ValidationError) as caught:
        actions.draft_bulletin(actor=user, kind="weekly", unit=world.units["macun"], as_of=date(2026, 10, 13))
    message = "".join(caught.value.messages)
    assert "马村区" in message and "发文机关全称" in message and "签发人" in message and "焦项办" not in message


def test_the_bulletin_of_a_unit_is_issued_under_its_own_issuer(world, issuers):
    bulletin = issue_bulletin(**people(world), kind="weekly", unit=world.units["macun"], as_of=date(2026, 10, 13),
                              on=date(2026, 10, 14))  # fmt: skip
    assert bulletin.number == "马项办〔2026〕1号" and bulletin.state == "issued"
    doc = Document(io.BytesIO(bulletin.document.read()))
    texts = [p.text for p in doc.paragraphs]
    assert MACUN in texts and CITY not in texts and "各街道办事处，区直各有关单位：" in texts
    assert bulletin.content["letterhead"]["signer"] == str(world.users["leader"])


def test_each_step_is_taken_by_whom_it_belongs_to_and_audited(world, issuers):
    bulletin = draft(world)
    admin, leader, fengying = world.users["macun_admin"], world.users["leader"], world.users["fengying"]
    assert bulletin.number == "" and bulletin.recipients == "各街道办事处，区直各有关单位"
    with acting_as(admin):
        actions.edit_bulletin(actor=admin, bulletin=bulletin, title="关于第42周重点项目推进情况的通报",
                              recipients="各街道办事处", remarks="冯营街道经验做法值得推广。")  # fmt: skip
    with acting_as(fengying), pytest.raises(PermissionDenied):  # a street may not send the district's draft
        actions.submit_bulletin(actor=fengying, bulletin=bulletin)
    with acting_as(admin):
        actions.submit_bulletin(actor=admin, bulletin=bulletin)
        with pytest.raises(Conflict):  # no longer a draft
            actions.edit_bulletin(actor=admin, bulletin=bulletin, title="改")
        with pytest.raises(ValidationError, match="原因"):
            actions.review_bulletin(actor=admin, bulletin=bulletin, passed=False, reason=" ")
        actions.review_bulletin(actor=admin, bulletin=bulletin, passed=False, reason="补充冯营街道数据")
    assert bulletin.state == "draft" and bulletin.return_reason == "补充冯营街道数据"
    with acting_as(admin):
        actions.submit_bulletin(actor=admin, bulletin=bulletin)
    with acting_as(leader), pytest.raises(PermissionDenied):  # the leader does not review
        actions.review_bulletin(actor=leader, bulletin=bulletin, passed=True)
    with acting_as(admin):
        actions.review_bulletin(actor=admin, bulletin=bulletin, passed=True)
        with pytest.raises(PermissionDenied, match="签发人"):  # not one of the issuer's 签发人
            actions.sign_bulletin(actor=admin, bulletin=bulletin)
    with acting_as(leader):
        actions.sign_bulletin(actor=leader, bulletin=bulletin, on=date(2026, 10, 14))
    assert bulletin.number == "马项办〔2026〕1号" and bulletin.issued_on == date(2026, 10, 14)
    with acting_as(admin):
        actions.print_bulletin(actor=admin, bulletin=bulletin, on=date(2026, 10, 15))
    assert bulletin.state == "issued" and bulletin.document and bulletin.printed_on == date(2026, 10, 15)
    verbs = list(AuditEntry.objects.filter(object_id=str(bulletin.pk), content_type__model="bulletin")
                 .order_by("id").values_list("verb", flat=True))  # fmt: skip
    assert verbs == ["起草通报", "修改通报草稿", "送审", "退回", "送审", "审核通过", "签发", "印发"]
    texts = [p.text for p in Document(io.BytesIO(bulletin.document.read())).paragraphs]
    assert "关于第42周重点项目推进情况的通报" in texts and "冯营街道经验做法值得推广。" in texts
    assert "各街道办事处：" in texts


def test_numbers_run_per_issuer_and_year_and_a_failed_signing_gives_its_number_back(world, issuers):
    leader, admin = world.users["leader"], world.users["admin"]
    first = issue_bulletin(**people(world), kind="weekly", unit=world.units["macun"], as_of=date(2026, 10, 5),
                           until="reviewed")  # fmt: skip
    second = issue_bulletin(**people(world), kind="weekly", unit=world.units["macun"], as_of=date(2026, 10, 12),
                            until="reviewed")  # fmt: skip
    with acting_as(leader):
        with pytest.raises(RuntimeError), transaction.atomic():
            actions.sign_bulletin(actor=leader, bulletin=first, on=date(2026, 10, 13))
            raise RuntimeError("the signing's transaction fails")
        first.refresh_from_db()
        assert first.state == "reviewed" and first.sequence is None
        actions.sign_bulletin(actor=leader, bulletin=second, on=date(2026, 10, 13))
        actions.sign_bulletin(actor=leader, bulletin=first, on=date(2026, 10, 14))
    assert (second.number, first.number) == ("马项办〔2026〕1号", "马项办〔2026〕2号")
    city = issue_bulletin(drafter=admin, reviewer=admin, signer=admin, kind="weekly", unit=world.units["city"],
                          as_of=date(2026, 10, 12), on=date(2026, 10, 14), until="signed")  # fmt: skip
    assert city.number == "焦项办〔2026〕1号"  # the city's own sequence
    next_year = issue_bulletin(**people(world), kind="weekly", unit=world.units["macun"], as_of=date(2026, 12, 28),
                               on=date(2027, 1, 4), until="signed")  # fmt: skip
    assert next_year.number == "马项办〔2027〕1号"


def test_the_issuer_settings_are_kept_by_the_units_own_administrators(world, issuers, client_for):
    client = client_for(world.users["macun_admin"])
    macun, city = world.units["macun"], world.units["city"]
    page = client.get("/supervision/issuers/").content.decode()
    assert "马村区" in page and "焦作市" not in page
    assert client.get(f"/supervision/issuers/{city.pk}/").status_code == 404
    form = client.get(f"/supervision/issuers/{macun.pk}/").content.decode()
    assert "马项办" in form and 'name="signers"' in form
    data = {"name": MACUN, "mark": MACUN, "prefix": "马区项办", "recipients": "各街道办事处", "printed_by": MACUN,
            "copy_to": "", "signers": [world.users["leader"].pk]}  # fmt: skip
    assert client.post(f"/supervision/issuers/{macun.pk}/", data).status_code == 302
    assert Issuer.objects.get(unit=macun).prefix == "马区项办"
    assert AuditEntry.objects.filter(content_type__model="issuer", verb="修改发文设置").count() == 1
    assert client_for(world.users["fengying"]).get("/supervision/issuers/").status_code == 403
    with acting_as(world.users["macun_admin"]), pytest.raises(PermissionDenied):
        actions.save_issuer(actor=world.users["macun_admin"], unit=city, name="x")


def test_buttons_show_only_to_whom_may_press_them(world, issuers, client_for):
    bulletin = issue_bulletin(**people(world), kind="weekly", unit=world.units["macun"], as_of=date(2026, 10, 13),
                              until="reviewed")  # fmt: skip
    url = f"/supervision/bulletins/{bulletin.pk}/"
    admin_page = client_for(world.users["macun_admin"]).get(url).content.decode()
    leader_page = client_for(world.users["leader"]).get(url).content.decode()
    assert "/step/sign/" not in admin_page and "/step/sign/" in leader_page
    assert client_for(world.users["fengying"]).get(url).status_code == 404  # a street sees it once 印发
    response = client_for(world.users["macun_admin"]).post(f"{url}step/sign/")  # no button, and refused
    assert response.status_code == 403
    bulletin.refresh_from_db()
    assert bulletin.state == "reviewed"
    client_for(world.users["leader"]).post(f"{url}step/sign/")
    bulletin.refresh_from_db()
    assert bulletin.number == "马项办〔2026〕1号"
    numbers = client_for(world.users["macun_admin"]).get(f"/supervision/issuers/{world.units['macun'].pk}/")
    assert "马项办〔2026〕1号" in numbers.content.decode()


def test_a_draft_downloads_as_a_preview_without_a_number(world, issuers, client_for):
    bulletin = draft(world)
    response = client_for(world.users["macun_admin"]).get(f"/supervision/bulletins/{bulletin.pk}/download/")
    doc = Document(io.BytesIO(b"".join(response.streaming_content)))
    assert MACUN in [p.text for p in doc.paragraphs]
    assert bulletins.letterhead(bulletin)["mark"] == MACUN


def test_without_libreoffice_only_the_docx_is_kept(world, issuers):
    from core import office

    assert office.to_pdf(b"PK") is None  # SOFFICE = "" in the fixture
    bulletin = issue_bulletin(**people(world), kind="weekly", unit=world.units["macun"], as_of=date(2026, 10, 13))
    assert bulletin.document and not bulletin.pdf


def test_the_bulletin_list_takes_a_fixed_number_of_queries(world, issuers, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(world.users["macun_admin"])

    def queries_for(days):
        for day in days:
            issue_bulletin(**people(world), kind="weekly", unit=world.units["macun"], as_of=date(2026, 10, day),
                           until="draft")  # fmt: skip
        client.get("/supervision/bulletins/")
        with CaptureQueriesContext(connection) as captured:
            page = client.get("/supervision/bulletins/").content.decode()
        return len(captured), page

    few, _page = queries_for([5])
    many, page = queries_for([12, 19, 26])
    assert many == few <= 13 and page.count("草稿") >= 4
