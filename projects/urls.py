from django.urls import path

from core.routing import model_urls

from . import views

app_name = "projects"

urlpatterns = [
    *model_urls("", views, "Project", "list", "create", "detail", "update", "delete"),
    path("dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("map/", views.ProjectMapView.as_view(), name="map"),
    path("map/boundary/", views.DistrictMapView.as_view(), name="map-boundary"),
    path("settings/", views.SettingsView.as_view(), name="settings"),
    path("import/", views.ImportView.as_view(), name="import"),
    path("import/template/", views.LedgerTemplateView.as_view(), name="import-template"),
    path("<int:pk>/stage/", views.StageView.as_view(), name="project-stage"),
    path("<int:pk>/plan/", views.PlanView.as_view(), name="project-plan"),
    path("<int:pk>/funding/", views.FundingView.as_view(), name="project-funding"),
    path("<int:pk>/photos/", views.PhotoView.as_view(), name="project-photo"),
    path("photos/<int:pk>/<str:size>/", views.PhotoFileView.as_view(), name="photo-file"),
    path("<int:pk>/problems/", views.ProblemView.as_view(), name="project-problem"),
    path("problems/<int:pk>/resolve/", views.ResolveProblemView.as_view(), name="problem-resolve"),
    path("reports/", views.ReportEntryView.as_view(), name="report-entry"),
    path("reports/import/", views.ReportImportView.as_view(), name="report-import"),
    path("reports/import/template/", views.ReportTemplateView.as_view(), name="report-template"),
    path("reports/<int:pk>/", views.ReportDetailView.as_view(), name="report-detail"),
    path("reports/<int:pk>/correct/", views.CorrectionView.as_view(), name="report-correct"),
    path("reports/review/", views.ReviewListView.as_view(), name="review-list"),
    path("reports/review/batch/", views.BatchApproveView.as_view(), name="review-batch"),
    path("reports/<int:pk>/<str:verdict>/", views.ReviewActionView.as_view(), name="report-review"),
    path("reports/missing/", views.MissingReportsView.as_view(), name="missing-reports"),
]
