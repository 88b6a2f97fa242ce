from django.urls import path

from core.routing import model_urls

from . import views

app_name = "supervision"

urlpatterns = [
    *model_urls("", views, "Task", "list", "create", "detail", "update"),
    path("<int:pk>/<str:step>/", views.TaskStepView.as_view(), name="task-step"),
    path("attachments/<int:pk>/", views.AttachmentView.as_view(), name="attachment"),
    path("overdue/", views.OverdueView.as_view(), name="overdue"),
    *model_urls("inspections/", views, "Inspection", "list", "create", "detail"),
    path("inspections/<int:pk>/photos/", views.InspectionPhotoView.as_view(), name="inspection-photo"),
    path("inspections/photos/<int:pk>/<str:size>/", views.InspectionPhotoFileView.as_view(), name="photo-file"),
    *model_urls("rounds/", views, "Round", "list", "detail"),
    *model_urls("targets/", views, "Target", "list", "create", "progress"),
    *model_urls("bulletins/", views, "Bulletin", "list", "detail", "download"),
    path("bulletins/issue/", views.BulletinIssueView.as_view(), name="bulletin-issue"),
    path("bulletins/<int:pk>/step/<str:step>/", views.BulletinStepView.as_view(), name="bulletin-step"),
    path("issuers/", views.IssuerListView.as_view(), name="issuer-list"),
    path("<int:pk>/document/<str:kind>/", views.TaskDocumentView.as_view(), name="task-document"),
    path("rounds/<int:pk>/document/", views.RoundDocumentView.as_view(), name="round-document"),
    path("bulletins/monthly-report/", views.MonthlyReportView.as_view(), name="monthly-report"),
    path("settings/templates/", views.DocumentTemplateView.as_view(), name="document-templates"),
    path("issuers/<int:unit_id>/", views.IssuerView.as_view(), name="issuer"),
    path("settings/", views.SettingsView.as_view(), name="settings"),
]
