from celery import shared_task

from core.context import acting_as


@shared_task
def issue_scheduled_bulletin(kind: str = "weekly") -> int | None:
    """Celery beat's weekly job (see CELERY_BEAT_SCHEDULE); returns the bulletin's id."""
    from .models import BulletinSettings
    from .scheduled import issue_scheduled

    user = BulletinSettings.current().schedule_user
    with acting_as(user):
        bulletin = issue_scheduled(kind=kind)
    return bulletin.pk if bulletin else None
