"""The daily run's reminders of cases (notices.sweeps): a case its handling unit holds (待签收,
办理中) that entered its warning margin (即将超期) or passed its limit (已超期) — to that unit."""

from datetime import date

from django.utils.translation import gettext as _

from .choices import CaseState, Colour
from .models import Case
from .queries import attach_status, visible_cases


def reminders(as_of: date):
    from notices.events import Kind
    from notices.sweeps import Reminder

    held = Case.objects.filter(
        state__in=(CaseState.DISPATCHED, CaseState.HANDLING), is_sample=False, handler_unit__isnull=False
    ).select_related("case_type", "handler_unit")
    for case in attach_status(held.order_by("due_on", "pk"), as_of=as_of):
        status, due = case.status, f"{case.due_on:%Y-%m-%d}"
        if status.colour == Colour.RED:
            kind, title = Kind.CASE_OVERDUE, _("诉求已超期：%(c)s") % {"c": case}
            body = _("时限 %(d)s，已超期 %(n)s 个工作日。") % {"d": due, "n": status.workdays_over}
        elif status.colour == Colour.YELLOW:
            kind, title = Kind.CASE_DUE_SOON, _("诉求即将超期：%(c)s") % {"c": case}
            body = _("时限 %(d)s，剩余 %(n)s 个工作日。") % {"d": due, "n": status.workdays_left}
        else:
            continue
        yield Reminder(kind=kind, obj=case, units=(case.handler_unit,), title=title, body=body,
                       url=case.get_absolute_url(), dedup_key=f"cases.case:{case.pk}:{status.colour}:{case.due_on}",
                       visible=visible_cases)  # fmt: skip
