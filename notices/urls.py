from django.urls import path

from . import views

app_name = "notices"

urlpatterns = [
    path("", views.NotificationListView.as_view(), name="list"),
    path("<int:pk>/read/", views.ReadView.as_view(), name="read"),
    path("settings/", views.PreferenceView.as_view(), name="preferences"),
    path("deliveries/", views.DeliveryListView.as_view(), name="delivery-list"),
    path("channels/", views.ChannelSettingsView.as_view(), name="channels"),
    path("channels/test/", views.TestMessageView.as_view(), name="channel-test"),
    path("read-all/", views.ReadAllView.as_view(), name="read-all"),
    path("urge/<str:app_label>/<str:model>/<int:pk>/", views.UrgeView.as_view(), name="urge"),
]
