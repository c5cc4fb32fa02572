from django.urls import path, re_path

from core.patterns import UUID

from . import views

app_name = "catalogue"

urlpatterns = [
    path("", views.version_list, name="version_list"),
    path("new-draft/", views.draft_create, name="draft_create"),
    path("import/", views.version_import, name="version_import"),
    path("compare/", views.version_compare, name="version_compare"),
    path("<uuid:uuid>/", views.version_detail, name="version_detail"),
    path("<uuid:uuid>/notes/", views.version_notes, name="version_notes"),
    path("<uuid:uuid>/preview/", views.version_preview, name="version_preview"),
    path("<uuid:uuid>/publish/", views.version_publish, name="version_publish"),
    path("<uuid:uuid>/retire/", views.version_retire, name="version_retire"),
    path("<uuid:uuid>/delete/", views.draft_delete, name="draft_delete"),
    re_path(
        rf"^(?P<uuid>{UUID})/export\.(?P<fmt>yaml|json)$",
        views.version_export,
        name="version_export",
    ),
    path("<uuid:uuid>/levels/add/", views.level_add, name="level_add"),
    path("<uuid:uuid>/levels/<int:number>/", views.level_edit, name="level_edit"),
    path("<uuid:uuid>/levels/<int:number>/remove/", views.level_remove, name="level_remove"),
    path("<uuid:uuid>/attributes/new/", views.attribute_create, name="attribute_create"),
    path("<uuid:uuid>/attributes/<slug:key>/", views.attribute_edit, name="attribute_edit"),
    path(
        "<uuid:uuid>/attributes/<slug:key>/delete/", views.attribute_delete, name="attribute_delete"
    ),
    path("<uuid:uuid>/attributes/<slug:key>/move/", views.attribute_move, name="attribute_move"),
]
