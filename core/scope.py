"""Data scope (数据权限): the one place that decides which rows a user may see and what they may do.

A user object provides `data_scope() -> Scope` (org.User does: its role, its unit, the units of its
person's other posts (兼职), and its person). A model declares how its rows are linked to units and
people with `scope_links`, a list of `Link`s; each link says what it grants (`Grant`): to read the
row, to report on it (monthly figures, progress, problems, photos, handling a case), to change it,
to review what was reported. A row is visible when any link grants READ; an action is allowed when
the user's role may write (or review) and a link grants that action. See docs/permissions.md.

Without `scope_links`, a model's single link is its ownership: `scope_path_field`, the lookup of a
materialised path ("path" on a unit, "unit__path" on a person, "scope_path" on the audit log),
granting everything, plus `scope_enterprise_field` ("pk", "enterprise_id") naming the enterprise a
row belongs to, for what an enterprise user may see. A child row (a report of a project) names its
parent with `scope_parent` ("project") and inherits the parent's links through it.

Pages, the API, exports, imports and file URLs all filter through `restrict` and check with `can`
(`can_change`, `can_report`, `can_review`, `ensure_can`).
"""

from dataclasses import dataclass, field
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _


class DataScope:
    ALL = "all"
    SUBTREE = "subtree"
    OWN = "own"


class Grant(StrEnum):
    READ = "read"  # see the row, its page, its files; count it, export it
    REPORT = "report"  # fill in what is reported on it: monthly figures, progress, problems, photos, handling
    CHANGE = "change"  # edit the row itself (the ledger, the task, the case's dispatch)
    REVIEW = "review"  # approve or return what was reported


EVERY = frozenset(Grant)
READ_ONLY = frozenset({Grant.READ})
READ_REPORT = frozenset({Grant.READ, Grant.REPORT})
WORK = frozenset({Grant.READ, Grant.REPORT, Grant.CHANGE})


class LinkKind(StrEnum):
    UNIT = "unit"  # the lookup ends at a unit's materialised path; the user's units (and below) match
    PERSON = "person"  # the lookup ends at a person's id; the user's person matches
    USER = "user"  # the lookup ends at a user's id; the user matches
    ENTERPRISE = "enterprise"  # the lookup ends at an enterprise's id; an enterprise user's own matches


@dataclass(frozen=True)
class Link:
    """One way a row hangs on a user: a lookup, what it is called, and what it grants.

    `many` marks a lookup through a many-valued relation (配合单位, 首席服务官): it is filtered in a
    subquery, so a row linked twice is still one row.
    """

    lookup: str
    grants: frozenset = EVERY
    kind: LinkKind = LinkKind.UNIT
    label: str = ""
    many: bool = False

    def through(self, prefix: str) -> "Link":
        return Link(f"{prefix}__{self.lookup}", self.grants, self.kind, self.label, self.many)

    def applies(self, scope: "Scope") -> bool:
        if scope.enterprise_id is not None:
            return self.kind == LinkKind.ENTERPRISE
        if self.kind == LinkKind.UNIT:
            return bool(scope.paths)
        if self.kind == LinkKind.PERSON:
            return bool(scope.person_ids)
        if self.kind == LinkKind.USER:
            return scope.user_id is not None
        return False

    def condition(self, scope: "Scope", model: type[Model] | None = None) -> Q:
        """The rows this link ties to the scope (the caller checks `applies` first).

        With `model`, a subtree reached through a relation ("unit__path") is filtered as the
        relation's ids among the subtree's rows ("unit__in": a subquery on the small unit table)
        rather than as a join: a row linked by several units (所属单位 OR 责任单位) is then one scan
        with hashed lookups, which the planner estimates well, instead of joins it cannot.
        """
        if self.kind == LinkKind.UNIT:
            if scope.below:
                relation, target = _relation_of(model, self.lookup) if model is not None else (None, None)
                q = Q()
                for path in scope.paths:
                    if target is None:
                        q |= subtree_q(self.lookup, path)
                    else:
                        ids = target._base_manager.filter(subtree_q(self.lookup.rsplit("__", 1)[1], path))
                        q |= Q(**{f"{relation}__in": ids.values("pk")})
                return q
            if len(scope.paths) == 1:
                return Q(**{self.lookup: scope.paths[0]})
            return Q(**{f"{self.lookup}__in": scope.paths})
        if self.kind == LinkKind.PERSON:
            return Q(**{f"{self.lookup}__in": scope.person_ids})
        if self.kind == LinkKind.USER:
            return Q(**{self.lookup: scope.user_id})
        return Q(**{self.lookup: scope.enterprise_id})

    def q(self, scope: "Scope", model: type[Model]) -> Q:
        cond = self.condition(scope, model)
        if self.many:
            return Q(pk__in=model._base_manager.filter(cond).values("pk"))
        return cond

    def value(self, obj: Model):
        """The linked value on one object, following the lookup; None where a link is unset."""
        value = obj
        for name in self.lookup.split("__"):
            value = getattr(value, name, None)
            if value is None:
                return None
        return value

    def matches(self, scope: "Scope", value) -> bool:
        if value is None or value == "":
            return False
        if self.kind == LinkKind.UNIT:
            return scope.covers_path(value)
        if self.kind == LinkKind.PERSON:
            return value in scope.person_ids
        if self.kind == LinkKind.USER:
            return value == scope.user_id
        return value == scope.enterprise_id


