"""A model's pages are routed and named by one convention (core.routing.model_urls)."""

from types import ModuleType

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.views.generic import View

from core.routing import model_urls


def views_module(*names: str) -> ModuleType:
    module = ModuleType("shop.views")
    for name in names:
        setattr(module, name, type(name, (View,), {}))
    return module


def routes(patterns) -> list[tuple[str, str, str]]:
    return [(str(p.pattern), p.name, p.callback.view_class.__name__) for p in patterns]


def test_it_routes_the_pages_of_a_model_by_their_views_names():
    views = views_module("LeadListView", "LeadCreateView", "LeadDetailView", "LeadUpdateView", "LeadReportsForView")
    patterns = model_urls("leads/", views, "Lead", "list", "create", "detail", "update", "reports-for")
    assert routes(patterns) == [
        ("leads/", "lead-list", "LeadListView"),
        ("leads/add/", "lead-create", "LeadCreateView"),
        ("leads/<int:pk>/", "lead-detail", "LeadDetailView"),
        ("leads/<int:pk>/edit/", "lead-update", "LeadUpdateView"),
        ("leads/<int:pk>/reports-for/", "lead-reports-for", "LeadReportsForView"),
    ]


def test_create_and_update_may_share_a_form_view_and_the_names_another_word():
    views = views_module("CaseTypeListView", "CaseTypeFormView")
    patterns = model_urls("types/", views, "CaseType", "list", "create", "update", name="type")
    assert routes(patterns) == [
        ("types/", "type-list", "CaseTypeListView"),
        ("types/add/", "type-create", "CaseTypeFormView"),
        ("types/<int:pk>/edit/", "type-update", "CaseTypeFormView"),
    ]


def test_a_missing_view_is_named_when_the_urls_load():
    with pytest.raises(ImproperlyConfigured, match="LeadDeleteView"):
        model_urls("leads/", views_module("LeadListView"), "Lead", "list", "delete")
