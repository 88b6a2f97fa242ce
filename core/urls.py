from django.urls import path

from . import holiday_views as holidays
from .audit_views import AuditListView
from .job_views import JobDownloadView, JobView

app_name = "core"

urlpatterns = [
    path("audit/", AuditListView.as_view(), name="audit-list"),
    path("jobs/<int:pk>/", JobView.as_view(), name="job"),
    path("jobs/<int:pk>/download/", JobDownloadView.as_view(), name="job-download"),
    path("holidays/", holidays.HolidayYearListView.as_view(), name="holiday-list"),
    path("holidays/import/", holidays.HolidayImportView.as_view(), name="holiday-import"),
    path("holidays/<int:year>/", holidays.HolidayYearView.as_view(), name="holiday-year"),
    path("holidays/<int:year>/publish/", holidays.HolidayPublishView.as_view(), name="holiday-publish"),
    path("holidays/<int:year>/recompute/", holidays.HolidayRecomputeView.as_view(), name="holiday-recompute"),
]
