from django.urls import path

from core.routing import model_urls

from . import views

app_name = "org"

urlpatterns = [
    path("first-run/", views.FirstRunView.as_view(), name="first-run"),
    path("units/", views.UnitTreeView.as_view(), name="unit-tree"),
    *model_urls("units/", views, "Unit", "detail", "children", "update", "reports-for"),
    path("units/<int:pk>/add/", views.UnitCreateView.as_view(), name="unit-create"),
    *model_urls("people/", views, "Person", "list", "create", "detail", "update", "delete"),
    path("people/<int:pk>/posts/add/", views.PostCreateView.as_view(), name="post-create"),
    path("posts/<int:pk>/end/", views.PostEndView.as_view(), name="post-end"),
    *model_urls("enterprises/", views, "Enterprise", "list", "create", "detail", "update", "delete"),
    *model_urls("peer-groups/", views, "PeerGroup", "list", "create", "detail", "update"),
    *model_urls("users/", views, "User", "list", "create", "detail", "update", "unlock"),
    path("account/password/", views.PasswordChangeView.as_view(), name="password-change"),
    *model_urls("account/tokens/", views, "Token", "list", "revoke"),
]
