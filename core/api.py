"""Shared pieces of the JSON API: errors as JSON with a clear message, bounded inputs, scoped filtering,
and the router every app's api.py uses, which can keep an operation's old path as a deprecated alias."""

import inspect
import logging
from datetime import date
from typing import Annotated

import ninja
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Schema
from ninja.errors import ValidationError as InputError
from ninja.pagination import PageNumberPagination as NinjaPageNumberPagination

from . import bounds, scope
from .actions import protected_message
from .locking import Conflict

log = logging.getLogger(__name__)

# Bounded numbers for API inputs: a year, month, page or count of working days outside its range is
# refused with 422 before any work is done (an unbounded count once walked the calendar for minutes).
Year = Annotated[int, Field(ge=bounds.MIN_YEAR, le=bounds.MAX_YEAR)]
Month = Annotated[int, Field(ge=1, le=12)]
Workdays = Annotated[int, Field(ge=1, le=bounds.MAX_WORKDAYS)]
Percent = Annotated[int, Field(ge=0, le=100)]
# A day that bounds a report's period: a span of thousands of years would be counted day by day.
Day = Annotated[date, Field(ge=date(bounds.MIN_YEAR, 1, 1), le=date(bounds.MAX_YEAR, 12, 31))]


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] | None = None


# The error answers every operation may give besides its success, all in the shape of ErrorOut.
ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}

# The release in which the old paths, kept as deprecated aliases of the /api/<app>/<things> paths,
# stop answering (docs/api.md lists them).
ALIASES_REMOVED_IN = "0.2.0"


class Router(ninja.Router):
    """Ninja's router, where an operation may also answer at the path it had before, deprecated.

    `@router.get("/projects/reports", alias="/reports", ...)` registers the view twice: at its path,
    and at the alias marked `deprecated` in the schema, with its own operation id and URL name and a
    description naming the path to use instead. The view, its parameters and answers are the same.
    Aliases are kept after every path of the router, so that an old pattern with a parameter
    (`/projects/{project_id}`) never takes a request for a new path (`/projects/reports`).
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.aliases: set[str] = set()

    def api_operation(self, methods: list[str], path: str, *, alias: str | None = None, **options):
        def decorator(view):
            self.add_api_operation(path, methods, view, **options)
            if alias is not None:
                self.add_api_operation(alias, methods, view, **_alias_options(view, path, options))
                self.aliases.add(alias)
            for key in [k for k in self.path_operations if k in self.aliases]:
                self.path_operations[key] = self.path_operations.pop(key)  # to the end, in their order
            return view

        return decorator

    def get(self, path: str, **options):
        return self.api_operation(["GET"], path, **options)

    def post(self, path: str, **options):
        return self.api_operation(["POST"], path, **options)

    def put(self, path: str, **options):
        return self.api_operation(["PUT"], path, **options)

    def patch(self, path: str, **options):
        return self.api_operation(["PATCH"], path, **options)

    def delete(self, path: str, **options):
        return self.api_operation(["DELETE"], path, **options)


def _alias_options(view, path: str, options: dict) -> dict:
    operation_id = options.get("operation_id") or f"{view.__module__}_{view.__name__}".replace(".", "_")
    note = f"已弃用：请改用 /api{path}，{ALIASES_REMOVED_IN} 版起不再提供此路径。"
    description = options.get("description") or inspect.getdoc(view)
    return {
        **options,
        "deprecated": True,
        "operation_id": f"{operation_id}_deprecated",
        "url_name": f"{options.get('url_name') or view.__name__}_deprecated",
        "description": f"{note}\n\n{description}" if description else note,
    }


class DeadlineStatusOut(Schema):
    """A base for the schema of a row given its deadline status as `status` (cases, supervised
    tasks): its `colour`, `workdays_left` and `workdays_over` fields are read from it."""

    @staticmethod
    def resolve_colour(obj) -> str:
        return str(obj.status.colour)

    @staticmethod
    def resolve_workdays_left(obj) -> int:
        return obj.status.workdays_left

    @staticmethod
    def resolve_workdays_over(obj) -> int:
        return obj.status.workdays_over


class PageNumberPagination(NinjaPageNumberPagination):
    """Ninja's page-number pagination with an upper bound on the page number and page size."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=bounds.MAX_PAGE)
        page_size: int | None = Field(None, ge=1, le=1000)


