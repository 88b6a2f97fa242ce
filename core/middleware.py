import re

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_cache_control

from . import context

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def client_ip(request) -> str | None:
    # REMOTE_ADDR only: X-Forwarded-For is client-controlled unless a proxy we trust rewrites it,
    # and deployments behind a proxy set REMOTE_ADDR through the WSGI server.
    return request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    """Gives every request an id (kept from X-Request-ID when well-formed) and records the client."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        ctx = context.RequestContext(client_ip=client_ip(request))
        if _REQUEST_ID.match(incoming):
            ctx.request_id = incoming
        request.request_id = ctx.request_id
        token = context.begin(ctx)
        try:
            response = self.get_response(request)
        finally:
            context.end(token)
        response["X-Request-ID"] = ctx.request_id
        return response


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
