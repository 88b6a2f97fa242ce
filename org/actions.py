"""Every write to the org app. Views, the API, imports and the demo loader all call these."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import actions as base
from core import audit, scope
from core.models import AuditAction

from . import codes, queries
from .choices import RoleCode, UnitKind
from .models import ApiToken, Enterprise, PeerGroup, Person, Post, Role, Unit, User, hash_token

UNIT_FIELDS = ("name", "short_name", "kind", "code", "is_active")
PERSON_FIELDS = ("name", "title", "unit", "phone", "email", "note", "is_active")
ENTERPRISE_FIELDS = (
    "name", "short_name", "credit_code", "unit", "industry", "industry_detail",
    "address", "contact_name", "contact_phone", "is_key",
)  # fmt: skip
USER_FIELDS = ("username", "first_name", "email", "unit", "role", "person", "enterprise", "is_active")


def _pick(data: dict, allowed: tuple[str, ...]) -> dict:
    unknown = set(data) - set(allowed)
    if unknown:
        raise ValidationError(_("不能修改的字段：%(f)s") % {"f": "、".join(sorted(unknown))})
    return data


# Units ---------------------------------------------------------------------------------------


@transaction.atomic
def create_unit(*, actor, parent: Unit | None, name: str, kind: str, code: str = "", short_name: str = "") -> Unit:
    if parent is None:
        if not actor.is_superuser and not scope.scope_of(actor).everything:
            raise PermissionDenied(_("只有平台管理员可以新增顶级单位。"))
    else:
        scope.ensure_can_create_under(actor, parent.path)
    unit = Unit(name=name, kind=kind, code=code, short_name=short_name)
    unit._new_parent = parent
    unit.full_clean(exclude=["path", "depth", "numchild"])
    unit = Unit.objects.add_child(parent, instance=unit) if parent else Unit.objects.add_root(instance=unit)
    audit.record(obj=unit, action=AuditAction.CREATE, after=audit.snapshot(unit))
    return unit


@transaction.atomic
def create_top_unit(*, actor, name: str, code: str) -> Unit:
    """The first unit of a new site, the root of the tree (a 市 with its GB/T 2260 code).

    Made by a platform administrator or a superuser on a database without units; the
    administrator's account is placed in it (and given the 平台管理员 role if it had none).
    """
    if not scope.is_platform_admin(actor):
        raise PermissionDenied(_("只有平台管理员可以设置顶级单位。"))
    if Unit.objects.filter(depth=1).exists():
        raise ValidationError(_("顶级单位已经设置，不能再新增。"))
    name, code = (name or "").strip(), (code or "").strip()
    errors = {}
    if not name:
        errors["name"] = _("请填写单位名称。")
    try:
        level = codes.division_level(code)
    except codes.CodeError as exc:
        errors["code"] = str(exc)
    else:
        if level != codes.LEVEL_CITY:
            errors["code"] = _("顶级单位是地市，区划代码应为地市级六位代码（后两位为00，如 410800）。")
    if errors:
        raise ValidationError(errors)
    unit = create_unit(actor=actor, parent=None, name=name, kind=UnitKind.CITY, code=code)
    changes: dict = {}
    if actor.unit_id is None:
        changes["unit"] = unit
    if actor.role_id is None:
        changes["role"] = Role.objects.get(code=RoleCode.PLATFORM_ADMIN)
    if changes:
        base.update(actor, changes=changes, verb=_("关联顶级单位"))
    return unit


@transaction.atomic
def update_unit(*, actor, unit: Unit, **changes) -> Unit:
    scope.ensure_can_change(actor, unit)
    return base.update(unit, changes=_pick(changes, UNIT_FIELDS))


@transaction.atomic
def delete_unit(*, actor, unit: Unit) -> None:
    scope.ensure_can_change(actor, unit)
    if unit.numchild or unit.people.exists() or unit.enterprises.exists() or unit.users.exists():
        raise ValidationError(_("该单位下还有下级单位、人员、企业或用户，不能删除；可改为停用。"))
    base.delete(unit)


@transaction.atomic
def set_reports_for(*, actor, unit: Unit, units) -> Unit:
    """Name the units whose indicators `unit` enters (代报): the 统计局 for the district and its towns.

    The actor must administer the reporting unit and every unit it will report for.
    """
    if not queries.may_set_reports_for(actor, unit):
        raise PermissionDenied(_("只有管理员可以设置代报单位。"))
    units = list(units)
    for target in [unit, *units]:
        if not scope.scope_of(actor).covers_path(target.path):
            raise PermissionDenied(_("所选单位不在您的数据权限范围内。"))
    if any(u.pk == unit.pk for u in units):
        raise ValidationError({"reports_for": _("单位不能为自己代报。")})
    return base.update(unit, changes={}, m2m={"reports_for": units}, verb=_("代报单位"))


# Posts (兼职) ---------------------------------------------------------------------------------


def _ensure_may_manage_posts(actor, person: Person) -> None:
    scope.ensure_can_change(actor, person)
    if not queries.may_manage_posts(actor, person):
        raise PermissionDenied(_("只有管理员可以设置兼职。"))


@transaction.atomic
def add_post(*, actor, person: Person, unit: Unit, title: str = "") -> Post:
    """A further post of `person` in `unit`: their account's scope then covers that unit too.

    A post ended before is taken up again rather than doubled.
    """
    _ensure_may_manage_posts(actor, person)
    scope.ensure_can_create_under(actor, unit.path)
    if unit.pk == person.unit_id:
        raise ValidationError({"unit": _("兼职单位不能是本人的所属单位。")})
    earlier = Post.objects.select_for_update().filter(person=person, unit=unit).first()
    if earlier is not None:
        if earlier.is_active:
            raise ValidationError({"unit": _("此人已在该单位兼职。")})
        return base.update(earlier, changes={"is_active": True, "title": title}, verb=_("恢复兼职"))
    return base.create(Post(person=person, unit=unit, title=title))


@transaction.atomic
def end_post(*, actor, post: Post) -> Post:
    _ensure_may_manage_posts(actor, post.person)
    return base.update(post, changes={"is_active": False}, verb=_("免去兼职"))


# Peer groups (reference data: platform administrators) -------------------------------------


def _ensure_admin(actor) -> None:
    scope.ensure_platform_admin(actor, _("只有平台管理员可以维护对标分组。"))


@transaction.atomic
def create_peer_group(*, actor, name: str, description: str = "", members=()) -> PeerGroup:
    _ensure_admin(actor)
    return base.create(PeerGroup(name=name, description=description), m2m={"members": members})


@transaction.atomic
def update_peer_group(*, actor, group: PeerGroup, members=None, **changes) -> PeerGroup:
    _ensure_admin(actor)
    m2m = {"members": members} if members is not None else None
    return base.update(group, changes=_pick(changes, ("name", "description")), m2m=m2m)


# People -------------------------------------------------------------------------------------


@transaction.atomic
def create_person(*, actor, unit: Unit, name: str, **fields) -> Person:
    scope.ensure_can_create_under(actor, unit.path)
    _pick(fields, PERSON_FIELDS)
    return base.create(Person(unit=unit, name=name, **fields))


@transaction.atomic
def update_person(*, actor, person: Person, **changes) -> Person:
    scope.ensure_can_change_to(actor, person, changes)
    return base.update(person, changes=_pick(changes, PERSON_FIELDS))


@transaction.atomic
def delete_person(*, actor, person: Person) -> None:
    scope.ensure_can_change(actor, person)
    base.delete(person)


# Enterprises --------------------------------------------------------------------------------


@transaction.atomic
def create_enterprise(*, actor, unit: Unit, name: str, credit_code: str, **fields) -> Enterprise:
    scope.ensure_can_create_under(actor, unit.path)
    _pick(fields, ENTERPRISE_FIELDS)
    return base.create(Enterprise(unit=unit, name=name, credit_code=credit_code, **fields))


@transaction.atomic
def update_enterprise(*, actor, enterprise: Enterprise, **changes) -> Enterprise:
    scope.ensure_can_change_to(actor, enterprise, changes)
    return base.update(enterprise, changes=_pick(changes, ENTERPRISE_FIELDS))


@transaction.atomic
def delete_enterprise(*, actor, enterprise: Enterprise) -> None:
    scope.ensure_can_change(actor, enterprise)
    if enterprise.users.exists():
        raise ValidationError(_("该企业还有关联的企业用户，不能删除。"))
    base.delete(enterprise)


# Accounts -----------------------------------------------------------------------------------


def _ensure_can_manage_user(actor, unit: Unit | None) -> None:
    if not actor.can_admin():
        raise PermissionDenied(_("您没有管理用户的权限。"))
    if not scope.scope_of(actor).everything and (unit is None or not scope.scope_of(actor).covers_path(unit.path)):
        raise PermissionDenied(_("所选单位不在您的数据权限范围内。"))


def _ensure_role_grantable(actor, role: Role | None) -> None:
    from .queries import may_grant_role

    if not may_grant_role(actor, role):
        raise PermissionDenied(_("您不能授予“%(role)s”角色。") % {"role": role.name})


@transaction.atomic
def bootstrap_admin(*, username: str, password: str, name: str = "") -> User:
    """The first platform administrator, created before any user exists to act."""
    if User.objects.filter(role__code="platform_admin").exists():
        raise PermissionDenied(_("平台管理员已经存在，请由其新增用户。"))
    user = User(username=username, first_name=name, role=Role.objects.get(code="platform_admin"))
    user.set_password(password)
    base.create(user, verb=_("初始化平台管理员"))
    return user


@transaction.atomic
def create_user(*, actor, username: str, password: str, role: Role, unit: Unit | None, **fields) -> User:
    from django.contrib.auth.password_validation import validate_password

    _ensure_can_manage_user(actor, unit)
    _ensure_role_grantable(actor, role)
    _pick(fields, USER_FIELDS)
    user = User(username=username, role=role, unit=unit, **fields)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc
    user.set_password(password)
    return base.create(user)


@transaction.atomic
def update_user(*, actor, user: User, **changes) -> User:
    _ensure_can_manage_user(actor, user.unit)
    if "unit" in changes:
        _ensure_can_manage_user(actor, changes["unit"])
    if "role" in changes:
        _ensure_role_grantable(actor, changes["role"])
    return base.update(user, changes=_pick(changes, USER_FIELDS))


@transaction.atomic
def set_password(*, actor, user: User, password: str) -> User:
    """A user changing their own password, or an administrator resetting one."""
    from django.contrib.auth.password_validation import validate_password

    if actor.pk != user.pk:
        _ensure_can_manage_user(actor, user.unit)
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit.record(obj=user, action=AuditAction.UPDATE, verb=_("修改密码"), actor=actor)
    return user


@transaction.atomic
def unlock_user(*, actor, user: User) -> int:
    """Lift a login lockout before its 15 minutes are over. Returns how many lock records went."""
    from axes.utils import reset

    _ensure_can_manage_user(actor, user.unit)
    removed = reset(username=user.username)
    audit.record(obj=user, action=AuditAction.UPDATE, verb=_("解除登录锁定"), actor=actor)
    return removed


@transaction.atomic
def issue_api_token(*, actor, name: str, expires_at=None) -> tuple[ApiToken, str]:
    """Create a token for the actor. Returns the token and the key, which is never stored."""
    raw = ApiToken.generate_key()
    token = ApiToken(user=actor, name=name, key_prefix=raw[:10], key_hash=hash_token(raw), expires_at=expires_at)
    base.create(token)
    return token, raw


@transaction.atomic
def revoke_api_token(*, actor, token: ApiToken) -> ApiToken:
    if token.user_id != actor.pk and not actor.can_admin():
        raise PermissionDenied(_("不能吊销他人的令牌。"))
    return base.update(token, changes={"revoked_at": timezone.now()}, verb=_("吊销令牌"))
