from django.urls import path, re_path

from . import opportunity_views, views

app_name = "assessments"

urlpatterns = [
    path(
        "services/<uuid:service_uuid>/assessments/", views.service_assessments, name="service_list"
    ),
    path("assessments/<uuid:uuid>/", views.assessment_detail, name="detail"),
    path("assessments/<uuid:uuid>/attributes/<slug:key>/", views.score_edit, name="score"),
    path("assessments/<uuid:uuid>/submit/", views.assessment_submit, name="submit"),
    path("assessments/<uuid:uuid>/send-back/", views.assessment_send_back, name="send_back"),
    path("assessments/<uuid:uuid>/complete/", views.assessment_complete, name="complete"),
    path("assessments/<uuid:uuid>/results/", views.assessment_results, name="results"),
    path("assessments/<uuid:uuid>/history/", views.assessment_history, name="history"),
    path("assessments/<uuid:uuid>/open-data/", views.assessment_open_data, name="open_data"),
    path(
        "assessments/<uuid:uuid>/opportunities/",
        opportunity_views.opportunity_list,
        name="opportunities",
    ),
    path(
        "assessments/<uuid:uuid>/opportunities/new/",
        opportunity_views.opportunity_create,
        name="opportunity_create",
    ),
    path(
        "assessments/<uuid:uuid>/opportunities/matrix/",
        opportunity_views.opportunity_matrix,
        name="opportunity_matrix",
    ),
    path(
        "assessments/<uuid:uuid>/opportunities/roadmap/",
        opportunity_views.opportunity_roadmap,
        name="opportunity_roadmap",
    ),
    re_path(
        r"^assessments/(?P<uuid>[0-9a-f-]{36})/opportunities/export\.(?P<fmt>csv|xlsx)$",
        opportunity_views.opportunity_export,
        name="opportunity_export",
    ),
    path(
        "opportunities/<uuid:uuid>/edit/",
        opportunity_views.opportunity_edit,
        name="opportunity_edit",
    ),
    path(
        "opportunities/<uuid:uuid>/delete/",
        opportunity_views.opportunity_delete,
        name="opportunity_delete",
    ),
]
