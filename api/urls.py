from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from . import open_data, views

app_name = "api"

router = DefaultRouter()
router.register("catalogue/versions", views.CatalogueVersionViewSet, basename="catalogue-version")
router.register("services", views.ServiceViewSet, basename="service")
router.register("personas", views.PersonaViewSet, basename="persona")
router.register("assessments", views.AssessmentViewSet, basename="assessment")
router.register("opportunities", views.OpportunityViewSet, basename="opportunity")
router.register("reports", views.ReportJobViewSet, basename="report")

urlpatterns = [
    path("schema/", login_not_required(SpectacularAPIView.as_view()), name="schema"),
    path("tokens/", views.TokenCreateView.as_view(), name="token-create"),
    path("open-data/assessments.json", open_data.dataset_json, name="open-data-json"),
    path("open-data/assessments.csv", open_data.dataset_csv, name="open-data-csv"),
    path("open-data/dictionary.json", open_data.dictionary, name="open-data-dictionary"),
    path(
        "organizations/<slug:slug>/commitments/",
        views.CommitmentListView.as_view(),
        name="organization-commitments",
    ),
    path("", include(router.urls)),
]
