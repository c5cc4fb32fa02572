from django.urls import path

from . import service_views, views

app_name = "organizations"

urlpatterns = [
    path("staff/organizations/", views.staff_organization_list, name="staff_list"),
    path("staff/organizations/new/", views.staff_organization_create, name="staff_create"),
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
    path("services/", service_views.service_list, name="service_list"),
    path("services/new/", service_views.service_create, name="service_create"),
    path("services/<uuid:uuid>/", service_views.service_detail, name="service_detail"),
    path("services/<uuid:uuid>/edit/", service_views.service_edit, name="service_edit"),
    path("staff/inventory/", service_views.inventory_import, name="inventory_import"),
    path(
        "staff/inventory/<uuid:uuid>/",
        service_views.inventory_import_status,
        name="inventory_import_status",
    ),
    path(
        "staff/inventory/<uuid:uuid>/progress.json",
        service_views.inventory_import_progress,
        name="inventory_import_progress",
    ),
]
