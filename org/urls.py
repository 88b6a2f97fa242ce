from django.urls import path

from . import views

app_name = "org"

urlpatterns = [
    path("first-run/", views.FirstRunView.as_view(), name="first-run"),
    path("units/", views.UnitTreeView.as_view(), name="unit-tree"),
    path("units/<int:pk>/", views.UnitDetailView.as_view(), name="unit-detail"),
    path("units/<int:pk>/children/", views.UnitChildrenView.as_view(), name="unit-children"),
    path("units/<int:pk>/add/", views.UnitCreateView.as_view(), name="unit-create"),
    path("units/<int:pk>/edit/", views.UnitUpdateView.as_view(), name="unit-update"),
    path("units/<int:pk>/reports-for/", views.UnitReportsForView.as_view(), name="unit-reports-for"),
    path("people/", views.PersonListView.as_view(), name="person-list"),
    path("people/add/", views.PersonCreateView.as_view(), name="person-create"),
    path("people/<int:pk>/", views.PersonDetailView.as_view(), name="person-detail"),
    path("people/<int:pk>/edit/", views.PersonUpdateView.as_view(), name="person-update"),
    path("people/<int:pk>/delete/", views.PersonDeleteView.as_view(), name="person-delete"),
    path("people/<int:pk>/posts/add/", views.PostCreateView.as_view(), name="post-create"),
    path("posts/<int:pk>/end/", views.PostEndView.as_view(), name="post-end"),
    path("enterprises/", views.EnterpriseListView.as_view(), name="enterprise-list"),
    path("enterprises/add/", views.EnterpriseCreateView.as_view(), name="enterprise-create"),
    path("enterprises/<int:pk>/", views.EnterpriseDetailView.as_view(), name="enterprise-detail"),
    path("enterprises/<int:pk>/edit/", views.EnterpriseUpdateView.as_view(), name="enterprise-update"),
    path("enterprises/<int:pk>/delete/", views.EnterpriseDeleteView.as_view(), name="enterprise-delete"),
    path("peer-groups/", views.PeerGroupListView.as_view(), name="peergroup-list"),
    path("peer-groups/add/", views.PeerGroupCreateView.as_view(), name="peergroup-create"),
    path("peer-groups/<int:pk>/", views.PeerGroupDetailView.as_view(), name="peergroup-detail"),
    path("peer-groups/<int:pk>/edit/", views.PeerGroupUpdateView.as_view(), name="peergroup-update"),
    path("users/", views.UserListView.as_view(), name="user-list"),
    path("users/add/", views.UserCreateView.as_view(), name="user-create"),
    path("users/<int:pk>/", views.UserDetailView.as_view(), name="user-detail"),
    path("users/<int:pk>/edit/", views.UserUpdateView.as_view(), name="user-update"),
    path("users/<int:pk>/unlock/", views.UserUnlockView.as_view(), name="user-unlock"),
    path("account/password/", views.PasswordChangeView.as_view(), name="password-change"),
    path("account/tokens/", views.TokenListView.as_view(), name="token-list"),
    path("account/tokens/<int:pk>/revoke/", views.TokenRevokeView.as_view(), name="token-revoke"),
]
