import ipaddress
import logging
import re
import time

from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers

from . import context

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
request_log = logging.getLogger("quzhi.request")


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or, when that is a trusted reverse proxy, the address the
    proxy put in X-Forwarded-For.

    X-Forwarded-For is client-controlled except for what trusted proxies appended, so it is read
    from the right and the first address that is not a trusted proxy wins (TRUSTED_PROXY_IPS).
    """
    remote = request.META.get("REMOTE_ADDR") or None
    trusted = set(settings.TRUSTED_PROXY_IPS)
    if remote is None or remote not in trusted:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    for address in reversed(forwarded):
        if address not in trusted:
            try:
                return str(ipaddress.ip_address(address))
            except ValueError:  # not an address: the proxy did not write it; keep what is known
                return remote
    return remote


class RequestContextMiddleware:
    """Gives every request an id (kept from X-Request-ID when well-formed) and records the client."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        ctx = context.RequestContext(client_ip=client_ip(request), after_response=[])
        if _REQUEST_ID.match(incoming):
            ctx.request_id = incoming
        request.request_id = ctx.request_id
        token = context.begin(ctx)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            # Still inside the request's context: the line carries its id and user (core/logs.py).
            request_log.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "ms": round((time.monotonic() - started) * 1000),
                    "client_ip": ctx.client_ip,
                },
            )
        finally:
            context.end(token)
            _run_after_response(ctx)
        response["X-Request-ID"] = ctx.request_id
        return response


def _run_after_response(ctx: context.RequestContext) -> None:
    """What the request left for after it (core.context.after_response): each runs once; one that
    fails is logged and the others still run."""
    waiting, ctx.after_response = ctx.after_response, None
    for fn in waiting or ():
        try:
            fn()
        except Exception:
            request_log.exception("after the request %s", ctx.request_id)


def leave_session_unsaved(request) -> None:
    """This request is no activity of the user's (a job's page polling its progress): unless it
    changed the session, do not save it (SESSION_SAVE_EVERY_REQUEST would), so it writes nothing.

    On SQLite an import's commit holds the database's one write lock while it runs; a poll that
    saved its session would wait for it, and the page could show no progress until the end.
    """
    request.session_left_unsaved = True


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's, except for requests marked by `leave_session_unsaved`."""

    def process_response(self, request, response):
        session = getattr(request, "session", None)
        if getattr(request, "session_left_unsaved", False) and session is not None and not session.modified:
            if session.accessed:
                patch_vary_headers(response, ("Cookie",))
            return response
        return super().process_response(request, response)


class RequestUserMiddleware:
    """After authentication: remember the user for audit rows written during this request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            context.current().user = user
        return self.get_response(request)


class LanguageMiddleware:
    """Chinese unless the user chose otherwise (the language cookie set by the switcher).

    Django's LocaleMiddleware would follow the browser's Accept-Language; a government
    intranet wants the Chinese UI by default whatever the browser says.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        # override() restores the thread's previous language afterwards, so that a request in
        # English leaves nothing behind for the next one served by the same thread.
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class SecurityHeadersMiddleware:
    """The Content-Security-Policy on every response, and no caching of anything but static files.

    Pages and API answers carry residents' names and phones, cases and figures a browser or a proxy
    should never keep: every response other than a static file is `Cache-Control: no-store`.
    Placed before WhiteNoise so static files carry the policy too; they keep WhiteNoise's caching.
    A view that set its own policy keeps it.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = getattr(settings, "CONTENT_SECURITY_POLICY", "")
        self.static_prefix = "/" + settings.STATIC_URL.lstrip("/")

    def __call__(self, request):
        response = self.get_response(request)
        if self.policy:
            response.headers.setdefault("Content-Security-Policy", self.policy)
        if not request.path.startswith(self.static_prefix):
            patch_cache_control(response, no_store=True, private=True)
        return response
