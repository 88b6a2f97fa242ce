from celery import shared_task

from core.context import acting_as


@shared_task
def sweep_cases() -> tuple[int, int]:
    """Celery beat's daily job (see CELERY_BEAT_SCHEDULE): overdue flags, then escalation.

    Returns (cases whose overdue flag changed, cases escalated to the unit above)."""
    from .sweeping import sweep

    with acting_as(None):
        return sweep()
