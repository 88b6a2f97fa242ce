from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.i18n import JavaScriptCatalog

from core import webapp
from core.views import ActivityView, HomeView
from org.forms import LoginForm

from .api import api


class FaviconView(RedirectView):
    """Browsers and tools ask for /favicon.ico whatever the page links: send them to the icon."""

    permanent = True

    def get_redirect_url(self, *args, **kwargs):
        return static("img/favicon.svg")


urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("favicon.ico", FaviconView.as_view()),
    # The web app a phone installs: served from the root, so the service worker's scope is the site.
    path("sw.js", webapp.service_worker, name="service-worker"),
    path("manifest.webmanifest", webapp.manifest, name="manifest"),
    path("activity/", ActivityView.as_view(), name="activity"),
    path(
        "login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True, authentication_form=LoginForm),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("org/", include("org.urls")),
    path("projects/", include("projects.urls")),
    path("indicators/", include("indicators.urls")),
    path("promotion/", include("promotion.urls")),
    path("supervision/", include("supervision.urls")),
    path("cases/", include("cases.urls")),
    path("ingest/", include("ingest.urls")),
    path("system/", include("core.urls")),
    path("notices/", include("notices.urls")),
    path("cockpit/", include("cockpit.urls")),
    path("api/", api.urls),
]

handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
