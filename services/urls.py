from django.urls import path

from core.jobs import job_progress

from . import views
from .access import inventory_import_for_user

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
        "staff/inventory/<uuid:uuid>/decide/",
        views.inventory_import_decide,
        name="inventory_import_decide",
    ),
    path(
        "staff/inventory/<uuid:uuid>/rejected-rows.csv",
        views.inventory_import_rejected,
        name="inventory_import_rejected",
    ),
    path(
        "staff/inventory/<uuid:uuid>/progress.json",
        job_progress,
        {"lookup": inventory_import_for_user},
        name="inventory_import_progress",
    ),
]
