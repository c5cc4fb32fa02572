"""API v1. Every queryset is scoped by organizations.access; writes call the same operations
as the interface, so the same rules hold (a completed assessment cannot be changed here either)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.files.storage import default_storage
from django.db.models import Prefetch
from django.http import FileResponse
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import generics, mixins, status, viewsets
from rest_framework.authentication import BaseAuthentication
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle

from assessments import operations as assessment_operations
from assessments.filters import AssessmentFilterSet
from assessments.models import Assessment
from catalogue.models import CatalogueVersion, LevelDescriptor
from core.bilingual import localized_order
from feedback.queries import public_aggregates
from improvements import operations as improvement_operations
from improvements.filters import OpportunityFilterSet
from improvements.models import ImprovementOpportunity
from organizations import access
from organizations.models import User
from organizations.signin import canonical_email
from personas.filters import PersonaFilterSet
from personas.models import JourneyStage, Persona
from reports import operations as report_operations
from reports.models import ReportJob
from services.access import service_access, services_for_user
from services.filters import ServiceFilterSet

from . import serializers as s
from .schema import filter_parameters


class CatalogueVersionViewSet(viewsets.ReadOnlyModelViewSet):
    """Catalogue versions: published and retired ones for everyone signed in, drafts for ICCS staff."""

    lookup_field = "uuid"

    def get_queryset(self):
        versions = CatalogueVersion.objects.order_by("-created_at")
        if not self.request.user.is_staff:
            versions = versions.exclude(status=CatalogueVersion.Status.DRAFT)
        if self.action == "retrieve":
            versions = versions.prefetch_related(
                "levels",
                Prefetch(
                    "attributes__descriptors",
                    queryset=LevelDescriptor.objects.select_related("level"),
                ),
            )
        return versions

    def get_serializer_class(self):
        return (
            s.CatalogueVersionDetailSerializer
            if self.action == "retrieve"
            else s.CatalogueVersionSerializer
        )


# Lists filter through the FilterSet their pages use; its parameters apply (and are documented)
# on every action, as a detail outside the filters is not found.
@extend_schema(parameters=filter_parameters(ServiceFilterSet))
class ServiceViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.ServiceSerializer
    lookup_field = "uuid"
    filter_backends = [DjangoFilterBackend]
    filterset_class = ServiceFilterSet

    def get_queryset(self):
        return (
            services_for_user(self.request.user)
            .select_related("owner")
            .prefetch_related("partners", "client_segments", "channels", "service_types")
            .order_by(localized_order("name"), "pk")
        )

    @extend_schema(responses=s.PublicRatingsSerializer)
    @action(detail=True, methods=["get"], url_path="public-ratings")
    def public_ratings(self, request, uuid=None):
        """What the public said of the service, as aggregates only: overall satisfaction and
        each attribute's average and distribution, each shown once enough people answered.
        Never a comment, never one person's answers."""
        service = self.get_object()
        return Response(public_aggregates([service.pk])[service.pk].as_dict())


@extend_schema(parameters=filter_parameters(PersonaFilterSet))
class PersonaViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = s.PersonaSerializer
    lookup_field = "uuid"
    filter_backends = [DjangoFilterBackend]
    filterset_class = PersonaFilterSet

    def get_queryset(self):
        return (
            Persona.objects.filter(service__in=services_for_user(self.request.user))
            .select_related("service")
            .prefetch_related(
                "preferred_channels",
                Prefetch(
                    "stages",
                    queryset=JourneyStage.objects.select_related("organization").order_by("order"),
                ),
            )
            .order_by("name", "pk")
        )


