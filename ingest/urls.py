from django.urls import path

from . import views

app_name = "ingest"

urlpatterns = [
    path("", views.QueueView.as_view(), name="queue"),
    path("upload/", views.UploadView.as_view(), name="upload"),
    path("documents/", views.DocumentListView.as_view(), name="document-list"),
    path("documents/<int:pk>/", views.DocumentDetailView.as_view(), name="document-detail"),
    path("candidates/<int:pk>/", views.CandidateDetailView.as_view(), name="candidate-detail"),
]
