from django.urls import path

from core.routing import model_urls

from . import views

app_name = "indicators"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("ranking/", views.RankingView.as_view(), name="ranking"),
    path("entry/", views.EntryView.as_view(), name="entry"),
    path("entry/reopen/", views.ReopenView.as_view(), name="reopen"),
    path("missing/", views.MissingView.as_view(), name="missing"),
    *model_urls("values/", views, "Value", "list", "detail"),
    *model_urls("targets/", views, "Target", "list", "create", "update"),
    *model_urls("catalogue/", views, "Indicator", "list", "create", "detail", "update"),
    *model_urls("rules/", views, "Rule", "list", "create", "update"),
    path("import/", views.ImportView.as_view(), name="import"),
    path("export/", views.ExportView.as_view(), name="export"),
]
