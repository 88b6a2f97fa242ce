"""The weekly bulletin drafted on schedule: from Celery beat when configured, or the issue_bulletin command."""

import logging
from datetime import date, timedelta

from django.utils import timezone

from . import actions
from .bulletins import period_for
from .models import Bulletin, BulletinSettings

log = logging.getLogger(__name__)


def issue_scheduled(*, kind: str = "weekly", as_of: date | None = None, force: bool = False) -> Bulletin | None:
    """Draft the bulletin of the period that just ended (last week, or last month), once.

    Runs on Monday morning for the week before; a period that already has a bulletin for the
    same unit is skipped unless `force`, so a re-run of the job never drafts twice. The draft then
    goes through 送审, 审核 and 签发 like any other.
    """
    settings = BulletinSettings.current()
    if settings.schedule_unit is None or settings.schedule_user is None:
        log.warning("Scheduled bulletin skipped: no unit or user set in the bulletin settings")
        return None
    today = timezone.localdate()
    if as_of is None:
        as_of = today - timedelta(days=today.weekday() + 1) if kind == "weekly" else today.replace(day=1) - timedelta(1)
    period = period_for(kind, as_of)
    exists = Bulletin.objects.filter(kind=kind, unit=settings.schedule_unit, period_start=period.start).exists()
    if exists and not force:
        log.info("Bulletin for %s %s already issued", kind, period.start)
        return None
    return actions.draft_bulletin(actor=settings.schedule_user, kind=kind, unit=settings.schedule_unit, as_of=as_of)
