from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import scope
from .home import Summary
from .models import AuditEntry, ImportMapping


def audit_summary(user) -> list[Summary]:
    if not user.can_view_audit():
        return []
    today = timezone.localdate()
    count = scope.restrict(AuditEntry.objects.filter(at__date=today), user).count()
    return [Summary(_("今日变更"), count, reverse("core:audit-list") + f"?since={today:%Y-%m-%d}", "clock-history")]


def import_mappings(user, kind: str):
    """The column mappings saved by the user's unit for an import, by name."""
    unit = getattr(user, "unit", None)
    if unit is None:
        return ImportMapping.objects.none()
    return ImportMapping.objects.filter(kind=kind, unit_path=unit.path)


def find_import_mapping(user, kind: str, name: str) -> ImportMapping | None:
    return import_mappings(user, kind).filter(name=name).first()
