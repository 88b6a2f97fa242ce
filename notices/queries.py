"""Reads about 催办: how many an object has had, and the day's limit."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Count
from django.utils import timezone

from .models import Urge

# How many 催办 one object may receive a day, unless settings.QUZHI_URGE_LIMIT_PER_DAY says otherwise.
URGE_LIMIT_PER_DAY = 3


def urge_limit() -> int:
    return int(getattr(settings, "QUZHI_URGE_LIMIT_PER_DAY", URGE_LIMIT_PER_DAY))


def urges_of(obj: models.Model):
    ct = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    return Urge.objects.filter(content_type=ct, object_id=str(obj.pk))


def urges_today(obj: models.Model) -> int:
    start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    return urges_of(obj).filter(created_at__gte=start).count()


def urge_counts(model: type[models.Model], ids) -> dict:
    """How many 催办 each of `ids` (objects of `model`) has had: one query, for lists and bulletins."""
    ct = ContentType.objects.get_for_model(model, for_concrete_model=False)
    keys = {str(pk): pk for pk in ids}
    if not keys:
        return {}
    rows = (
        Urge.objects.filter(content_type=ct, object_id__in=list(keys))
        .values("object_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {keys[r["object_id"]]: r["n"] for r in rows}