@extend_schema(parameters=filter_parameters(AssessmentFilterSet))
class AssessmentViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_field = "uuid"
    filter_backends = [DjangoFilterBackend]
    filterset_class = AssessmentFilterSet

    def get_queryset(self):
        assessments = Assessment.objects.filter(
            service__in=services_for_user(self.request.user)
        ).select_related("service", "catalogue_version", "baseline")
        if self.action == "retrieve":
            assessments = assessments.prefetch_related("personas")
        return assessments.order_by("-created_at", "pk")

    def get_serializer_class(self):
        return s.AssessmentDetailSerializer if self.action == "retrieve" else s.AssessmentSerializer

    @extend_schema(
        request=s.ScoreWriteSerializer,
        responses={200: s.ScoreSerializer, 409: OpenApiTypes.OBJECT},
        description="Save one attribute's score. Refused with 409 when the score changed since `version` was read, "
        "and with 400 when the assessment is no longer a draft.",
    )
    @action(detail=True, methods=["patch"], url_path=r"scores/(?P<key>[a-z][a-z0-9_-]*)")
    def score(self, request, uuid=None, key=None):
        assessment = self.get_object()
        if service_access(request.user, assessment.service) < access.Access.WRITE:
            raise NotFound()
        score = assessment.scores.select_related("attribute").filter(attribute__key=key).first()
        if score is None:
            raise NotFound(_("This assessment has no attribute with that key."))
        score.assessment = assessment
        payload = s.ScoreWriteSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = dict(payload.validated_data)
        version = data.pop("version")
        try:
            saved = assessment_operations.score_save(
                score=score, user=request.user, version=version, **data
            )
        except assessment_operations.ScoreConflict as conflict:
            return Response(
                {
                    "status": 409,
                    "errors": [
                        {
                            "field": "version",
                            "message": _("Someone else saved this score since you read it."),
                        }
                    ],
                    "detail": _("Someone else saved this score since you read it."),
                    "current": s.ScoreSerializer(conflict.current).data,
                },
                status=status.HTTP_409_CONFLICT,
            )
        return Response(s.ScoreSerializer(saved).data)


