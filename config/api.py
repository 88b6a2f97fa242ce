from ninja import NinjaAPI
from ninja.security import SessionAuth

from cases.api import router as cases_router
from core.api import install_error_handlers
from indicators.api import router as indicators_router
from org.api import TokenAuth
from org.api import router as org_router
from projects.api import router as projects_router
from promotion.api import router as promotion_router
from supervision.api import router as supervision_router

api = NinjaAPI(
    title="区治 API",
    version="1",
    description="区治平台接口。认证：页面登录后的会话，或个人 API 令牌（Authorization: Bearer qz_…）。"
    "所有数据按当前用户的数据权限过滤。",
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api",
)
install_error_handlers(api)
api.add_router("/", org_router)
api.add_router("/", projects_router)
api.add_router("/", indicators_router)
api.add_router("/", promotion_router)
api.add_router("/", supervision_router)
api.add_router("/", cases_router)
