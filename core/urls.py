from django.urls import path

from . import holiday_views as holidays
from .audit_views import AuditListView

app_name = "core"

urlpatterns = [
    path("audit/", AuditListView.as_view(), name="audit-list"),
    path("holidays/", holidays.HolidayYearListView.as_view(), name="holiday-list"),
    path("holidays/import/", holidays.HolidayImportView.as_view(), name="holiday-import"),
    path("holidays/<int:year>/", holidays.HolidayYearView.as_view(), name="holiday-year"),
    path("holidays/<int:year>/publish/", holidays.HolidayPublishView.as_view(), name="holiday-publish"),
    path("holidays/<int:year>/recompute/", holidays.HolidayRecomputeView.as_view(), name="holiday-recompute"),
]
