from django.urls import path

from . import views

app_name = "promotion"

urlpatterns = [
    path("", views.FunnelView.as_view(), name="funnel"),
    path("leads/", views.LeadListView.as_view(), name="lead-list"),
    path("leads/add/", views.LeadCreateView.as_view(), name="lead-create"),
    path("leads/<int:pk>/", views.LeadDetailView.as_view(), name="lead-detail"),
    path("leads/<int:pk>/edit/", views.LeadUpdateView.as_view(), name="lead-update"),
    path("leads/<int:pk>/stage/", views.LeadStageView.as_view(), name="lead-stage"),
    path("leads/<int:pk>/land/", views.LeadLandView.as_view(), name="lead-land"),
    path("activities/", views.ActivityListView.as_view(), name="activity-list"),
    path("activities/add/", views.ActivityCreateView.as_view(), name="activity-create"),
    path("activities/<int:pk>/", views.ActivityDetailView.as_view(), name="activity-detail"),
    path("activities/<int:pk>/edit/", views.ActivityUpdateView.as_view(), name="activity-update"),
    path("bids/", views.BidListView.as_view(), name="bid-list"),
    path("bids/summary/", views.BidSummaryView.as_view(), name="bid-summary"),
    path("bids/add/", views.BidCreateView.as_view(), name="bid-create"),
    path("bids/<int:pk>/", views.BidDetailView.as_view(), name="bid-detail"),
    path("bids/<int:pk>/edit/", views.BidUpdateView.as_view(), name="bid-update"),
    path("bids/<int:pk>/submit/", views.BidSubmitView.as_view(), name="bid-submit"),
    path("bids/<int:pk>/decide/", views.BidDecideView.as_view(), name="bid-decide"),
    path("chains/", views.ChainView.as_view(), name="chains"),
]
