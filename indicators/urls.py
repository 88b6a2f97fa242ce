from django.urls import path

from . import views

app_name = "indicators"

urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("ranking/", views.RankingView.as_view(), name="ranking"),
    path("entry/", views.EntryView.as_view(), name="entry"),
    path("entry/reopen/", views.ReopenView.as_view(), name="reopen"),
    path("missing/", views.MissingView.as_view(), name="missing"),
    path("values/", views.ValueListView.as_view(), name="value-list"),
    path("values/<int:pk>/", views.ValueDetailView.as_view(), name="value-detail"),
    path("targets/", views.TargetListView.as_view(), name="target-list"),
    path("targets/add/", views.TargetFormView.as_view(), name="target-create"),
    path("targets/<int:pk>/edit/", views.TargetFormView.as_view(), name="target-update"),
    path("catalogue/", views.IndicatorListView.as_view(), name="indicator-list"),
    path("catalogue/add/", views.IndicatorFormView.as_view(), name="indicator-create"),
    path("catalogue/<int:pk>/", views.IndicatorDetailView.as_view(), name="indicator-detail"),
    path("catalogue/<int:pk>/edit/", views.IndicatorFormView.as_view(), name="indicator-update"),
    path("rules/", views.RuleListView.as_view(), name="rule-list"),
    path("rules/add/", views.RuleFormView.as_view(), name="rule-create"),
    path("rules/<int:pk>/edit/", views.RuleFormView.as_view(), name="rule-update"),
    path("import/", views.ImportView.as_view(), name="import"),
    path("export/", views.ExportView.as_view(), name="export"),
]