# Pydantic's error kinds as a user reads them; anything else keeps pydantic's own message.
_INPUT_MESSAGES = {
    "missing": lambda ctx: _("必填"),
    "greater_than_equal": lambda ctx: _("不能小于 %(limit)s") % {"limit": ctx.get("ge")},
    "greater_than": lambda ctx: _("应大于 %(limit)s") % {"limit": ctx.get("gt")},
    "less_than_equal": lambda ctx: _("不能大于 %(limit)s") % {"limit": ctx.get("le")},
    "less_than": lambda ctx: _("应小于 %(limit)s") % {"limit": ctx.get("lt")},
    "int_parsing": lambda ctx: _("应为整数"),
    "int_type": lambda ctx: _("应为整数"),
    "int_from_float": lambda ctx: _("应为整数"),
    "decimal_parsing": lambda ctx: _("应为数字"),
    "decimal_type": lambda ctx: _("应为数字"),
    "finite_number": lambda ctx: _("应为有限的数字"),
    "string_type": lambda ctx: _("应为文本"),
    "bool_parsing": lambda ctx: _("应为 true 或 false"),
    "date_from_datetime_parsing": lambda ctx: _("不是有效日期（写作 2026-03-01）"),
    "date_parsing": lambda ctx: _("不是有效日期（写作 2026-03-01）"),
    "date_type": lambda ctx: _("不是有效日期（写作 2026-03-01）"),
    "datetime_parsing": lambda ctx: _("不是有效时间"),
    "model_attributes_type": lambda ctx: _("格式不正确"),
    "dict_type": lambda ctx: _("应为对象"),
    "list_type": lambda ctx: _("应为列表"),
    "json_invalid": lambda ctx: _("不是有效的 JSON"),
}


def input_errors(errors: list[dict]) -> dict[str, list[str]]:
    """Ninja's validation errors as {field: [messages]}: the field path without where it came from."""
    out: dict[str, list[str]] = {}
    for error in errors:
        loc = [str(p) for p in error.get("loc", ())]
        if loc and loc[0] in ("body", "query", "path", "form", "header", "cookie", "file"):
            where, loc = loc[0], loc[1:]
            if where == "body" and len(loc) > 1:
                loc = loc[1:]  # the name of the body parameter in the view, meaningless to a caller
        field = ".".join(loc) or "__all__"
        kind = error.get("type", "")
        message = _INPUT_MESSAGES[kind](error.get("ctx") or {}) if kind in _INPUT_MESSAGES else error.get("msg", "")
        out.setdefault(field, []).append(str(message))
    return out


def _detail(errors: dict[str, list[str]]) -> str:
    return "；".join(f"{k}: {'，'.join(v)}" if k != "__all__" else "，".join(v) for k, v in errors.items())


def install_error_handlers(api: NinjaAPI) -> None:
    """Every error answers JSON in the shape of ErrorOut, the schema each operation declares for it."""

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return api.create_response(request, {"detail": str(exc) or _("没有权限。")}, status=403)

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return api.create_response(request, {"detail": str(exc) or _("没有找到该记录。")}, status=404)

    @api.exception_handler(ValidationError)
    def invalid(request, exc):
        return api.create_response(request, _error_body(exc), status=422)

    @api.exception_handler(Conflict)
    def conflict(request, exc):
        # Someone else changed the object first (see core.locking): the request was fine, the state is not.
        return api.create_response(request, _error_body(exc), status=409)

    @api.exception_handler(InputError)
    def invalid_input(request, exc):
        errors = input_errors(exc.errors)
        return api.create_response(request, {"detail": _detail(errors), "errors": errors}, status=422)

    @api.exception_handler(ProtectedError)
    @api.exception_handler(RestrictedError)
    def still_referenced(request, exc):
        return api.create_response(request, {"detail": protected_message(exc)}, status=409)

    @api.exception_handler(Exception)
    def server_error(request, exc):
        log.exception("API error on %s %s", request.method, request.path, exc_info=exc)
        return api.create_response(request, {"detail": _("服务器内部错误，已记录，请稍后再试。")}, status=500)


def _error_body(exc: ValidationError) -> dict:
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return {"detail": _detail(errors), "errors": errors}


def filtered(request, queryset, filterset_class, params: Schema | None = None):
    """The rows the user may see, narrowed by the same filterset the list page uses."""
    qs = scope.restrict(queryset, request.user)
    data = params.dict(exclude_none=True) if params is not None else request.GET
    fs = filterset_class(data, queryset=qs, request=request)
    if not fs.is_valid():
        raise ValidationError({k: [e["message"] for e in v] for k, v in fs.errors.get_json_data().items()})
    return fs.qs
