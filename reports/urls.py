from django.urls import path, re_path

from core.jobs import job_progress

from . import views
from .access import report_job_for_user
from .heatmap import views as heatmap_views

app_name = "reports"

urlpatterns = [
    path("assessments/<uuid:uuid>/reports/", views.assessment_reports, name="assessment_reports"),
    path("reports/<uuid:uuid>/", views.report_status, name="status"),
    path(
        "reports/<uuid:uuid>/progress.json",
        job_progress,
        {"lookup": report_job_for_user},
        name="progress",
    ),
    path("reports/<uuid:uuid>/download/", views.report_download, name="download"),
    path("heat-map/", heatmap_views.service_heatmap, name="heatmap"),
    path(
        "heat-map/organizations/", heatmap_views.organization_heatmap, name="heatmap_organizations"
    ),
    re_path(
        r"^heat-map/export\.(?P<fmt>csv|xlsx)$", heatmap_views.heatmap_export, name="heatmap_export"
    ),
    path("heat-map/pdf/", heatmap_views.heatmap_pdf, name="heatmap_pdf"),
]
