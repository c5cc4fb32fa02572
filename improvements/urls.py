from django.urls import path, re_path

from core.patterns import UUID

from . import views

app_name = "improvements"

urlpatterns = [
    path("organizations/<slug:slug>/commitments/", views.commitments, name="commitments"),
    re_path(
        r"^organizations/(?P<slug>[-a-zA-Z0-9_]+)/commitments\.(?P<fmt>csv|xlsx)$",
        views.commitments_export,
        name="commitments_export",
    ),
    path(
        "assessments/<uuid:uuid>/opportunities/",
        views.opportunity_list,
        name="list",
    ),
    path(
        "assessments/<uuid:uuid>/opportunities/new/",
        views.opportunity_create,
        name="create",
    ),
    path(
        "assessments/<uuid:uuid>/opportunities/matrix/",
        views.opportunity_matrix,
        name="matrix",
    ),
    path(
        "assessments/<uuid:uuid>/opportunities/roadmap/",
        views.opportunity_roadmap,
        name="roadmap",
    ),
    re_path(
        rf"^assessments/(?P<uuid>{UUID})/opportunities/export\.(?P<fmt>csv|xlsx)$",
        views.opportunity_export,
        name="export",
    ),
    path(
        "opportunities/<uuid:uuid>/edit/",
        views.opportunity_edit,
        name="edit",
    ),
    path(
        "opportunities/<uuid:uuid>/delete/",
        views.opportunity_delete,
        name="delete",
    ),
]
