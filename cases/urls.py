from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("", views.CaseListView.as_view(), name="case-list"),
    path("add/", views.CaseCreateView.as_view(), name="case-create"),
    path("inbox/", views.InboxView.as_view(), name="inbox"),
    path("metrics/", views.MetricsView.as_view(), name="metrics"),
    path("<int:pk>/", views.CaseDetailView.as_view(), name="case-detail"),
    path("<int:pk>/<str:step>/", views.CaseStepView.as_view(), name="case-step"),
    path("types/", views.CaseTypeListView.as_view(), name="type-list"),
    path("types/add/", views.CaseTypeFormView.as_view(), name="type-create"),
    path("types/<int:pk>/", views.CaseTypeFormView.as_view(), name="type-update"),
    path("officers/", views.OfficerView.as_view(), name="officer-list"),
    path("officers/checkin/", views.CheckInView.as_view(), name="checkin"),
    path("households/", views.HouseholdListView.as_view(), name="household-list"),
    path("households/add/", views.HouseholdCreateView.as_view(), name="household-create"),
    path("households/<int:pk>/", views.HouseholdDetailView.as_view(), name="household-detail"),
    path("visits/<int:pk>/photo/<str:size>/", views.VisitPhotoView.as_view(), name="visit-photo"),
]
