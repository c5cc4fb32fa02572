from django.urls import path

from . import views

app_name = "personas"

urlpatterns = [
    path("services/<uuid:service_uuid>/personas/", views.persona_summary, name="summary"),
    path("services/<uuid:service_uuid>/personas/new/", views.persona_create, name="create"),
    path("personas/<uuid:uuid>/", views.persona_detail, name="detail"),
    path("personas/<uuid:uuid>/edit/", views.persona_edit, name="edit"),
    path("personas/<uuid:uuid>/archive/", views.persona_archive, name="archive"),
    path("personas/<uuid:uuid>/restore/", views.persona_restore, name="restore"),
    path("personas/<uuid:uuid>/delete/", views.persona_delete, name="delete"),
    path("personas/<uuid:uuid>/copy/", views.persona_duplicate, name="duplicate"),
    path("personas/<uuid:uuid>/stages/new/", views.stage_create, name="stage_create"),
    path("stages/<uuid:uuid>/edit/", views.stage_edit, name="stage_edit"),
    path("stages/<uuid:uuid>/delete/", views.stage_delete, name="stage_delete"),
    path("stages/<uuid:uuid>/move/", views.stage_move, name="stage_move"),
]
