from django.urls import path

from core.routing import model_urls

from . import views

app_name = "cases"

urlpatterns = [
    *model_urls("", views, "Case", "list", "create", "detail"),
    path("<int:pk>/<str:step>/", views.CaseStepView.as_view(), name="case-step"),
    path("inbox/", views.InboxView.as_view(), name="inbox"),
    path("metrics/", views.MetricsView.as_view(), name="metrics"),
    *model_urls("types/", views, "CaseType", "list", "create", name="type"),
    path("types/<int:pk>/", views.CaseTypeFormView.as_view(), name="type-update"),
    path("officers/", views.OfficerView.as_view(), name="officer-list"),
    path("officers/checkin/", views.CheckInView.as_view(), name="checkin"),
    *model_urls("households/", views, "Household", "list", "create", "detail"),
    path("visits/<int:pk>/photo/<str:size>/", views.VisitPhotoView.as_view(), name="visit-photo"),
]
