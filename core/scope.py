"""Data scope (数据权限): the one place that decides which rows a user may see and change.

A user object provides `data_scope() -> Scope` (org.User does, from its role and unit).
A model says how its rows hang on the org tree with `scope_path_field`, the lookup of a
materialised path ("path" on a unit, "unit__path" on a person, "scope_path" on the audit log),
and optionally `scope_enterprise_field`, a plain attribute ("pk", "enterprise_id") naming the
enterprise a row belongs to, for what an enterprise user may see.
Pages, the API, exports and imports all filter through `restrict` and check with `can_change`.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _


class DataScope:
    ALL = "all"
    SUBTREE = "subtree"
    OWN = "own"


@dataclass(frozen=True)
class Scope:
    everything: bool = False
    path: str | None = None
    below: bool = True
    enterprise_id: int | None = None

    def q(self, model: type[Model]) -> Q:
        if self.everything:
            return Q()
        if self.enterprise_id is not None:
            field = getattr(model, "scope_enterprise_field", None)
            if field is None:
                return Q(pk__in=[])
            return Q(**{field: self.enterprise_id})
        field = getattr(model, "scope_path_field", None)
        if field is None or not self.path:
            return Q(pk__in=[])
        if self.below:
            return Q(**{f"{field}__startswith": self.path})
        return Q(**{field: self.path})

    def covers_path(self, path: str | None) -> bool:
        if self.everything:
            return True
        if self.enterprise_id is not None or not self.path or not path:
            return False
        return path.startswith(self.path) if self.below else path == self.path


NOTHING = Scope(everything=False, path=None)


def scope_of(user) -> Scope:
    if user is None or not getattr(user, "is_authenticated", False):
        return NOTHING
    return user.data_scope()


def restrict(queryset: QuerySet, user) -> QuerySet:
    """The rows of `queryset` that `user` may see."""
    return queryset.filter(scope_of(user).q(queryset.model))


def get_visible(queryset: QuerySet, user, **lookup) -> Model:
    """One row the user may see, or 404 (an unseen row does not exist for them)."""
    try:
        return restrict(queryset, user).get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404(_("没有找到该记录，或您无权查看。")) from exc


def can_write(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.can_write())


def can_change(user, obj: Model) -> bool:
    """May `user` change `obj`? Needs a writing role and the object inside the scope."""
    if not can_write(user):
        return False
    scope = scope_of(user)
    if scope.enterprise_id is not None:
        field = getattr(type(obj), "scope_enterprise_field", None)
        return field is not None and getattr(obj, field) == scope.enterprise_id
    return scope.covers_path(getattr(obj, "scope_path", None))


def ensure_can_change(user, obj: Model) -> None:
    """Raise 404 when the object is outside the scope, 403 when the user may only read it."""
    scope = scope_of(user)
    model = type(obj)
    if obj.pk is not None and not model._default_manager.filter(scope.q(model), pk=obj.pk).exists():
        raise Http404(_("没有找到该记录，或您无权查看。"))
    if not can_change(user, obj):
        raise PermissionDenied(_("您没有修改此记录的权限。"))


def ensure_can_create_under(user, path: str | None) -> None:
    """Creating a row under an org unit: the unit must lie inside the user's writable scope."""
    if not can_write(user):
        raise PermissionDenied(_("您没有新增记录的权限。"))
    if not scope_of(user).covers_path(path):
        raise PermissionDenied(_("所选单位不在您的数据权限范围内。"))


def works_in_units(user) -> bool:
    """Does `user` work for a unit of the org tree (not for one enterprise)?"""
    s = scope_of(user)
    return s.everything or bool(s.path and s.enterprise_id is None)


def oversees_units(user) -> bool:
    """Does `user` answer for a unit and what lies below it (not one grid, not one enterprise)?

    The ledgers, dashboards and roll-ups are for them; a grid worker and an enterprise user work
    from their inbox and their own cases.
    """
    s = scope_of(user)
    return s.everything or bool(s.path and s.below and s.enterprise_id is None)


def is_platform_admin(user) -> bool:
    """May `user` change what every unit shares — settings, catalogues, rubrics, peer groups?

    An administrator whose scope is everything; a district administrator is not one.
    """
    return bool(getattr(user, "is_authenticated", False) and user.can_admin() and scope_of(user).everything)


def ensure_platform_admin(user, message: str) -> None:
    if not is_platform_admin(user):
        raise PermissionDenied(message)