# The characters of a materialised path, in the order every collation sorts them (django-treebeard's).
PATH_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def path_successor(path: str) -> str | None:
    """The first path after every path that starts with `path` ("0001" → "0002", "000Z" → "0010");
    None when there is none ("ZZZZ") or `path` has a character outside the alphabet."""
    if not path or any(c not in PATH_ALPHABET for c in path):
        return None
    chars = list(path)
    for i in range(len(chars) - 1, -1, -1):
        position = PATH_ALPHABET.index(chars[i])
        if position + 1 < len(PATH_ALPHABET):
            return "".join(chars[:i]) + PATH_ALPHABET[position + 1]
    return None


def subtree_q(lookup: str, path: str) -> Q:
    """The rows whose `lookup` lies in the subtree of `path`, as a range on the path.

    `path >= p AND path < successor(p)` selects the same rows as `path LIKE 'p%'`; the planner
    estimates a range from its histogram and reads it from the plain b-tree index, where it puts a
    `LIKE` prefix at one row and picks nested loops (docs/performance.md).
    """
    upper = path_successor(path)
    if upper is None:
        return Q(**{f"{lookup}__startswith": path})
    return Q(**{f"{lookup}__gte": path, f"{lookup}__lt": upper})


def _relation_of(model: type[Model], lookup: str):
    """("unit", Unit) for "unit__path" on a project: the relation before the path field and the
    model it reaches; (None, None) when the path is the model's own column or the lookup does not
    end in a relation's column."""
    parts = lookup.split("__")
    if len(parts) < 2:
        return None, None
    current = model
    for name in parts[:-1]:
        try:
            field = current._meta.get_field(name)
        except Exception:
            return None, None
        if not field.is_relation or field.related_model is None:
            return None, None
        current = field.related_model
    return "__".join(parts[:-1]), current


def links_of(model: type[Model]) -> list[Link]:
    """The links a model declares, its parent's through `scope_parent`, or its ownership link."""
    cached = model.__dict__.get("_scope_links_cache")
    if cached is not None:
        return cached
    links = getattr(model, "scope_links", None)
    parent = getattr(model, "scope_parent", None)
    if links is None and parent:
        related = model._meta.get_field(parent).related_model
        links = [link.through(parent) for link in links_of(related)]
    if links is None:
        links = []
        if getattr(model, "scope_path_field", None):
            links.append(Link(model.scope_path_field, EVERY, LinkKind.UNIT, "所属单位"))
        if getattr(model, "scope_enterprise_field", None):
            links.append(Link(model.scope_enterprise_field, EVERY, LinkKind.ENTERPRISE, "企业"))
    links = list(links)
    model._scope_links_cache = links
    return links


