"""A step the report's state no longer allows (someone else took it first) is a conflict: 409 in the
API, a message on the page, and no second audit row."""

from core.models import AuditEntry
from projects.models import MonthlyReport


def submitted_report(client, token_for, projects) -> int:
    unit = token_for("fengying")
    body = {"project_id": projects["fengying"].pk, "year": 2026, "month": 6, "ytd_investment": 12602 * 10**6}
    report = client.post("/api/projects/reports", body, content_type="application/json", **unit).json()
    client.post(f"/api/projects/reports/{report['id']}/submit", **unit)
    return report["id"]


def test_a_second_approval_through_the_api_is_a_conflict(world, projects, client, token_for):
    pk = submitted_report(client, token_for, projects)
    reviewer = token_for("macun_admin")
    assert client.post(f"/api/projects/reports/{pk}/approve", **reviewer).status_code == 200
    response = client.post(f"/api/projects/reports/{pk}/approve", **reviewer)
    assert response.status_code == 409
    assert "审核通过" in response.json()["detail"] and response.json()["errors"]
    assert AuditEntry.objects.filter(verb="审核通过").count() == 1


def test_a_second_approval_on_the_page_shows_a_message(world, projects, client, token_for, client_for):
    pk = submitted_report(client, token_for, projects)
    page = client_for(world.users["macun_admin"])
    assert page.post(f"/projects/reports/{pk}/approve/").status_code == 302
    response = page.post(f"/projects/reports/{pk}/approve/", follow=True)
    assert response.status_code == 200 and "不能审核通过" in response.content.decode()
    assert MonthlyReport.objects.get(pk=pk).reviewed_by == world.users["macun_admin"]
    assert AuditEntry.objects.filter(verb="审核通过").count() == 1
