"""What waits on a user in key projects (the home page's 待办), and a leader's view of their projects."""

from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from core import scope
from core.home import Panel, Todo, TodoGroup

from . import calc, queries
from .choices import ReportState
from .models import MonthlyReport


def last_period(as_of: date) -> tuple[int, int]:
    """The month whose report is being filled: the one before `as_of` (reports come after month end)."""
    return (as_of.year, as_of.month - 1) if as_of.month > 1 else (as_of.year - 1, 12)


def _reports(user, state: str):
    """The user's reports in `state`, with their project, by period and project code."""
    rows = scope.restrict(MonthlyReport.objects.filter(state=state), user)
    return rows.select_related("project").order_by("year", "month", "project__code")


def _report_title(report) -> str:
    return _("%(p)s %(y)s年%(m)s月") % {"p": report.project.name, "y": report.year, "m": report.month}


def groups(user, *, as_of: date, limit: int) -> list[TodoGroup]:
    result = []
    year, month = last_period(as_of)
    entry = reverse("projects:report-entry") + f"?year={year}&month={month}"
    if scope.can_write(user):
        result.append(
            TodoGroup.of(
                "report_returned",
                _("退回的月度报告"),
                _reports(user, ReportState.RETURNED),
                limit=limit,
                todo=lambda r: Todo(
                    "report_returned",
                    _report_title(r),
                    reverse("projects:report-entry") + f"?year={r.year}&month={r.month}",
                    colour="red",
                    note=_("退回原因：%(r)s") % {"r": r.return_reason},
                ),
                icon="arrow-counterclockwise",
            )
        )
        # Those whose report for the month came back are in the group above (one subquery: the same
        # report must be of that month and returned).
        returned_now = MonthlyReport.objects.filter(year=year, month=month, state=ReportState.RETURNED)
        unreported = queries.unreported_projects(user, year=year, month=month).exclude(
            pk__in=returned_now.values("project_id")
        )
        deadline = queries.report_deadline(year, month)
        result.append(
            TodoGroup.of(
                "report_due",
                _("%(m)s月月度报告待填报") % {"m": month},
                unreported,
                limit=limit,
                todo=lambda p: Todo("report_due", p.name, entry, due=deadline.date),
                url=entry,
                icon="pencil-square",
            )
        )
    if user.can_review():
        url = reverse("projects:review-list")
        result.append(
            TodoGroup.of(
                "report_review",
                _("待审核的月度报告"),
                _reports(user, ReportState.SUBMITTED).exclude(submitted_by=user),
                limit=limit,
                todo=lambda r: Todo("report_review", _report_title(r), url),
                url=url,
                icon="clipboard-check",
            )
        )
    return result


WARNED_SHOWN = 5


def leader_panel(user, *, as_of: date) -> Panel | None:
    """For those who follow projects without filling them in — leaders, and anyone who is a
    project's 分包领导: 完成率 against 序时进度, red and yellow projects, their own projects."""
    person_id = getattr(user, "person_id", None)
    own = queries.visible_projects(user).filter(leader_id=person_id) if person_id else None
    follows = scope.oversees_units(user) and not scope.can_write(user)
    if not follows and not (own is not None and own.exists()):
        return None
    year, month = last_period(as_of)
    total = queries.rollup_total(user, year=year, month=month)
    counts, warned = queries.warning_summary(user, year=year, month=month, limit=WARNED_SHOWN)
    stored = queries.is_stored_period(year, month)
    rules, as_of_end = queries.warning_rules(), queries.period_end(year, month)
    benchmark = calc.schedule_benchmark(periods_elapsed=month)
    mine = []
    if own is not None:
        own = own.select_related("unit", "warning_state") if stored else own.select_related("unit")
        for p in queries.with_figures(own, year=year, month=month).order_by("code")[:20]:
            p.completion = calc.completion_rate(ytd=p.ytd, plan=p.plan)
            p.warning = (
                queries.stored_warning(p)
                if stored
                else queries.warning_for(p, rules=rules, month=month, as_of=as_of_end)
            )
            mine.append(p)
    context = {
        "year": year,
        "month": month,
        "total": total,
        "completion": calc.completion_rate(ytd=total.ytd, plan=total.plan),
        "benchmark": benchmark,
        "counts": counts,
        "warned": warned,
        "mine": mine,
        "list_url": reverse("projects:project-list") + f"?year={year}&month={month}",
        "dashboard_url": reverse("projects:dashboard") + f"?year={year}&month={month}",
    }
    return Panel(_("重点项目进度"), "projects/_home_panel.html", context, order=10)
