from celery import shared_task

from core.context import acting_as


@shared_task
def refresh_warnings() -> int:
    """Celery beat's nightly job (see CELERY_BEAT_SCHEDULE): every project's stored warning judged
    again for the current period. Returns how many colours changed."""
    from .actions import refresh_warnings as refresh

    with acting_as(None):
        return refresh()
