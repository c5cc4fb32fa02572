from django.urls import path

from . import views

app_name = "organizations"

urlpatterns = [
    path("staff/organizations/", views.staff_organization_list, name="staff_list"),
    path("staff/organizations/new/", views.staff_organization_create, name="staff_create"),
    path(
        "staff/organizations/<slug:slug>/merge/",
        views.staff_organization_merge,
        name="staff_merge",
    ),
    path("organizations/<slug:slug>/", views.organization_detail, name="detail"),
    path("organizations/<slug:slug>/invite/", views.member_invite, name="invite"),
    path(
        "organizations/<slug:slug>/members/<uuid:uuid>/role/",
        views.membership_role,
        name="membership_role",
    ),
    path(
        "organizations/<slug:slug>/members/<uuid:uuid>/remove/",
        views.membership_remove,
        name="membership_remove",
    ),
    path(
        "organizations/<slug:slug>/invitations/<uuid:uuid>/revoke/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
]
