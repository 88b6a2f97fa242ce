from django.urls import path

from core.routing import model_urls

from . import views

app_name = "promotion"

urlpatterns = [
    path("", views.FunnelView.as_view(), name="funnel"),
    *model_urls("leads/", views, "Lead", "list", "create", "detail", "update", "stage", "land"),
    *model_urls("activities/", views, "Activity", "list", "create", "detail", "update"),
    *model_urls("bids/", views, "Bid", "list", "create", "detail", "update", "submit", "decide"),
    path("bids/summary/", views.BidSummaryView.as_view(), name="bid-summary"),
    path("chains/", views.ChainView.as_view(), name="chains"),
]
