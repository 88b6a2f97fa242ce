from django.urls import path

from .audit_views import AuditListView

app_name = "core"

urlpatterns = [
    path("audit/", AuditListView.as_view(), name="audit-list"),
]
