"""Ingesting documents and reviewing their facts: records made with provenance, audit, data scope."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core.audit import history_for
from core.context import acting_as
from indicators.catalogue import ensure
from indicators.models import Indicator, Target, ValidationRule, Value
from ingest import actions, queries
from ingest.models import Candidate, Document
from projects.models import Project
from projects.testing import build_projects

from .conftest import PAGE, candidate


def test_the_same_text_is_ingested_once(world, document):
    admin = world.users["admin"]
    again, created = actions.ingest_document(actor=admin, name="copy.txt", text=PAGE, extractor=queries.extractor())
    assert again == document and not created
    assert document.published_on.isoformat() == "2017-02-12" and document.title == "示范区召开工作会议"
    assert history_for(document)
    with pytest.raises(PermissionDenied):  # whether a text is here is itself not for everyone to learn
        actions.ingest_document(
            actor=world.users["fengying"], name="copy.txt", text=PAGE, extractor=queries.extractor()
        )


def test_accepting_a_figure_records_it_with_the_article_as_its_source(world, document):
    reviewer = world.users["macun_admin"]
    gdp = candidate(document, "indicator", name="地区生产总值", year=2016)
    with acting_as(reviewer):
        actions.accept_candidate(actor=reviewer, candidate=gdp)
    value = Value.objects.get(indicator__code="gdp", unit=world.units["macun"], year=2016, kind="ytd", number=12)
    assert value.level == Decimal("124.3") and value.growth == Decimal("9.9")  # 元 → the catalogue's 亿元
    assert value.source == "article" and value.source_url == gdp.get_absolute_url()
    assert PAGE[value.source_start : value.source_end] == "全区生产总值 124.3 亿元，比上年增长9.9%"
    gdp.refresh_from_db()
    assert gdp.state == "accepted" and gdp.result == f"indicators.value:{value.pk}"
    with pytest.raises(ValidationError, match="已审核"):
        actions.accept_candidate(actor=reviewer, candidate=gdp)


def test_dollars_go_to_the_catalogues_unit_and_a_goal_becomes_a_target(world, document):
    reviewer = world.users["macun_admin"]
    with acting_as(reviewer):
        actions.accept_candidate(actor=reviewer, candidate=candidate(document, "indicator", name="进出口总值"))
        actions.accept_candidate(actor=reviewer, candidate=candidate(document, "indicator", target=True))
    assert Value.objects.get(indicator__code="trade").level == Decimal("3990")  # 万美元
    target = Target.objects.get(indicator__code="gdp", year=2017)
    assert target.value == 9 and target.approximate


def test_a_reviewer_corrects_a_figure_before_accepting_it(world, document, client_for):
    gdp = candidate(document, "indicator", name="地区生产总值", year=2016)
    client = client_for(world.users["macun_admin"])
    page = client.get(gdp.get_absolute_url()).content.decode()
    assert "<mark>" in page and "124.3" in page
    client.post(
        gdp.get_absolute_url(),
        {
            "verdict": "accept",
            "name": "地区生产总值",
            "year": 2016,
            "through_month": 12,
            "value": "12440000000",
            "currency": "CNY",
            "growth_pct": "9.9",
        },
    )
    gdp.refresh_from_db()
    assert gdp.state == "accepted" and gdp.accepted_fields["value"] == 12440000000
    assert Value.objects.get(indicator__code="gdp").level == Decimal("124.4")
    assert any(e.verb == "修改后采用" for e in history_for(gdp))


def test_a_project_is_matched_by_name_and_its_investment_updated(world, document, client_for):
    projects = build_projects(world)  # 生物医药产业园 in 冯营街道
    fact = candidate(document, "project", investment=2500000000)
    client = client_for(world.users["macun_admin"])
    page = client.get(fact.get_absolute_url()).content.decode()
    assert "生物医药产业园" in page and "0.9" in page
    client.post(
        fact.get_absolute_url(),
        {
            "verdict": "accept",
            "name": fact.fields["name"],
            "investment": "2500000000",
            "match": projects["fengying"].pk,
        },
    )
    projects["fengying"].refresh_from_db()
    assert projects["fengying"].total_investment == 2500000000


def test_an_unmatched_project_is_created_from_the_review_page(world, document, client_for):
    wanda = candidate(document, "project", name="万达广场")
    client = client_for(world.users["macun_admin"])
    client.post(
        wanda.get_absolute_url(),
        {
            "verdict": "accept",
            "name": "万达广场",
            "investment": "6000000000",
            "match": "new",
            "new-code": "MC-W-1",
            "new-unit": world.units["macun"].pk,
            "new-level": "city",
            "new-category": "services",
            "new-nature": "new",
        },
    )
    created = Project.objects.get(code="MC-W-1")
    assert created.name == "万达广场" and created.total_investment == 6000000000


def test_rejecting_keeps_the_candidate_and_says_why(world, document):
    reviewer = world.users["macun_admin"]
    fact = candidate(document, "project", name="万达广场")
    with acting_as(reviewer):
        actions.reject_candidate(actor=reviewer, candidate=fact, note="已在台账")
    fact.refresh_from_db()
    assert fact.state == "rejected" and fact.note == "已在台账" and fact.reviewed_by == reviewer


def test_another_unit_cannot_see_or_review_the_document(world, document, client_for):
    fact = candidate(document, "indicator", name="地区生产总值", year=2016)
    other = client_for(world.users["fengying"])  # 冯营街道: below 马村区, not the unit the page is about
    assert other.get(fact.get_absolute_url()).status_code == 404
    assert other.get(document.get_absolute_url()).status_code == 404
    assert "124.3" not in other.get("/ingest/").content.decode()
    assert other.post(fact.get_absolute_url(), {"verdict": "reject"}).status_code == 404
    with pytest.raises(PermissionDenied):
        actions.accept_candidate(actor=world.users["fengying"], candidate=fact)
    fact.refresh_from_db()
    assert fact.state == "pending"


def test_the_queue_and_documents_pages(world, document, client_for):
    client = client_for(world.users["macun_admin"])
    queue = client.get("/ingest/").content.decode()
    assert "地区生产总值" in queue and "<mark>" in queue
    page = client.get(document.get_absolute_url()).content.decode()
    assert f'id="c{document.candidates.filter(type="indicator").first().pk}"' in page
    assert client.get("/ingest/documents/").status_code == 200


def test_the_queue_does_not_grow_queries_with_rows(world, document, client_for):
    from core.testing import count_queries

    client = client_for(world.users["macun_admin"])
    small = count_queries(lambda: client.get("/ingest/"))
    admin = world.users["admin"]
    with acting_as(admin):
        actions.ingest_document(
            actor=admin,
            name="b.txt",
            text=PAGE.replace("2016", "2015"),
            extractor=queries.extractor(),
            unit=world.units["macun"],
        )
    assert Candidate.objects.count() > 10
    assert count_queries(lambda: client.get("/ingest/")) == small


def test_upload_stores_documents_and_refuses_other_encodings(world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    ensure(Indicator, ValidationRule)
    client = client_for(world.users["macun_admin"])
    good = SimpleUploadedFile("a.txt", PAGE.encode())
    bad = SimpleUploadedFile("b.txt", PAGE.encode("gbk"))
    client.post("/ingest/upload/", {"files": [good, bad], "unit": world.units["macun"].pk})
    assert list(Document.objects.values_list("name", flat=True)) == ["a.txt"]
    assert client_for(world.users["fengying"]).get("/ingest/upload/").status_code == 403


def test_counts_and_gaps_are_listed_counted_and_shown_as_written(world, client_for):
    ensure(Indicator, ValidationRule)
    text = (
        "2024年10月1日 星期二\n\n马村区经济运行\n\n全年实施重点项目120个。固定资产投资12.4亿元，"
        "增速高于全市平均水平2.1个百分点。引进外资5300万美元。\n"
    )
    client = client_for(world.users["macun_admin"])
    upload = SimpleUploadedFile("page.txt", text.encode(), content_type="text/plain")
    response = client.post("/ingest/upload/", {"files": [upload], "unit": world.units["macun"].pk}, follow=True)
    document = Document.objects.get(name="page.txt")
    pending = document.candidates.filter(type__in=["indicator", "project", "count", "gap"])
    said = response.content.decode()
    assert f"page.txt：{pending.count()} 条待审核事实" in said and pending.count() == 3
    queue = client.get("/ingest/", {"document": document.pk}).content.decode()
    assert queue.count(">审核</a></td>") == pending.count()
    assert "实施重点项目</strong> 120个" in queue and "高于全市平均水平 2.1 个百分点" in queue
    assert "12.4亿元" in queue and "1240000000" not in queue and "CNY" not in queue
    count = document.candidates.get(type="count")
    with acting_as(world.users["macun_admin"]):
        actions.accept_candidate(actor=world.users["macun_admin"], candidate=count)
    assert Candidate.objects.get(pk=count.pk).state == "accepted"
    amount = document.candidates.get(type="amount", fields__currency="USD")
    assert "5,300万美元" in client.get(amount.get_absolute_url()).content.decode()
    form = client.get(document.candidates.get(type="indicator").get_absolute_url()).content.decode()
    assert "人民币" in form and ">CNY<" not in form
