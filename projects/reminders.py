"""The daily run's reminders of monthly reports (notices.sweeps): last month's report due within
settings.QUZHI_REPORT_REMIND_WORKDAYS working days, or past its deadline — one message per unit
that still has projects without a submitted report, listing them."""

from datetime import date

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from core.calendar import workday_calendar

from .models import MonthlyReport, Project, ReportState
from .queries import report_deadline


def reminders(as_of: date):
    from notices.events import Kind
    from notices.sweeps import Reminder

    year, month = (as_of.year, as_of.month - 1) if as_of.month > 1 else (as_of.year - 1, 12)
    deadline = report_deadline(year, month).date
    left, _fallback = workday_calendar().workdays_between(as_of, deadline)
    if as_of > deadline:
        kind, state = Kind.REPORT_OVERDUE, "overdue"
    elif left <= int(getattr(settings, "QUZHI_REPORT_REMIND_WORKDAYS", 2)):
        kind, state = Kind.REPORT_DUE_SOON, "due"
    else:
        return
    done = MonthlyReport.objects.filter(
        year=year, month=month, state__in=[ReportState.SUBMITTED, ReportState.APPROVED]
    ).values("project_id")
    unreported = (
        Project.objects.filter(is_sample=False, actual_start__lte=date(year, month, 28), actual_finish__isnull=True)
        .exclude(pk__in=done)
        .select_related("unit")
        .order_by("unit__path", "code")
    )
    by_unit: dict = {}
    for project in unreported:
        by_unit.setdefault(project.unit, []).append(project)
    url = reverse("projects:report-entry") + f"?year={year}&month={month}"
    for unit, projects in by_unit.items():
        names = "、".join(p.name for p in projects[:10]) + (_("等") if len(projects) > 10 else "")
        period = {"y": year, "m": month, "d": f"{deadline:%Y-%m-%d}", "n": len(projects)}
        if kind == Kind.REPORT_OVERDUE:
            title = _("%(y)s年%(m)s月月报已逾期：%(n)s 个项目未报") % period
        else:
            title = _("%(y)s年%(m)s月月报即将截止：%(n)s 个项目未报") % period
        body = _("截止日 %(d)s。未报项目：") % period + names
        yield Reminder(kind=kind, obj=unit, units=(unit,), title=title, body=body, url=url,
                       dedup_key=f"projects.report:{unit.pk}:{year}-{month}:{state}")  # fmt: skip
