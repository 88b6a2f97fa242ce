from django import template

from .. import queries, urging
from ..models import Notification

register = template.Library()


@register.inclusion_tag("notices/_badge.html", takes_context=True)
def notice_badge(context):
    """The bell in the page header with the signed-in user's unread count (one COUNT query)."""
    user = context.get("user")
    unread = 0
    if user is not None and user.is_authenticated:
        unread = Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()
    return {"unread": unread}


@register.inclusion_tag("notices/_urge.html", takes_context=True)
def urge_box(context, obj):
    """The count of 催办 on `obj`, and the 催办 button for those who may press it."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "obj": obj,
        "count": queries.urges_of(obj).count(),
        "may": urging.may_urge(user, obj),
        "meta": obj._meta,
        "next": request.get_full_path() if request else "",
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("notices/_urge.html", takes_context=True)
def urge_counted(context, obj, count, may):
    """The same as urge_box for a row of a list, whose view counted the 催办 of all rows at once
    (notices.queries.urge_counts) and asked who may urge each."""
    request = context.get("request")
    return {
        "obj": obj,
        "count": count,
        "may": may,
        "meta": obj._meta,
        "next": request.get_full_path() if request else "",
        "csrf_token": context.get("csrf_token"),
    }
