from django.urls import path

from . import views

app_name = "services"

urlpatterns = [
    path("services/", views.service_list, name="list"),
    path("services/new/", views.service_create, name="create"),
    path("services/<uuid:uuid>/", views.service_detail, name="detail"),
    path("services/<uuid:uuid>/edit/", views.service_edit, name="edit"),
    path("staff/inventory/", views.inventory_import, name="inventory_import"),
    path(
        "staff/inventory/<uuid:uuid>/",
        views.inventory_import_status,
        name="inventory_import_status",
    ),
    path(
        "staff/inventory/<uuid:uuid>/progress.json",
        views.inventory_import_progress,
        name="inventory_import_progress",
    ),
]
