from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("assessments/<uuid:uuid>/reports/", views.assessment_reports, name="assessment_reports"),
    path("reports/<uuid:uuid>/", views.report_status, name="status"),
    path("reports/<uuid:uuid>/progress.json", views.report_progress, name="progress"),
    path("reports/<uuid:uuid>/download/", views.report_download, name="download"),
]
