"""Forms written on a phone, possibly with no signal, and sent later (see docs/phones.md).

A form marked `data-offline` keeps what the user wrote on the phone (IndexedDB) before sending it;
static/js/field.js sends it at once or, with no signal, when the connection returns. Each draft
carries a key (`draft_key`) the action stores under a unique constraint: sent twice, it is saved
once and the second send answers with the first. A draft's send carries the X-Quzhi-Draft header
and gets a JSON answer, so the phone can tell saved (200), refused (400/403/404) and conflict (409,
the object moved on meanwhile) apart and keep the draft, with the reason, unless it was saved.
Only a conflict the user can override (`Moved`) is offered to be sent anyway.
"""

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .locking import Conflict

HEADER = "X-Quzhi-Draft"


class DraftFields(forms.Form):
    """The hidden fields a phone form carries: its draft's key and when the phone recorded it."""

    draft_key = forms.UUIDField(required=False, widget=forms.HiddenInput)
    recorded_at = forms.DateTimeField(
        label=gettext_lazy("记录时间"), required=False, widget=forms.HiddenInput, input_formats=["iso-8601"]
    )


def is_draft(request) -> bool:
    return HEADER in request.headers


def messages_of(exc: ValidationError) -> str:
    return "；".join(str(m) for m in exc.messages)


def form_errors(form) -> str:
    return "；".join(f"{form.fields[f].label if f in form.fields else ''}：{e[0]}" for f, e in form.errors.items())


def saved(url: str) -> JsonResponse:
    """Saved (now or by an earlier send of the same draft): the phone opens `url`, where the
    message the view added is shown."""
    return JsonResponse({"ok": True, "url": url})


def refused(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"ok": False, "error": message}, status=status)


class Moved(Conflict):
    """The object moved on after the phone saw it, though the step is still allowed: the phone
    offers to send the record anyway (仍然发送). Any other conflict — the step is no longer
    allowed at all (a case already answered, a task closed) — is final: sending again cannot help."""


def answer_for(exc: Exception) -> JsonResponse:
    """The JSON answer to a draft an action refused: 409 for a conflict (`final` unless it is
    `Moved`), 403, 404 or 400."""
    if isinstance(exc, Conflict):
        return JsonResponse({"ok": False, "conflict": messages_of(exc), "final": not isinstance(exc, Moved)},
                            status=409)  # fmt: skip
    if isinstance(exc, PermissionDenied):
        return refused(str(exc) or _("您没有权限。"), 403)
    if isinstance(exc, Http404):
        return refused(_("没有找到该记录，或您无权查看。"), 404)
    return refused(messages_of(exc))


def invalid(request, form, *, url: str) -> HttpResponse:
    """A form that did not validate: its reasons as JSON to a phone's draft (which keeps it), or as a
    message on the page at `url`."""
    if is_draft(request):
        return refused(form_errors(form))
    messages.error(request, form_errors(form))
    return redirect(url)


def handle(request, write: Callable[[], object], *, url: str, success: str) -> HttpResponse:
    """Run `write` (an action that stores the draft's key) for the page's form or a phone's draft,
    and answer each the way it expects: the page a redirect to `url` with a message, the phone JSON.

    A draft saved by an earlier send (or by one running at the same moment, which trips the unique
    key) is answered as saved, so the phone drops it; on the page a refusal other than a
    ValidationError goes on to Django's own 403/404.
    """
    draft = is_draft(request)
    try:
        write()
    except (ValidationError, PermissionDenied, Http404) as exc:
        if draft:
            return answer_for(exc)
        if not isinstance(exc, ValidationError):
            raise
        messages.error(request, messages_of(exc))
        return redirect(url)
    except IntegrityError:  # the same draft, saved by a send that ran at the same moment
        if not draft:
            raise
    messages.success(request, success)
    return saved(url) if draft else redirect(url)
