"""Deleting a project entered by mistake: from its page and the API, for who may change it, only
while nothing but its own plans, funding and stage steps names it; each deletion audited."""

import re
from datetime import date

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import translation

from core.context import acting_as
from core.models import AuditEntry
from notices.actions import urge
from projects import actions
from projects.models import AnnualPlan, FundingSource, Project, StageEvent, WarningState
from projects.queries import deletion_refusal
from projects.testing import YI


@pytest.fixture
def mistake(world):
    """A project in 冯营街道 with a plan, a funding row and a stage step, and nothing else."""
    admin, fields = world.users["admin"], {"level": "district", "category": "industry", "nature": "new"}
    with acting_as(admin):
        project = actions.create_project(actor=admin, unit=world.units["fengying"], code="MC-2026-099",
                                         name="录错的项目", total_investment=2 * YI, **fields)  # fmt: skip
        actions.set_annual_plan(actor=admin, project=project, year=2026, planned_investment=YI)
        actions.set_funding(actor=admin, project=project, rows=[{"kind": "self", "amount": YI}])
        actions.record_stage(actor=admin, project=project, stage="started", on=date(2026, 3, 1))
    return project


def _deleted(model, pk) -> AuditEntry:
    return AuditEntry.objects.get(content_type=ContentType.objects.get_for_model(model), object_id=str(pk),
                                  action="delete")  # fmt: skip


def test_it_deletes_a_project_from_its_page_with_its_plans_funding_and_stage_steps_each_audited(
    world, mistake, client_for
):
    client = client_for(world.users["macun_admin"])
    page = client.get(f"/projects/{mistake.pk}/").content.decode()
    assert 'id="project-delete"' in page and "确定删除项目“录错的项目”" in page
    plan, funding, step = mistake.plans.get(), mistake.funding.get(), mistake.stage_events.get()

    response = client.post(f"/projects/{mistake.pk}/delete/", follow=True)
    assert response.redirect_chain[-1][0] == "/projects/"
    assert "已删除“录错的项目" in response.content.decode()
    assert not Project.objects.filter(pk=mistake.pk).exists()
    for model, row in ((AnnualPlan, plan), (FundingSource, funding), (StageEvent, step)):
        assert not model.objects.filter(pk=row.pk).exists()
        assert _deleted(model, row.pk).actor == world.users["macun_admin"]
    entry = _deleted(Project, mistake.pk)
    assert entry.before["code"] == "MC-2026-099" and entry.after is None
    assert entry.actor == world.users["macun_admin"]
    assert _deleted(AnnualPlan, plan.pk).before["planned_investment"] == YI
    assert not WarningState.objects.filter(project_id=mistake.pk).exists()


@pytest.mark.parametrize("history", ["report", "problem", "child", "urge"])
def test_a_project_with_history_is_kept_and_no_delete_is_offered(world, mistake, client_for, token_for, history):
    admin = world.users["admin"]
    with acting_as(admin):
        if history == "report":
            actions.save_report(actor=admin, project=mistake, year=2026, month=3, ytd_investment=10 * 10**6)
            named = "月度报告"
        elif history == "problem":
            actions.add_problem(actor=admin, project=mistake, description="用地手续未批")
            named = "存在问题"
        elif history == "urge":
            urge(actor=world.users["macun_admin"], obj=mistake, note="请尽快填报")
            named = "催办"
        else:
            actions.create_project(actor=admin, unit=world.units["fengying"], code="MC-2026-100", name="子项目甲",
                                   level="district", category="industry", nature="new", total_investment=YI,
                                   parent=mistake)  # fmt: skip
            named = "子项目"
    token, client = token_for("macun_admin"), client_for(world.users["macun_admin"])
    audited = AuditEntry.objects.count()
    assert 'id="project-delete"' not in client.get(f"/projects/{mistake.pk}/").content.decode()

    response = client.post(f"/projects/{mistake.pk}/delete/", follow=True)
    assert response.redirect_chain[-1][0] == f"/projects/{mistake.pk}/"
    assert f"该项目已有{named}，不能删除。" in response.content.decode()
    api = client.delete(f"/api/projects/projects/{mistake.pk}", **token)
    assert api.status_code == 409 and named in api.json()["detail"]
    assert Project.objects.filter(pk=mistake.pk).exists() and mistake.plans.exists()
    assert AuditEntry.objects.count() == audited  # nothing half-written


def test_only_who_may_change_the_project_can_delete_it(world, mistake, client_for, client, token_for):
    # Outside the scope: not found, through the page and the API.
    other = client_for(world.users["anyang"])
    assert other.post(f"/projects/{mistake.pk}/delete/").status_code == 404
    assert client.delete(f"/api/projects/projects/{mistake.pk}", **token_for("anyang")).status_code == 404
    # Seen but not changeable: no button, and the request is refused.
    reader = client_for(world.users["readonly"])
    page = reader.get(f"/projects/{mistake.pk}/")
    assert page.status_code == 200 and 'id="project-delete"' not in page.content.decode()
    assert reader.post(f"/projects/{mistake.pk}/delete/").status_code == 403
    assert client.delete(f"/api/projects/projects/{mistake.pk}", **token_for("readonly")).status_code == 403
    assert Project.objects.filter(pk=mistake.pk).exists()

    # The unit's own user may, through the API.
    response = client.delete(f"/api/projects/projects/{mistake.pk}", **token_for("fengying"))
    assert response.status_code == 204
    assert not Project.objects.filter(pk=mistake.pk).exists()
    assert _deleted(Project, mistake.pk).actor == world.users["fengying"]


def test_a_deleted_project_is_not_asked_for_twice(world, mistake, client_for):
    client = client_for(world.users["macun_admin"])
    assert client.post(f"/projects/{mistake.pk}/delete/").status_code == 302
    assert client.post(f"/projects/{mistake.pk}/delete/").status_code == 404
    assert client.get("/projects/delete/").status_code == 404  # only a project's own address


def test_the_refusal_reads_in_english_too(world, mistake):
    admin = world.users["admin"]
    with acting_as(admin):
        actions.add_problem(actor=admin, project=mistake, description="用地手续未批")
        actions.save_report(actor=admin, project=mistake, year=2026, month=3, ytd_investment=10**7)
    with translation.override("en"):
        message = deletion_refusal(mistake)
    assert message.startswith("This project cannot be deleted: it already has records of these kinds: ")
    assert ", " in message and not re.search(r"[\u4e00-\u9fff]", message), message
