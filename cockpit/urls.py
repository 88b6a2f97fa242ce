from django.urls import path

from . import views

app_name = "cockpit"
urlpatterns = [path("", views.ScreenView.as_view(), name="screen")]