@dataclass(frozen=True)
class Scope:
    """What a user's rows hang on: their units (the account's unit and the units of other posts),
    whether units below count, their person and account, or one enterprise; or everything."""

    everything: bool = False
    path: str | None = None
    below: bool = True
    enterprise_id: int | None = None
    extra_paths: tuple[str, ...] = ()
    person_ids: tuple[int, ...] = ()
    user_id: int | None = None
    paths: tuple[str, ...] = field(init=False, compare=False)

    def __post_init__(self):
        paths = tuple(dict.fromkeys(p for p in (self.path, *self.extra_paths) if p))
        object.__setattr__(self, "paths", paths)

    def q(self, model: type[Model], grant: str = Grant.READ) -> Q:
        if self.everything:
            return Q()
        parts = [link.q(self, model) for link in links_of(model) if grant in link.grants and link.applies(self)]
        if not parts:
            return Q(pk__in=[])
        out = parts[0]
        for part in parts[1:]:
            out |= part
        return out

    def covers_path(self, path: str | None) -> bool:
        if self.everything:
            return True
        if self.enterprise_id is not None or not self.paths or not path:
            return False
        if self.below:
            return any(path.startswith(p) for p in self.paths)
        return path in self.paths

    def holds(self, obj: Model, grant: str) -> bool:
        """Does some link of `obj` grant `grant` to this scope? One query at most (for `many` links)."""
        if self.everything:
            return True
        model = type(obj)
        deferred = []
        for link in links_of(model):
            if grant not in link.grants or not link.applies(self):
                continue
            if link.many:
                deferred.append(link)
            elif link.matches(self, link.value(obj)):
                return True
        if not deferred or obj.pk is None:
            return False
        q = deferred[0].condition(self)
        for link in deferred[1:]:
            q |= link.condition(self)
        return model._base_manager.filter(q, pk=obj.pk).exists()


NOTHING = Scope(everything=False, path=None)


def scope_of(user) -> Scope:
    if user is None or not getattr(user, "is_authenticated", False):
        return NOTHING
    return user.data_scope()


def restrict(queryset: QuerySet, user, grant: str = Grant.READ) -> QuerySet:
    """The rows of `queryset` that `user` may see (or, with `grant`, report on, change, review)."""
    return queryset.filter(scope_of(user).q(queryset.model, grant))


def get_visible(queryset: QuerySet, user, **lookup) -> Model:
    """One row the user may see, or 404 (an unseen row does not exist for them)."""
    try:
        return restrict(queryset, user).get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404(_("没有找到该记录，或您无权查看。")) from exc


def can_write(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.can_write())


def _role_allows(user, grant: str) -> bool:
    if grant == Grant.READ:
        return bool(getattr(user, "is_authenticated", False))
    if grant == Grant.REVIEW:
        return bool(getattr(user, "is_authenticated", False) and user.can_review())
    return can_write(user)


def can(user, obj: Model, grant: str) -> bool:
    """May `user` do `grant` on `obj`? Their role must allow it and a link of `obj` must grant it."""
    return _role_allows(user, grant) and scope_of(user).holds(obj, grant)


def can_change(user, obj: Model) -> bool:
    """May `user` change `obj`? Needs a writing role and a link granting CHANGE."""
    return can(user, obj, Grant.CHANGE)


def can_report(user, obj: Model) -> bool:
    """May `user` report on `obj` (figures, progress, problems, photos)?"""
    return can(user, obj, Grant.REPORT)


def can_review(user, obj: Model) -> bool:
    """May `user` approve or return what was reported on `obj`?"""
    return can(user, obj, Grant.REVIEW)


def ensure_can(user, obj: Model, grant: str) -> None:
    """Raise 404 when the object is outside the scope, 403 when the user may not do `grant` on it."""
    if obj.pk is not None and not scope_of(user).holds(obj, Grant.READ):
        raise Http404(_("没有找到该记录，或您无权查看。"))
    if not can(user, obj, grant):
        raise PermissionDenied(_("您没有修改此记录的权限。"))


def ensure_can_change(user, obj: Model) -> None:
    """Raise 404 when the object is outside the scope, 403 when the user may only read it."""
    ensure_can(user, obj, Grant.CHANGE)


def ensure_can_report(user, obj: Model) -> None:
    ensure_can(user, obj, Grant.REPORT)


def ensure_can_create_under(user, path: str | None) -> None:
    """Creating a row under an org unit: the unit must lie inside the user's writable scope."""
    if not can_write(user):
        raise PermissionDenied(_("您没有新增记录的权限。"))
    if not scope_of(user).covers_path(path):
        raise PermissionDenied(_("所选单位不在您的数据权限范围内。"))


def ensure_can_change_to(user, obj: Model, changes: dict) -> None:
    """Changing `obj` with `changes`: as ensure_can_change, and a new `unit` must lie inside the
    user's writable scope, as for a row created there."""
    ensure_can_change(user, obj)
    if "unit" in changes:
        ensure_can_create_under(user, changes["unit"].path)


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
