from django.urls import path

from . import you_said_views as views

app_name = "you_said"

urlpatterns = [
    path("services/<uuid:uuid>/you-said-we-did/", views.manage, name="manage"),
    path("services/<uuid:uuid>/you-said-we-did/unpublish/", views.unpublish, name="unpublish"),
    path(
        "services/<uuid:uuid>/you-said-we-did/<uuid:opportunity>/",
        views.item_edit,
        name="item_edit",
    ),
    path(
        "services/<uuid:uuid>/you-said-we-did/<uuid:opportunity>/remove/",
        views.item_remove,
        name="item_remove",
    ),
]
