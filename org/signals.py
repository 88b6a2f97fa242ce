from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver
from django.utils.translation import gettext as _

from core import audit
from core.models import AuditAction


@receiver(user_logged_in)
def audit_login(sender, request, user, **kwargs):
    with transaction.atomic():
        audit.record(obj=user, action=AuditAction.LOGIN, verb=_("登录"), actor=user)
