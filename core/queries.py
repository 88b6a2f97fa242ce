from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import scope
from .home import Summary
from .models import AuditEntry


def audit_summary(user) -> list[Summary]:
    if not user.can_view_audit():
        return []
    today = timezone.localdate()
    count = scope.restrict(AuditEntry.objects.filter(at__date=today), user).count()
    return [Summary(_("今日变更"), count, reverse("core:audit-list") + f"?since={today:%Y-%m-%d}", "clock-history")]
