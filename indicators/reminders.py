"""The daily run's reminders of targets (notices.sweeps): a unit with an annual target (目标) on an
indicator due for last month's cumulative period whose figure is not entered, when the period's
entry deadline is within settings.QUZHI_TARGET_REMIND_WORKDAYS working days or has passed — one
message per unit, listing the indicators, to the unit and the units that report for it (代报)."""

from collections import defaultdict
from datetime import date

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from core.calendar import workday_calendar

from .models import Target, Value
from .periods import CUMULATIVE, Period
from .queries import deadline


def reminders(as_of: date):
    from notices.events import Kind
    from notices.sweeps import Reminder

    year, month = (as_of.year, as_of.month - 1) if as_of.month > 1 else (as_of.year - 1, 12)
    period = Period(year, CUMULATIVE, month)
    closes = deadline(period).date
    if as_of > closes:
        state = "late"
    else:
        left, _fallback = workday_calendar().workdays_between(as_of, closes)
        if left > int(getattr(settings, "QUZHI_TARGET_REMIND_WORKDAYS", 2)):
            return
        state = "due"
    targets = (
        Target.objects.filter(year=year, is_sample=False, indicator__is_active=True, unit__is_active=True)
        .select_related("indicator", "unit")
        .order_by("unit__path", "indicator__order", "pk")
    )
    entered = set(
        Value.objects.filter(year=year, kind=period.kind, number=period.number).values_list("unit_id", "indicator_id")
    )
    lacking: dict = defaultdict(list)
    for target in targets:
        if target.indicator.is_due(period) and (target.unit_id, target.indicator_id) not in entered:
            lacking[target.unit].append(target.indicator)
    url = reverse("indicators:missing") + f"?period={period.key}"
    for unit, indicators in lacking.items():
        names = "、".join(i.name for i in indicators)
        facts = {"p": period.label(), "d": f"{closes:%Y-%m-%d}", "n": len(indicators), "u": unit.name}
        if state == "late":
            title = _("%(u)s %(p)s有 %(n)s 项目标指标逾期未报") % facts
        else:
            title = _("%(u)s %(p)s有 %(n)s 项目标指标即将截止报送") % facts
        body = _("报送截止日 %(d)s。未报指标：") % facts + names
        units = (unit, *unit.reported_by.all())
        yield Reminder(kind=Kind.TARGET_DUE, obj=unit, units=units, title=title, body=body, url=url,
                       dedup_key=f"indicators.target:{unit.pk}:{period.key}:{state}")  # fmt: skip
