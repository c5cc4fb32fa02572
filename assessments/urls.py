from django.urls import path

from . import views

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
]
