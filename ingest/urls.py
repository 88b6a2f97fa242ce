from django.urls import path

from core.routing import model_urls

from . import views

app_name = "ingest"

urlpatterns = [
    path("", views.QueueView.as_view(), name="queue"),
    path("upload/", views.UploadView.as_view(), name="upload"),
    *model_urls("documents/", views, "Document", "list", "detail"),
    *model_urls("candidates/", views, "Candidate", "detail"),
]
