"""The monthly-report workflow: draft → submitted → approved, or returned; corrections keep history."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404

from core.audit import history_for
from core.context import acting_as
from projects import actions, queries
from projects.choices import ReportState
from projects.models import MonthlyReport

WAN = 10_000


@pytest.fixture
def report(world, projects):
    user = world.users["fengying"]
    with acting_as(user):
        return actions.save_report(
            actor=user, project=projects["fengying"], year=2026, month=6,
            monthly_investment=2000 * WAN, ytd_investment=12602 * WAN, progress="主体封顶",
        )  # fmt: skip


def test_it_goes_from_draft_to_approved(world, report):
    unit_user, reviewer = world.users["fengying"], world.users["macun_admin"]
    with acting_as(unit_user):
        actions.submit_report(actor=unit_user, report=report)
    assert report.state == ReportState.SUBMITTED and report.submitted_by == unit_user
    with acting_as(reviewer):
        actions.approve_report(actor=reviewer, report=report)
    report.refresh_from_db()
    assert report.state == ReportState.APPROVED and report.reviewed_by == reviewer
    assert [e.verb for e in history_for(report).order_by("id")] == ["", "报送", "审核通过"]


def test_a_returned_report_is_edited_and_resubmitted(world, report):
    unit_user, reviewer = world.users["fengying"], world.users["macun_admin"]
    actions.submit_report(actor=unit_user, report=report)
    with pytest.raises(ValidationError, match="原因"):
        actions.return_report(actor=reviewer, report=report, reason=" ")
    actions.return_report(actor=reviewer, report=report, reason="累计数与上月不衔接")
    assert report.state == ReportState.RETURNED and report.return_reason == "累计数与上月不衔接"
    edited = actions.save_report(
        actor=unit_user, project=report.project, year=2026, month=6, ytd_investment=12702 * WAN
    )
    assert edited.pk == report.pk and edited.ytd_investment == 12702 * WAN
    actions.submit_report(actor=unit_user, report=edited)
    assert edited.state == ReportState.SUBMITTED and edited.return_reason == ""


@pytest.mark.parametrize(
    ("state", "action"),
    [
        (ReportState.DRAFT, "approve_report"),
        (ReportState.DRAFT, "return_report"),
        (ReportState.APPROVED, "submit_report"),
        (ReportState.APPROVED, "approve_report"),
        (ReportState.SUBMITTED, "submit_report"),
    ],
)
def test_illegal_transitions_are_refused(world, report, state, action):
    MonthlyReport.objects.filter(pk=report.pk).update(state=state, submitted_by=world.users["fengying"])
    report.refresh_from_db()
    actor = world.users["macun_admin"] if action != "submit_report" else world.users["fengying"]
    kwargs = {"reason": "x"} if action == "return_report" else {}
    with pytest.raises(ValidationError, match="不能"):
        getattr(actions, action)(actor=actor, report=report, **kwargs)
    report.refresh_from_db()
    assert report.state == state


def test_submitted_and_approved_reports_are_locked(world, report):
    unit_user = world.users["fengying"]
    actions.submit_report(actor=unit_user, report=report)
    with pytest.raises(ValidationError, match="不能修改"):
        actions.save_report(actor=unit_user, project=report.project, year=2026, month=6, ytd_investment=1)
    report.refresh_from_db()
    assert report.ytd_investment == 12602 * WAN


def test_a_correction_is_a_new_version_and_keeps_the_old(world, report):
    unit_user, reviewer = world.users["fengying"], world.users["macun_admin"]
    actions.submit_report(actor=unit_user, report=report)
    actions.approve_report(actor=reviewer, report=report)
    draft = actions.start_correction(actor=unit_user, report=report)
    assert draft.version == 2 and draft.state == ReportState.DRAFT and draft.ytd_investment == 12602 * WAN
    with pytest.raises(ValidationError, match="更正中"):
        actions.start_correction(actor=unit_user, report=report)
    actions.save_report(actor=unit_user, project=report.project, year=2026, month=6, ytd_investment=12650 * WAN)
    report.refresh_from_db()
    assert report.state == ReportState.APPROVED  # the approved figure stands until the correction is approved
    draft.refresh_from_db()
    actions.submit_report(actor=unit_user, report=draft)
    actions.approve_report(actor=reviewer, report=draft)
    report.refresh_from_db()
    assert report.state == ReportState.SUPERSEDED and report.ytd_investment == 12602 * WAN
    assert queries.current_report(report.project, 2026, 6).ytd_investment == 12650 * WAN


def test_the_database_keeps_one_approved_report_a_month(world, report):
    # The roll-ups join the approved report directly; a second one would count a project twice.
    unit_user, reviewer = world.users["fengying"], world.users["macun_admin"]
    actions.submit_report(actor=unit_user, report=report)
    actions.approve_report(actor=reviewer, report=report)
    with pytest.raises(IntegrityError), transaction.atomic():
        MonthlyReport.objects.create(project=report.project, year=2026, month=6, version=9, state="approved")


def test_a_refused_approval_leaves_the_approved_version_alone(world, report):
    unit_user, reviewer = world.users["fengying"], world.users["macun_admin"]
    actions.submit_report(actor=unit_user, report=report)
    actions.approve_report(actor=reviewer, report=report)
    draft = actions.start_correction(actor=unit_user, report=report)
    with pytest.raises(ValidationError):
        actions.approve_report(actor=reviewer, report=draft)  # still a draft
    report.refresh_from_db()
    assert report.state == ReportState.APPROVED


def test_only_reviewers_in_scope_review_and_never_their_own(world, projects, report):
    unit_user = world.users["fengying"]
    actions.submit_report(actor=unit_user, report=report)
    with pytest.raises(PermissionDenied):
        actions.approve_report(actor=world.users["anyang"], report=report)  # no review right
    with pytest.raises(PermissionDenied):
        actions.approve_report(actor=world.users["leader"], report=report)
    admin = world.users["admin"]
    MonthlyReport.objects.filter(pk=report.pk).update(submitted_by=admin)  # the action re-reads the row
    with pytest.raises(PermissionDenied, match="自己"):
        actions.approve_report(actor=admin, report=report)


def test_another_towns_user_cannot_report_for_a_project(world, projects):
    with pytest.raises(Http404):
        actions.save_report(actor=world.users["anyang"], project=projects["fengying"], year=2026, month=6)
    assert not MonthlyReport.objects.exists()


def test_stages_move_forward_and_set_actual_dates(world, projects):
    admin, project = world.users["admin"], projects["fengying"]
    actions.record_stage(actor=admin, project=project, stage="signed", on=date(2026, 1, 10))
    actions.record_stage(actor=admin, project=project, stage="started", on=date(2026, 3, 1))
    assert project.stage == "started" and project.actual_start == date(2026, 3, 1)
    with pytest.raises(ValidationError, match="向前"):
        actions.record_stage(actor=admin, project=project, stage="signed", on=date(2026, 4, 1))
    with pytest.raises(ValidationError, match="早于"):
        actions.record_stage(actor=admin, project=project, stage="building", on=date(2026, 2, 1))
    assert [e.stage for e in project.stage_events.all()] == ["signed", "started"]


def test_funding_rows_cannot_exceed_total_investment(world, projects):
    admin, project = world.users["admin"], projects["anyang"]
    rows = [{"kind": "special_bond", "amount": 100_000_000}, {"kind": "self", "amount": 100_000_000}]
    actions.set_funding(actor=admin, project=project, rows=rows)
    assert project.funding.count() == 2
    with pytest.raises(ValidationError, match="超过总投资"):
        actions.set_funding(actor=admin, project=project, rows=[*rows, {"kind": "loan", "amount": 1}])
    assert project.funding.count() == 2
