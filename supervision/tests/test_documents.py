"""督办通知单, 催办单, 观摩评比结果通报 and the monthly report: one engine, wording from templates."""

import io
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from docx import Document

from core.context import acting_as
from core.models import AuditEntry
from supervision import actions, documents, gbt9704
from supervision.choices import DocumentKind
from supervision.testing import set_issuer

MACUN = "马村区重点项目建设指挥部办公室"


@pytest.fixture
def issuer(world):
    return set_issuer(world.users["macun_admin"], world.units["macun"], prefix="马项办", name=MACUN,
                      signers=[world.users["leader"]], recipients="各街道办事处，区直各有关单位")  # fmt: skip


def texts(response) -> list[str]:
    assert response.status_code == 200 and response["Content-Disposition"].startswith("attachment")
    return [p.text for p in Document(io.BytesIO(b"".join(response.streaming_content))).paragraphs]


def test_the_notice_and_the_reminder_of_a_task(world, tasks, issuer, client_for):
    client = client_for(world.users["macun_admin"])
    task = tasks["anyang"]  # due 15 Sep 2026
    with time_machine.travel(date(2026, 9, 30)):
        notice = texts(client.get(f"/supervision/{task.pk}/document/notice/"))
        reminder = texts(client.get(f"/supervision/{task.pk}/document/reminder/"))
        page = client.get(f"/supervision/{task.pk}/").content.decode()
    assert MACUN in notice and "关于“农庄道路硬化”的督办通知" in notice and "安阳城街道：" in notice
    assert "一、督办事项" in notice and "二、办结时限" in notice
    assert any(t.startswith("请于2026年9月15日前办结") for t in notice)
    assert "关于加快办理“农庄道路硬化”的催办通知" in reminder
    assert any("截至2026年9月30日，已逾期" in t for t in reminder)
    assert f"/supervision/{task.pk}/document/reminder/" in page


def test_a_user_whose_unit_has_no_issuer_is_told_what_to_fill_in(world, tasks, client_for):
    response = client_for(world.users["macun_admin"]).get(f"/supervision/{tasks['anyang'].pk}/document/notice/",
                                                          follow=True)  # fmt: skip
    assert "尚未完成发文设置" in response.content.decode() and "发文机关全称" in response.content.decode()


def test_the_wording_comes_from_a_template_an_administrator_edits(world, tasks, issuer, client_for):
    admin = world.users["admin"]
    body = "请{{ task.lead_unit }}于{{ task.deadline }}前办结。\n# 联系方式\n区重点项目办"
    with acting_as(admin):
        actions.save_document_template(actor=admin, kind=DocumentKind.TASK_NOTICE, title="督办通知单", body=body)
        with pytest.raises(Exception, match="正文模板有误"):
            actions.save_document_template(actor=admin, kind=DocumentKind.TASK_NOTICE, title="x", body="{% if %}")
    user = world.users["macun_admin"]
    document = documents.task_document(user, tasks["anyang"], DocumentKind.TASK_NOTICE)
    assert document.title == "督办通知单"
    assert [getattr(b, "text", "") for b in document.blocks] == [
        "请安阳城街道于2026年9月15日前办结。",
        "联系方式",
        "区重点项目办",
    ]
    assert isinstance(document.blocks[1], gbt9704.Heading)
    with acting_as(admin):
        actions.reset_document_template(actor=admin, kind=DocumentKind.TASK_NOTICE)
    assert documents.task_document(user, tasks["anyang"], DocumentKind.TASK_NOTICE).title.startswith("关于")
    assert AuditEntry.objects.filter(verb__in=["修改公文模板", "恢复默认公文模板"]).count() == 2
    # the page: only platform administrators
    assert client_for(world.users["macun_admin"]).get("/supervision/settings/templates/").status_code == 403
    page = client_for(admin).get("/supervision/settings/templates/").content.decode()
    assert "督办通知单" in page and "观摩评比结果通报" in page
    response = client_for(admin).post("/supervision/settings/templates/",
                                      {"kind": "task_reminder", "title": "催办", "body": "请加快。"})  # fmt: skip
    assert response.status_code == 302
    assert documents.template_for(DocumentKind.TASK_REMINDER) == ("催办", "请加快。")


def test_the_tour_results_from_a_scored_tour(world, projects, issuer, client_for):
    admin = world.users["admin"]
    with acting_as(admin):
        weights = [("进度", Decimal(60), Decimal(100)), ("质量", Decimal(40), Decimal(100))]
        rubric = actions.save_rubric(actor=admin, name="四比四看", items=weights)
        tour = actions.create_round(actor=admin, name="三季度观摩", organiser=world.units["macun"],
                                    held_on=date(2026, 9, 20), rubric=rubric)  # fmt: skip
        items = list(rubric.items.order_by("order"))
        for project, marks in (("fengying", (90, 80)), ("anyang", (60, 60))):
            actions.record_scores(actor=admin, round=tour, project=projects[project], judge="甲",
                                  marks={i.pk: Decimal(m) for i, m in zip(items, marks, strict=True)})  # fmt: skip
    client = client_for(world.users["macun_admin"])
    response = client.get(f"/supervision/rounds/{tour.pk}/document/")
    doc = Document(io.BytesIO(b"".join(response.streaming_content)))
    paragraphs = [p.text for p in doc.paragraphs]
    assert "关于三季度观摩结果的通报" in paragraphs and "一、各单位得分及排名" in paragraphs
    ranking = doc.tables[0]
    assert [c.text for c in ranking.rows[1].cells] == ["1", "冯营街道", "1", "86.00"]
    assert f"/supervision/rounds/{tour.pk}/document/" in client.get(f"/supervision/rounds/{tour.pk}/").content.decode()


def test_the_monthly_report_of_a_unit(world, projects, issuer, client_for):
    from supervision.tests.test_bulletins import approve

    approve(world, projects["fengying"], 12602 * 10**6, month=6)
    response = client_for(world.users["macun_admin"]).get("/supervision/bulletins/monthly-report/",
                                                          {"year": 2026, "month": 6})  # fmt: skip
    doc = Document(io.BytesIO(b"".join(response.streaming_content)))
    paragraphs = [p.text for p in doc.paragraphs]
    assert "2026年1-6月马村区重点项目建设情况" in paragraphs
    assert any("超序时进度15.22个百分点" in p for p in paragraphs)
    units = doc.tables[0]
    fengying = next(r for r in units.rows if r.cells[1].text == "冯营街道")
    assert fengying.cells[-1].text == "+15.22"
    bad = client_for(world.users["macun_admin"]).get("/supervision/bulletins/monthly-report/", {"month": 13},
                                                     follow=True)  # fmt: skip
    assert "月份应在 1 至 12 之间" in bad.content.decode()
