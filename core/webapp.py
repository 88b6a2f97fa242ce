"""The site as a web app a phone installs: its manifest and its service worker (see docs/phones.md).

The service worker is served from the site's root (/sw.js) so that its scope is the whole site. It
keeps only the site's own static files — styles, scripts, fonts, icons, all served by this server,
never a CDN — and an offline page; pages and API answers carry personal data and are never kept
(they stay `Cache-Control: no-store`). What a user writes with no signal is kept by field.js in
the browser's IndexedDB, not by the service worker.
"""

import hashlib
import json

from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.templatetags.static import PrefixNode, static
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

# The static files every page loads (templates/base.html), the icon font they draw with, the icons
# and the offline page: fetched when the service worker installs. Other static files (charts) are
# kept the first time a page asks for them.
PRECACHE = (
    "vendor/bootstrap/css/bootstrap.min.css",
    "vendor/bootstrap/js/bootstrap.bundle.min.js",
    "vendor/bootstrap-icons/bootstrap-icons.min.css",
    "vendor/bootstrap-icons/fonts/bootstrap-icons.woff2",
    "vendor/htmx/htmx.min.js",
    "css/quzhi.css",
    "js/quzhi.js",
    "js/field.js",
    "img/favicon.svg",
    "img/icon-192.png",
    "img/icon-512.png",
    "offline.html",
)


def precache_urls() -> list[str]:
    return [static(name) for name in PRECACHE]


@require_safe
def service_worker(request):
    urls = precache_urls()
    # Static names carry their content's hash in production (ManifestStaticFilesStorage): a new
    # release changes the list, hence the version, and the worker replaces its cache.
    version = hashlib.sha256("\n".join(urls).encode()).hexdigest()[:16]
    script = render_to_string("core/sw.js", {
        "version": json.dumps(f"quzhi-{version}"), "assets": json.dumps(urls),
        # The prefix itself, not a file: the manifest storage of production has no entry for "".
        "static_prefix": json.dumps(PrefixNode.handle_simple("STATIC_URL")),
        "offline": json.dumps(static("offline.html")),
    })  # fmt: skip
    response = HttpResponse(script, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    return response


@require_safe
def manifest(request):
    data = {
        "name": _("区治"),
        "short_name": _("区治"),
        "description": _("区县政务协同平台"),
        "lang": "zh-CN",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#f3f5f8",
        "theme_color": "#1f3a5f",
        "icons": [
            {"src": static("img/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("img/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {"src": static("img/favicon.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    return JsonResponse(data, content_type="application/manifest+json", json_dumps_params={"ensure_ascii": False})
