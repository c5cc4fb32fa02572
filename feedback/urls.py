from django.urls import path, re_path

from core.patterns import UUID

from . import public, views

app_name = "feedback"

urlpatterns = [
    path("services/<uuid:uuid>/feedback/", views.campaign_list, name="list"),
    path("services/<uuid:uuid>/feedback/new/", views.campaign_create, name="create"),
    path("feedback/<uuid:uuid>/", views.campaign_detail, name="detail"),
    path("feedback/<uuid:uuid>/close/", views.campaign_close, name="close"),
    re_path(rf"^feedback/(?P<uuid>{UUID})/qr\.(?P<fmt>svg|png)$", views.campaign_qr, name="qr"),
    re_path(
        rf"^feedback/(?P<uuid>{UUID})/comments\.(?P<fmt>csv|xlsx)$",
        views.comment_export,
        name="comment_export",
    ),
    path(
        "feedback/<uuid:uuid>/comments/<uuid:answer>/review/",
        views.comment_review,
        name="comment_review",
    ),
    # The public's pages.
    path("have-your-say/<str:token>/", public.answer, name="answer"),
    path("have-your-say/<str:token>/thanks/", public.thanks, name="thanks"),
]
