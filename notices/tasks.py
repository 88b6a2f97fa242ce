"""Background work: sending deliveries after the transaction that wrote them commits (inline unless
Celery is configured). Each attempt is recorded; a failing channel is retried with backoff and
never touches the action that caused the message."""

import logging
import time

from celery import shared_task
from django.conf import settings

from . import actions, channels
from .models import Delivery, DeliveryState

log = logging.getLogger(__name__)


@shared_task
def deliver(delivery_ids: list[int]) -> None:
    retries = int(getattr(settings, "QUZHI_DELIVERY_RETRIES", 3))
    backoff = float(getattr(settings, "QUZHI_DELIVERY_BACKOFF_SECONDS", 2))
    for delivery in Delivery.objects.filter(pk__in=delivery_ids, state=DeliveryState.QUEUED).order_by("pk"):
        for attempt in range(1, retries + 2):
            try:
                channels.send(delivery)
            except Exception as exc:
                final = attempt > retries
                actions.record_attempt(delivery_id=delivery.pk, error=f"{type(exc).__name__}: {exc}", final=final)
                if final:
                    log.warning("delivery %s failed after %s attempts: %s", delivery.pk, attempt, exc)
                    break
                time.sleep(backoff * 2 ** (attempt - 1))
            else:
                actions.record_attempt(delivery_id=delivery.pk, error="", final=True)
                break


@shared_task
def deliver_once(delivery_id: int) -> None:
    """One attempt, no retries: the 发送测试消息 of 渠道设置 says at once whether the channel works."""
    delivery = Delivery.objects.filter(pk=delivery_id, state=DeliveryState.QUEUED).first()
    if delivery is None:
        return
    try:
        channels.send(delivery)
    except Exception as exc:
        actions.record_attempt(delivery_id=delivery.pk, error=f"{type(exc).__name__}: {exc}", final=True)
    else:
        actions.record_attempt(delivery_id=delivery.pk, error="", final=True)


@shared_task
def sweep_reminders() -> int:
    """Celery beat's daily job (see CELERY_BEAT_SCHEDULE): `quzhi notify_sweep` for today."""
    from django.utils import timezone

    from . import sweeps

    return actions.send_reminders(reminders=sweeps.due(timezone.localdate()))


@shared_task
def flush_held() -> int:
    """Celery beat, every quarter of an hour: send what quiet hours and the daily digest held back."""
    return actions.flush_held()
