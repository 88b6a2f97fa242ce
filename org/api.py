from datetime import date, timedelta

from axes.handlers.proxy import AxesProxyHandler
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from ninja import Field, Query, Schema, Status
from ninja.pagination import paginate
from ninja.security import HttpBearer

from core import context, scope
from core.api import ERRORS, PageNumberPagination, Router, filtered

from . import actions, queries
from .filtersets import EnterpriseFilterSet, PersonFilterSet, UnitFilterSet
from .models import ApiToken, Enterprise, Person, Unit, hash_token

router = Router(tags=["组织机构"])


class TokenAuth(HttpBearer):
    """`Authorization: Bearer qz_…` — a personal token; only its hash is stored."""

    def authenticate(self, request, token):
        found = (
            ApiToken.objects.select_related("user", "user__role", "user__unit")
            .filter(key_hash=hash_token(token))
            .first()
        )
        if found is None or not found.is_valid() or not found.user.is_active:
            return None
        # A lock after failed logins (django-axes) stops the account's tokens too, until it ends.
        if AxesProxyHandler.is_locked(request, {"username": found.user.get_username()}):
            return None
        now = timezone.now()
        if found.last_used_at is None or now - found.last_used_at > timedelta(minutes=1):
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        context.current().user = found.user
        return found.user


# Schemas --------------------------------------------------------------------------------------


class UnitOut(Schema):
    id: int
    name: str
    short_name: str
    kind: str
    kind_label: str = Field(alias="get_kind_display")
    code: str
    depth: int
    path: str
    is_active: bool


class UnitTreeOut(Schema):
    id: int
    name: str
    kind: str
    code: str
    children: list["UnitTreeOut"] = []


class UnitFilters(Schema):
    q: str | None = None
    kind: str | None = None
    within: int | None = None
    is_active: bool | None = None


class PersonOut(Schema):
    id: int
    name: str
    title: str
    unit_id: int
    unit_name: str = Field(alias="unit.name")
    phone: str
    email: str
    is_active: bool


class PostOut(Schema):
    """A further post (兼职) the person holds."""

    id: int
    unit_id: int
    unit_name: str = Field(alias="unit.name")
    title: str
    since: date

    @staticmethod
    def resolve_since(obj) -> date:
        """The day the post was taken up (or last taken up again)."""
        return timezone.localdate(obj.updated_at)


class PersonDetailOut(PersonOut):
    posts: list[PostOut]

    @staticmethod
    def resolve_posts(obj) -> list:
        return list(obj.posts.filter(is_active=True).select_related("unit").order_by("unit__path"))


class PersonIn(Schema):
    name: str
    title: str = ""
    unit_id: int
    phone: str = ""
    email: str = ""
    note: str = ""
    is_active: bool = True


class PersonPatch(Schema):
    name: str | None = None
    title: str | None = None
    unit_id: int | None = None
    phone: str | None = None
    email: str | None = None
    note: str | None = None
    is_active: bool | None = None


class PersonFilters(Schema):
    q: str | None = None
    unit: int | None = None
    is_active: bool | None = None


class EnterpriseOut(Schema):
    id: int
    name: str
    short_name: str
    credit_code: str
    unit_id: int
    unit_name: str = Field(alias="unit.name")
    industry: str
    industry_detail: str
    address: str
    contact_name: str
    contact_phone: str
    is_key: bool


class EnterpriseIn(Schema):
    name: str
    credit_code: str
    unit_id: int
    short_name: str = ""
    industry: str = ""
    industry_detail: str = ""
    address: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    is_key: bool = False


class EnterprisePatch(Schema):
    name: str | None = None
    credit_code: str | None = None
    unit_id: int | None = None
    short_name: str | None = None
    industry: str | None = None
    industry_detail: str | None = None
    address: str | None = None
    contact_name: str | None = None
    contact_phone: str | None = None
    is_key: bool | None = None


class EnterpriseFilters(Schema):
    q: str | None = None
    unit: int | None = None
    industry: str | None = None
    is_key: bool | None = None


class MeOut(Schema):
    username: str
    name: str
    role: str | None
    unit_id: int | None
    can_write: bool


def unit_for(request, unit_id: int) -> Unit:
    """A unit named in a request body: it must exist and lie in the caller's scope."""
    try:
        return scope.get_visible(Unit.objects.all(), request.user, pk=unit_id)
    except Http404 as exc:
        raise ValidationError({"unit_id": [f"单位 {unit_id} 不存在或不在您的数据权限范围内。"]}) from exc


def _changes(request, payload: Schema) -> dict:
    data = payload.dict(exclude_unset=True)
    if "unit_id" in data:
        data["unit"] = unit_for(request, data.pop("unit_id"))
    return data


# Endpoints ------------------------------------------------------------------------------------


@router.get("/org/me", alias="/me", response=MeOut, summary="当前用户")
def me(request):
    user = request.user
    return {
        "username": user.username,
        "name": user.first_name,
        "role": user.role.name if user.role_id else None,
        "unit_id": user.unit_id,
        "can_write": user.can_write(),
    }


