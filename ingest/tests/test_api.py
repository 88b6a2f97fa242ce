"""The ingest API: documents and the review queue in the caller's scope; accepting and rejecting a
fact with the permissions of the review pages (a reviewer of the document's unit)."""

from decimal import Decimal

import pytest

from core.audit import history_for
from indicators.models import Value
from ingest.models import Candidate
from projects.models import Project

from .conftest import PAGE, candidate


def post(client, url: str, body: dict, headers: dict):
    return client.post(url, body, content_type="application/json", **headers)


def test_it_lists_documents_and_the_queue_in_the_callers_scope(
    world, document, client, token_for, django_assert_max_num_queries
):
    reviewer = token_for("macun_admin")
    documents = client.get("/api/ingest/documents", **reviewer).json()
    assert [(d["id"], d["unit"], d["title"]) for d in documents["items"]] == [
        (document.pk, "马村区", "示范区召开工作会议")
    ]
    assert "text" not in documents["items"][0]
    assert client.get(f"/api/ingest/documents/{document.pk}", **reviewer).json()["text"] == PAGE
    with django_assert_max_num_queries(6):
        queue = client.get("/api/ingest/facts", **reviewer).json()
    waiting = document.candidates.filter(state="pending", type__in=["indicator", "project"])
    assert queue["count"] == waiting.count() > 0
    assert {f["type"] for f in queue["items"]} == {"indicator", "project"}
    gdp = candidate(document, "indicator", name="地区生产总值", year=2016)
    one = client.get(f"/api/ingest/facts/{gdp.pk}", **reviewer).json()
    assert one["text"] == PAGE[gdp.start : gdp.end] and one["text"] in one["sentence"] and one["state"] == "pending"
    amounts = client.get("/api/ingest/facts", {"type": "amount"}, **reviewer).json()
    assert {f["type"] for f in amounts["items"]} == {"amount"}
    assert client.get("/api/ingest/facts", {"state": "accepted"}, **reviewer).json()["count"] == 0
    assert client.get("/api/ingest/facts", {"state": "nonsense"}, **reviewer).status_code == 422

    other = token_for("fengying")  # 冯营街道, below 马村区: the article is not about it
    assert client.get("/api/ingest/documents", **other).json()["count"] == 0
    assert client.get("/api/ingest/facts", **other).json()["count"] == 0
    assert client.get(f"/api/ingest/documents/{document.pk}", **other).status_code == 404
    assert client.get(f"/api/ingest/facts/{gdp.pk}", **other).status_code == 404


def test_a_reviewer_accepts_a_corrected_figure_and_rejects_a_project(world, document, client, token_for):
    reviewer = token_for("macun_admin")
    gdp = candidate(document, "indicator", name="地区生产总值", year=2016)
    response = post(client, f"/api/ingest/facts/{gdp.pk}/accept", {"fields": {"growth_pct": 10}}, reviewer)
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "accepted" and response.json()["accepted_fields"]["growth_pct"] == 10
    value = Value.objects.get(indicator__code="gdp", unit=world.units["macun"], year=2016, kind="ytd", number=12)
    assert value.growth == Decimal("10") and value.level == Decimal("124.3")
    assert value.source_url == gdp.get_absolute_url()
    assert any(e.verb == "修改后采用" for e in history_for(gdp))
    again = post(client, f"/api/ingest/facts/{gdp.pk}/accept", {}, reviewer)
    assert again.status_code == 409 and "已审核" in again.json()["detail"]

    wanda = candidate(document, "project", name="万达广场")
    response = post(client, f"/api/ingest/facts/{wanda.pk}/reject", {"note": "已在台账"}, reviewer)
    assert response.status_code == 200 and response.json()["state"] == "rejected"
    wanda.refresh_from_db()
    assert wanda.note == "已在台账" and wanda.reviewed_by == world.users["macun_admin"]


def test_a_project_fact_creates_a_ledger_project_in_the_documents_unit(world, document, client, token_for):
    wanda = candidate(document, "project", name="万达广场")
    body = {"new_project": {"code": "MC-W-1", "level": "city", "category": "services", "nature": "new"}}
    response = post(client, f"/api/ingest/facts/{wanda.pk}/accept", body, token_for("macun_admin"))
    assert response.status_code == 200, response.content
    created = Project.objects.get(code="MC-W-1")
    assert (created.name, created.unit, created.total_investment) == ("万达广场", world.units["macun"], 6000000000)
    assert response.json()["result"] == f"projects.project:{created.pk}"


def test_bad_corrections_are_refused_naming_the_field(world, document, client, token_for):
    reviewer = token_for("macun_admin")
    gdp = candidate(document, "indicator", name="地区生产总值", year=2016)
    url = f"/api/ingest/facts/{gdp.pk}/accept"
    response = post(client, url, {"fields": {"through_month": 13}}, reviewer)
    assert response.status_code == 422 and "fields.through_month" in response.json()["errors"]
    response = post(client, url, {"fields": {"colour": "red"}}, reviewer)
    assert response.status_code == 422 and "fields.colour" in response.json()["errors"]
    wanda = candidate(document, "project", name="万达广场")
    response = post(client, f"/api/ingest/facts/{wanda.pk}/accept", {"project_id": 999999}, reviewer)
    assert response.status_code == 422 and "project_id" in response.json()["errors"]
    response = post(client, f"/api/ingest/facts/{wanda.pk}/accept", {"new_project": {"code": "X"}}, reviewer)
    assert response.status_code == 422
    assert Candidate.objects.filter(state="pending").count() == document.candidates.count()


@pytest.mark.parametrize(("username", "status"), [("leader", 403), ("readonly", 404), ("fengying", 404)])
def test_who_may_not_review_the_document_cannot_accept_or_reject(world, document, client, token_for, username, status):
    """A leader of 马村区 sees the fact but may not review; 冯营街道's users do not see it at all."""
    headers = token_for(username)
    gdp = candidate(document, "indicator", name="地区生产总值", year=2016)
    assert post(client, f"/api/ingest/facts/{gdp.pk}/accept", {}, headers).status_code == status
    assert post(client, f"/api/ingest/facts/{gdp.pk}/reject", {"note": "x"}, headers).status_code == status
    gdp.refresh_from_db()
    assert gdp.state == "pending" and not Value.objects.exists()
