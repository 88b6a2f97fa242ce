"""The routes of a model's pages, placed and named the same way in every app (as NetBox's
get_model_urls does): one line in an app's urls.py instead of one `path` per page."""

from types import ModuleType

from django.core.exceptions import ImproperlyConfigured
from django.urls import URLPattern, path

# route: (where, after the prefix; the view's name after the model's)
PAGES = {
    "list": ("", "ListView"),
    "create": ("add/", "CreateView"),
    "detail": ("<int:pk>/", "DetailView"),
    "update": ("<int:pk>/edit/", "UpdateView"),
    "delete": ("<int:pk>/delete/", "DeleteView"),
}


def model_urls(prefix: str, views: ModuleType, model: str, *routes: str, name: str = "") -> list[URLPattern]:
    """`model_urls("leads/", views, "Lead", "list", "create", "detail", "update", "stage")` routes

    leads/ to LeadListView as "lead-list", leads/add/ to LeadCreateView as "lead-create",
    leads/<pk>/ to LeadDetailView as "lead-detail", leads/<pk>/edit/ to LeadUpdateView as
    "lead-update" (<pk>/delete/ likewise), and any other word to a page of one object:
    leads/<pk>/stage/ to LeadStageView as "lead-stage" ("reports-for" to …ReportsForView).
    Create and update may share one `<Model>FormView`. `name` replaces the model's name in the
    URL names ("type-list" for CaseType).
    """
    name = name or model.lower()
    patterns = []
    for route in routes:
        where, suffix = PAGES.get(route, (f"<int:pk>/{route}/", "".join(w.title() for w in route.split("-")) + "View"))
        view = getattr(views, model + suffix, None)
        if view is None and route in ("create", "update"):
            view = getattr(views, model + "FormView", None)
        if view is None:
            raise ImproperlyConfigured(f"{views.__name__} has no {model}{suffix} for the {route!r} page")
        patterns.append(path(prefix + where, view.as_view(), name=f"{name}-{route}"))
    return patterns
