"""Who receives a message about an object: the users of the named units whom the data scope lets
see it. Visibility is asked of core.scope (or of the app's own rule for its objects, such as
cases.queries.visible_cases), so a change to the scope changes who is told."""

from collections.abc import Callable, Iterable

from django.contrib.auth import get_user_model
from django.db.models import Model, QuerySet

from core import scope

Visible = Callable[[object], QuerySet]


def default_visible(obj: Model) -> Visible:
    manager = type(obj)._default_manager
    return lambda user: scope.restrict(manager.all(), user)


def unit_users(*, units: Iterable, obj: Model, visible: Visible | None = None, exclude=None) -> list:
    """Active staff users of `units` who may see `obj` (one query for the users, one per user to check)."""
    unit_ids = {u.pk if hasattr(u, "pk") else u for u in units if u is not None}
    if not unit_ids:
        return []
    visible = visible or default_visible(obj)
    # Enterprise accounts are the people served, not the unit's staff: they are not told of its work.
    users = get_user_model().objects.filter(is_active=True, unit_id__in=unit_ids, enterprise__isnull=True)
    users = users.select_related("role", "unit")
    if exclude is not None and getattr(exclude, "pk", None):
        users = users.exclude(pk=exclude.pk)
    return [u for u in users.order_by("pk") if u.role_id and visible(u).filter(pk=obj.pk).exists()]
