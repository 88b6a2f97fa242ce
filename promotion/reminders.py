"""The daily run's reminders of 上争 bids (notices.sweeps): a bid still being prepared (谋划包装)
whose call closes within settings.QUZHI_BID_REMIND_WORKDAYS working days, or has closed — to the
applying unit."""

from datetime import date

from django.conf import settings
from django.utils.translation import gettext as _

from core.calendar import workday_calendar

from .choices import BidState
from .models import SupportBid


def reminders(as_of: date):
    from notices.events import Kind
    from notices.sweeps import Reminder

    margin = int(getattr(settings, "QUZHI_BID_REMIND_WORKDAYS", 3))
    calendar = workday_calendar()
    open_bids = SupportBid.objects.filter(state=BidState.PREPARED, is_sample=False, due_on__isnull=False)
    for bid in open_bids.select_related("unit").order_by("due_on", "pk"):
        due = f"{bid.due_on:%Y-%m-%d}"
        if as_of > bid.due_on:
            state, title = "late", _("上争事项已过申报截止日：%(b)s") % {"b": bid}
            body = _("申报截止日 %(d)s，仍未申报。") % {"d": due}
        else:
            left, _fallback = calendar.workdays_between(as_of, bid.due_on)
            if left > margin:
                continue
            state, title = "due", _("上争事项即将截止申报：%(b)s") % {"b": bid}
            body = _("申报截止日 %(d)s，剩余 %(n)s 个工作日。") % {"d": due, "n": left}
        key = f"promotion.bid:{bid.pk}:{state}:{bid.due_on}"
        yield Reminder(kind=Kind.BID_DUE, obj=bid, units=(bid.unit,), title=title, body=body,
                       url=bid.get_absolute_url(), dedup_key=key)  # fmt: skip