@router.get("/org/units", alias="/units", response=list[UnitOut], summary="单位列表")
@paginate(PageNumberPagination, page_size=100)
def list_units(request, filters: Query[UnitFilters]):
    return filtered(request, Unit.objects.order_by("path"), UnitFilterSet, filters)


@router.get("/org/units/tree", alias="/units/tree", response=list[UnitTreeOut], summary="单位树")
def unit_tree(request, depth: int = 3):
    """The visible tree from the caller's top units down `depth` levels (one query)."""
    roots = list(queries.root_units(request.user))
    if not roots:
        return []
    max_depth = roots[0].depth + max(depth, 1) - 1
    nodes = {}
    out = []
    qs = queries.visible_units(request.user).filter(depth__lte=max_depth).order_by("path")
    for unit in qs:
        node = {"id": unit.pk, "name": unit.name, "kind": unit.kind, "code": unit.code, "children": []}
        nodes[unit.path] = node
        parent = nodes.get(unit.path[: -Unit.steplen])
        (parent["children"] if parent else out).append(node)
    return out


@router.get("/org/units/{unit_id}", alias="/units/{unit_id}", response={200: UnitOut, **ERRORS}, summary="单位详情")
def get_unit(request, unit_id: int):
    return scope.get_visible(Unit.objects.all(), request.user, pk=unit_id)


@router.get("/org/people", alias="/people", response=list[PersonOut], summary="人员列表")
@paginate(PageNumberPagination, page_size=100)
def list_people(request, filters: Query[PersonFilters]):
    return filtered(request, Person.objects.select_related("unit"), PersonFilterSet, filters)


@router.get(
    "/org/people/{person_id}",
    alias="/people/{person_id}",
    response={200: PersonDetailOut, **ERRORS},
    summary="人员详情",
)
def get_person(request, person_id: int):
    return scope.get_visible(Person.objects.select_related("unit"), request.user, pk=person_id)


@router.post("/org/people", alias="/people", response={201: PersonDetailOut, **ERRORS}, summary="新增人员")
def create_person(request, payload: PersonIn):
    data = _changes(request, payload)
    return Status(201, actions.create_person(actor=request.user, **data))


@router.patch(
    "/org/people/{person_id}",
    alias="/people/{person_id}",
    response={200: PersonDetailOut, **ERRORS},
    summary="修改人员",
)
def update_person(request, person_id: int, payload: PersonPatch):
    person = scope.get_visible(Person.objects.select_related("unit"), request.user, pk=person_id)
    return actions.update_person(actor=request.user, person=person, **_changes(request, payload))


@router.delete(
    "/org/people/{person_id}", alias="/people/{person_id}", response={204: None, **ERRORS}, summary="删除人员"
)
def delete_person(request, person_id: int):
    person = scope.get_visible(Person.objects.select_related("unit"), request.user, pk=person_id)
    actions.delete_person(actor=request.user, person=person)
    return Status(204, None)


@router.get("/org/enterprises", alias="/enterprises", response=list[EnterpriseOut], summary="企业列表")
@paginate(PageNumberPagination, page_size=100)
def list_enterprises(request, filters: Query[EnterpriseFilters]):
    return filtered(request, Enterprise.objects.select_related("unit"), EnterpriseFilterSet, filters)


@router.get(
    "/org/enterprises/{enterprise_id}",
    alias="/enterprises/{enterprise_id}",
    response={200: EnterpriseOut, **ERRORS},
    summary="企业详情",
)
def get_enterprise(request, enterprise_id: int):
    return scope.get_visible(Enterprise.objects.select_related("unit"), request.user, pk=enterprise_id)


@router.post("/org/enterprises", alias="/enterprises", response={201: EnterpriseOut, **ERRORS}, summary="新增企业")
def create_enterprise(request, payload: EnterpriseIn):
    return Status(201, actions.create_enterprise(actor=request.user, **_changes(request, payload)))


@router.patch(
    "/org/enterprises/{enterprise_id}",
    alias="/enterprises/{enterprise_id}",
    response={200: EnterpriseOut, **ERRORS},
    summary="修改企业",
)
def update_enterprise(request, enterprise_id: int, payload: EnterprisePatch):
    enterprise = scope.get_visible(Enterprise.objects.select_related("unit"), request.user, pk=enterprise_id)
    return actions.update_enterprise(actor=request.user, enterprise=enterprise, **_changes(request, payload))


@router.delete(
    "/org/enterprises/{enterprise_id}",
    alias="/enterprises/{enterprise_id}",
    response={204: None, **ERRORS},
    summary="删除企业",
)
def delete_enterprise(request, enterprise_id: int):
    enterprise = scope.get_visible(Enterprise.objects.all(), request.user, pk=enterprise_id)
    actions.delete_enterprise(actor=request.user, enterprise=enterprise)
    return Status(204, None)
