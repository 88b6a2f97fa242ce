from django.urls import path

from . import views

app_name = "supervision"

urlpatterns = [
    path("", views.TaskListView.as_view(), name="task-list"),
    path("add/", views.TaskCreateView.as_view(), name="task-create"),
    path("<int:pk>/", views.TaskDetailView.as_view(), name="task-detail"),
    path("<int:pk>/edit/", views.TaskUpdateView.as_view(), name="task-update"),
    path("<int:pk>/<str:step>/", views.TaskStepView.as_view(), name="task-step"),
    path("attachments/<int:pk>/", views.AttachmentView.as_view(), name="attachment"),
    path("overdue/", views.OverdueView.as_view(), name="overdue"),
    path("inspections/", views.InspectionListView.as_view(), name="inspection-list"),
    path("inspections/add/", views.InspectionCreateView.as_view(), name="inspection-create"),
    path("inspections/<int:pk>/", views.InspectionDetailView.as_view(), name="inspection-detail"),
    path("inspections/<int:pk>/photos/", views.InspectionPhotoView.as_view(), name="inspection-photo"),
    path("inspections/photos/<int:pk>/<str:size>/", views.InspectionPhotoFileView.as_view(), name="photo-file"),
    path("rounds/", views.RoundListView.as_view(), name="round-list"),
    path("rounds/<int:pk>/", views.RoundDetailView.as_view(), name="round-detail"),
    path("targets/", views.TargetListView.as_view(), name="target-list"),
    path("targets/add/", views.TargetCreateView.as_view(), name="target-create"),
    path("targets/<int:pk>/progress/", views.TargetProgressView.as_view(), name="target-progress"),
    path("bulletins/", views.BulletinListView.as_view(), name="bulletin-list"),
    path("bulletins/issue/", views.BulletinIssueView.as_view(), name="bulletin-issue"),
    path("bulletins/<int:pk>/", views.BulletinDetailView.as_view(), name="bulletin-detail"),
    path("bulletins/<int:pk>/download/", views.BulletinDownloadView.as_view(), name="bulletin-download"),
    path("bulletins/<int:pk>/step/<str:step>/", views.BulletinStepView.as_view(), name="bulletin-step"),
    path("issuers/", views.IssuerListView.as_view(), name="issuer-list"),
    path("<int:pk>/document/<str:kind>/", views.TaskDocumentView.as_view(), name="task-document"),
    path("rounds/<int:pk>/document/", views.RoundDocumentView.as_view(), name="round-document"),
    path("bulletins/monthly-report/", views.MonthlyReportView.as_view(), name="monthly-report"),
    path("settings/templates/", views.DocumentTemplateView.as_view(), name="document-templates"),
    path("issuers/<int:unit_id>/", views.IssuerView.as_view(), name="issuer"),
    path("settings/", views.SettingsView.as_view(), name="settings"),
]
