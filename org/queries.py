"""Reads of the org app: scoped querysets, tree walks and home-page figures."""

from django.db.models import Count, Q
from django.db.models.functions import Substr
from django.urls import reverse
from django.utils.translation import gettext as _

from core import scope
from core.home import Summary

from .models import Enterprise, Person, Role, Unit, User


def visible_units(user):
    return scope.restrict(Unit.objects.all(), user)


def root_units(user):
    """The tops of the part of the tree the user sees: the whole tree's roots, or their own unit."""
    s = scope.scope_of(user)
    if s.everything:
        return Unit.objects.get_root_nodes()
    if s.path:
        return Unit.objects.filter(path=s.path)
    return Unit.objects.none()


def top_unit(user) -> Unit | None:
    """The unit at the top of the user's scope (the root of the tree for a scope over all of it)."""
    s = scope.scope_of(user)
    if s.path:
        return Unit.objects.get(path=s.path)
    return Unit.objects.filter(depth=1).first()


def by_branch(qs, path_field: str, top: Unit | None):
    """`qs` with `branch`, the path of the unit one level below `top` that each row's unit lies in
    (`path_field` leads to that unit's path), for figures rolled up the tree."""
    depth = (top.depth + 1) if top else 2
    return qs.annotate(branch=Substr(path_field, 1, Unit.steplen * depth))


def branch_labels(paths: list[str], top: Unit | None) -> dict[str, str]:
    """The names of the branches of a roll-up by unit (`by_branch`), by path; the top unit's own
    rows (not those of one of its branches) are labelled 本级."""
    labels = dict(Unit.objects.filter(path__in=paths).values_list("path", "name"))
    if top is not None and top.path in labels:
        labels[top.path] = _("%(name)s（本级）") % {"name": top.name}
    return labels


def children_of(user, unit: Unit):
    """Visible direct children of `unit`, in tree order."""
    return visible_units(user).filter(scope.subtree_q("path", unit.path), depth=unit.depth + 1).order_by("path")


def subtree(unit: Unit):
    return Unit.objects.filter(scope.subtree_q("path", unit.path))


def subtree_counts(units) -> dict[int, dict[str, int]]:
    """People and enterprises under each unit (whole subtree), in two grouped queries."""
    result: dict[int, dict[str, int]] = {u.pk: {"people": 0, "enterprises": 0} for u in units}
    if not units:
        return result
    cond = Q()
    for u in units:
        cond |= scope.subtree_q("unit__path", u.path)
    for model, key in ((Person, "people"), (Enterprise, "enterprises")):
        rows = model.objects.filter(cond).values("unit__path").annotate(n=Count("id"))
        for row in rows:
            for u in units:
                if row["unit__path"].startswith(u.path):
                    result[u.pk][key] += row["n"]
    return result


def home_summaries(user) -> list[Summary]:
    return [
        Summary(_("单位"), visible_units(user).count(), reverse("org:unit-tree"), "diagram-3"),
        Summary(_("人员"), scope.restrict(Person.objects.all(), user).count(), reverse("org:person-list"), "people"),
        Summary(
            _("企业"),
            scope.restrict(Enterprise.objects.all(), user).count(),
            reverse("org:enterprise-list"),
            "building",
        ),
        Summary(
            _("用户"),
            scope.restrict(User.objects.filter(is_active=True), user).count(),
            reverse("org:user-list") if user.can_admin() else "",
            "person-badge",
        ),
    ]


def first_run_url(user) -> str | None:
    """A new site: a platform administrator (or superuser) is asked for the top unit first."""
    if scope.is_platform_admin(user) and not Unit.objects.filter(depth=1).exists():
        return reverse("org:first-run")
    return None


def may_grant_role(user, role: Role | None) -> bool:
    """A role whose data scope is everything is granted only by someone whose scope is everything:
    a district administrator must not mint platform administrators."""
    return role is None or role.data_scope != "all" or scope.scope_of(user).everything


def grantable_roles(user):
    """The roles `user` may give an account: what the user form offers and the actions accept."""
    roles = Role.objects.all()
    return roles if scope.scope_of(user).everything else roles.exclude(data_scope="all")


# Who may manage posts (兼职) and 代报: the actions refuse with these, the pages ask them -------------


def may_set_reports_for(actor, unit: Unit) -> bool:
    """Is `actor` an administrator of `unit`? The check set_reports_for makes; the unit page asks it too."""
    return bool(
        getattr(actor, "is_authenticated", False) and actor.can_admin() and scope.scope_of(actor).covers_path(unit.path)
    )


def may_manage_posts(actor, person: Person) -> bool:
    """May `actor` add or end posts of `person`? An administrator who may change the person.

    The check add_post and end_post make; the person page asks it before showing their buttons.
    """
    return bool(getattr(actor, "is_authenticated", False) and actor.can_admin()) and scope.can_change(actor, person)
