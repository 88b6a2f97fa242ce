"""Shared pieces of the JSON API: errors as JSON with a clear message, and scoped filtering."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema

from . import scope
from .locking import Conflict


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] | None = None


def install_error_handlers(api: NinjaAPI) -> None:
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


def _error_body(exc: ValidationError) -> dict:
    errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    detail = "；".join(f"{k}: {'，'.join(v)}" if k != "__all__" else "，".join(v) for k, v in errors.items())
    return {"detail": detail, "errors": errors}


def filtered(request, queryset, filterset_class, params: Schema | None = None):
    """The rows the user may see, narrowed by the same filterset the list page uses."""
    qs = scope.restrict(queryset, request.user)
    data = params.dict(exclude_none=True) if params is not None else request.GET
    fs = filterset_class(data, queryset=qs, request=request)
    if not fs.is_valid():
        raise ValidationError({k: [e["message"] for e in v] for k, v in fs.errors.get_json_data().items()})
    return fs.qs