@extend_schema(parameters=filter_parameters(OpportunityFilterSet))
class OpportunityViewSet(viewsets.ModelViewSet):
    serializer_class = s.OpportunitySerializer
    lookup_field = "uuid"
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    filter_backends = [DjangoFilterBackend]
    filterset_class = OpportunityFilterSet

    def get_queryset(self):
        return (
            ImprovementOpportunity.objects.filter(
                assessment__service__in=services_for_user(self.request.user)
            )
            .select_related("assessment__service", "owner_organization", "owner_user")
            .prefetch_related("levers", "attributes", "personas", "contributors")
            .order_by("-impact", "effort", "title", "pk")
        )

    def _fields(self, data, assessment):
        attributes = list(
            assessment.catalogue_version.attributes.filter(key__in=data.pop("attributes", []))
        )
        personas = list(assessment.personas.filter(uuid__in=data.pop("personas", [])))
        owner = data.pop("owner_user", None)
        if owner is not None:
            email = owner.get("email") if isinstance(owner, dict) else owner
            found = User.objects.filter(email=canonical_email(email)).first() if email else None
            if email and found is None:
                # The same answer as for a person who is not a member: whether an address
                # has an account on the platform is not told.
                raise ValidationError({"owner_user": [improvement_operations.OWNER_NOT_MEMBER]})
            data["owner_user"] = found
        if "lever_codes" in data:
            data["levers"] = data.pop("lever_codes")
        return {"attributes": attributes, "personas": personas, **data}

    def _require_write(self, assessment):
        granted = service_access(self.request.user, assessment.service)
        if granted is None or granted < access.Access.WRITE:
            raise NotFound()

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        assessment = data.pop("assessment")
        if service_access(request.user, assessment.service) is None:
            raise ValidationError(
                {"assessment": [_("No assessment with this UUID is open to you.")]}
            )
        self._require_write(assessment)
        try:
            item = improvement_operations.opportunity_create(
                assessment=assessment, user=request.user, **self._fields(data, assessment)
            )
        except DjangoValidationError as error:
            raise ValidationError(
                error.message_dict if hasattr(error, "error_dict") else error.messages
            ) from None
        return Response(self.get_serializer(item).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        item = self.get_object()
        self._require_write(item.assessment)
        serializer = self.get_serializer(item, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("assessment", None)
        current = {
            "title": item.title, "description": item.description, "lever_codes": item.lever_codes,
            "attributes": list(item.attributes.values_list("key", flat=True)),
            "personas": list(item.personas.values_list("uuid", flat=True)),
            "target_level": item.target_level, "impact": item.impact, "effort": item.effort,
            "owner_organization": item.owner_organization, "status": item.status,
            "dropped_reason": item.dropped_reason, "target_date": item.target_date,
        }  # fmt: skip
        current.update(data)
        fields = self._fields(current, item.assessment)
        fields.setdefault("owner_user", item.owner_user)
        try:
            improvement_operations.opportunity_update(opportunity=item, user=request.user, **fields)
        except DjangoValidationError as error:
            raise ValidationError(
                error.message_dict if hasattr(error, "error_dict") else error.messages
            ) from None
        item.refresh_from_db()
        return Response(self.get_serializer(item).data)

    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)

    def destroy(self, request, *args, **kwargs):
        item = self.get_object()
        self._require_write(item.assessment)
        improvement_operations.opportunity_delete(opportunity=item, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ReportJobViewSet(
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
):
    """PDF reports of assessments: request one, follow its status, download it."""

    serializer_class = s.ReportJobSerializer
    lookup_field = "uuid"

    def get_queryset(self):
        return (
            ReportJob.objects.filter(
                kind=ReportJob.Kind.ASSESSMENT,
                assessment__service__in=services_for_user(self.request.user),
            )
            .select_related("assessment")
            .order_by("-created_at", "pk")
        )

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        assessment = serializer.validated_data["assessment"]
        if service_access(request.user, assessment.service) is None:
            raise ValidationError(
                {"assessment": [_("No assessment with this UUID is open to you.")]}
            )
        job, created = report_operations.report_request(
            assessment=assessment, language=serializer.validated_data["language"], user=request.user
        )
        return Response(
            self.get_serializer(job).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def download(self, request, uuid=None):
        job = self.get_object()
        if job.status != ReportJob.Status.DONE or not default_storage.exists(job.file_name):
            raise NotFound(_("The report is not ready yet."))
        return FileResponse(
            default_storage.open(job.file_name, "rb"),
            as_attachment=True,
            filename=f"report-{job.uuid}.pdf",
            content_type="application/pdf",
        )


class CommitmentListView(generics.GenericAPIView):
    """An organization's commitments on shared services, for its own people and staff:
    overdue first, then open ones by target date, then those done or dropped."""

    serializer_class = s.CommitmentSerializer

    @extend_schema(responses=s.CommitmentSerializer(many=True))
    def get(self, request, slug):
        from improvements.accountability import commitments_of
        from organizations.access import organization_for_user

        organization = organization_for_user(user=request.user, slug=slug)
        return Response(
            [
                {
                    "opportunity": str(c.opportunity.uuid),
                    "title": c.opportunity.title,
                    "service": str(c.service.uuid),
                    "service_name_en": c.service.name_en,
                    "service_name_fr": c.service.name_fr,
                    "cycle": c.opportunity.assessment.cycle,
                    "part": "accountable" if c.accountable else "contributing",
                    "accountable_organization": c.opportunity.owner_organization.slug
                    if c.opportunity.owner_organization
                    else None,
                    "status": c.opportunity.status,
                    "target_date": c.opportunity.target_date,
                    "overdue": c.overdue,
                }
                for c in commitments_of(organization, request.user)
            ]
        )


class TokenCreateThrottle(BaseThrottle):
    """Token requests per client address and hour (API_TOKEN_CREATE_PER_CLIENT), counted in
    the database; the address is read as core.ratelimit reads it (X-Forwarded-For only from
    trusted proxies). Failed passwords are also counted per account by the sign-in backend."""

    def allow_request(self, request, view):
        from django.conf import settings

        from core import ratelimit

        return ratelimit.allow(
            "api-token-create",
            [(ratelimit.client_key(request), settings.API_TOKEN_CREATE_PER_CLIENT)],
            window=3600,
        )

    def wait(self):
        return 3600


class TokenCreateView(generics.GenericAPIView):
    """Create a personal API token with your email address and password (or on your profile page)."""

    authentication_classes: list[type[BaseAuthentication]] = []
    permission_classes = [AllowAny]
    throttle_classes = [TokenCreateThrottle]
    serializer_class = s.TokenCreateSerializer

    @extend_schema(responses={201: s.TokenCreatedSerializer})
    def post(self, request):
        from django.contrib.auth import authenticate

        from organizations import signin

        from .models import ApiToken
        from .web import MAX_TOKENS

        payload = self.get_serializer(data=request.data)
        payload.is_valid(raise_exception=True)
        email = payload.validated_data["email"]
        # The sign-in backend counts failures and refuses a locked account.
        user = authenticate(request, username=email, password=payload.validated_data["password"])
        if signin.was_locked(request):
            raise ValidationError(signin.locked_message())
        if user is None or not user.is_active:
            raise ValidationError(_("Wrong email address or password."))
        if ApiToken.objects.filter(user=user).count() >= MAX_TOKENS:
            raise ValidationError(
                _("You already have %(n)s tokens. Revoke one on your profile page first.")
                % {"n": MAX_TOKENS}
            )
        token, key = ApiToken.issue(user=user, name=payload.validated_data["name"])
        return Response(
            {"token": key, "name": token.name, "created_at": token.created_at},
            status=status.HTTP_201_CREATED,
        )
