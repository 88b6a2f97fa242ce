from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.openapi.docs import Swagger, _csrf_needed
from ninja.security import SessionAuth

from cases.api import router as cases_router
from core.api import install_error_handlers
from core.todo_api import router as todo_router
from indicators.api import router as indicators_router
from ingest.api import router as ingest_router
from notices.api import router as notices_router
from org.api import TokenAuth
from org.api import router as org_router
from projects.api import router as projects_router
from promotion.api import router as promotion_router
from supervision.api import router as supervision_router


class LocalSwagger(Swagger):
    """Swagger UI served from our static files (swagger-ui-dist from npm), never from a CDN.

    The page has no inline script: the settings travel as JSON and static/js/api-docs.js starts the UI.
    """

    template = "api/docs.html"

    def render_page(self, request, api, **kwargs):
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        context = {"swagger_settings": self.settings, "api": api, "add_csrf": _csrf_needed(api)}
        return render(request, self.template, context)


def signed_in(view):
    """The docs and the schema are for users of the platform: a session or a personal API token.

    Anonymous browsers go to the login page; anything else asking for the schema gets a 401.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            user = TokenAuth()(request)
        if user:
            return view(request, *args, **kwargs)
        if request.path.endswith(".json"):
            return JsonResponse({"detail": _("请先登录或提供 API 令牌。")}, status=401)
        return redirect_to_login(request.get_full_path())

    return wrapper


api = NinjaAPI(
    title="区治 API",
    version="1",
    description="区治平台接口。认证：页面登录后的会话，或个人 API 令牌（Authorization: Bearer qz_…）。"
    "所有数据按当前用户的数据权限过滤。",
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api",
    docs=LocalSwagger(settings={"validatorUrl": None, "deepLinking": True}),
    docs_decorator=signed_in,
)
install_error_handlers(api)
api.add_router("/", org_router)
api.add_router("/", projects_router)
api.add_router("/", indicators_router)
api.add_router("/", promotion_router)
api.add_router("/", supervision_router)
api.add_router("/", cases_router)
api.add_router("/", ingest_router)
api.add_router("/", todo_router)
api.add_router("/", notices_router)
