"""What the API shows and accepts. Writes go through each app's operations."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from assessments.models import Assessment, AttributeScore
from assessments.results import assessment_results
from catalogue.models import Attribute, CatalogueVersion, MaturityLevel
from improvements.models import ImprovementOpportunity, Lever
from organizations.models import Organization
from personas.models import JourneyStage, Persona
from reports.models import ReportJob
from services.models import Service


class LookupField(serializers.SlugRelatedField):
    """A slug or UUID reference; text the database cannot hold (NUL) is refused before any query."""

    def to_internal_value(self, data):
        if not isinstance(data, str) or "\x00" in data:
            self.fail("invalid")
        return super().to_internal_value(data)


class OrganizationRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organization
        fields = ["slug", "name_en", "name_fr", "order_of_government", "province"]


class LevelSerializer(serializers.ModelSerializer):
    class Meta:
        model = MaturityLevel
        fields = ["number", "name_en", "name_fr", "description_en", "description_fr"]


class DescriptorSerializer(serializers.Serializer):
    level = serializers.IntegerField()
    text_en = serializers.CharField()
    text_fr = serializers.CharField()


class AttributeSerializer(serializers.ModelSerializer):
    questions_en = serializers.SerializerMethodField()
    questions_fr = serializers.SerializerMethodField()
    descriptors = serializers.SerializerMethodField()

    class Meta:
        model = Attribute
        fields = [
            "key",
            "order",
            "name_en",
            "name_fr",
            "definition_en",
            "definition_fr",
            "questions_en",
            "questions_fr",
            "descriptors",
        ]

    def get_questions_en(self, obj) -> list[str]:
        return obj.question_list("en")

    def get_questions_fr(self, obj) -> list[str]:
        return obj.question_list("fr")

    @extend_schema_field(DescriptorSerializer(many=True))
    def get_descriptors(self, obj):
        return [
            {"level": d.level.number, "text_en": d.text_en, "text_fr": d.text_fr}
            for d in sorted(obj.descriptors.all(), key=lambda d: d.level.number)
        ]


class CatalogueVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = CatalogueVersion
        fields = ["uuid", "label", "status", "published_at", "change_notes_en", "change_notes_fr"]


class CatalogueVersionDetailSerializer(CatalogueVersionSerializer):
    levels = LevelSerializer(many=True, read_only=True)
    attributes = AttributeSerializer(many=True, read_only=True)

    class Meta(CatalogueVersionSerializer.Meta):
        fields = [*CatalogueVersionSerializer.Meta.fields, "levels", "attributes"]


class ServiceSerializer(serializers.ModelSerializer):
    owner = OrganizationRefSerializer(read_only=True)
    partners = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    client_segments = serializers.ListField(
        source="client_segment_codes", child=serializers.CharField(), read_only=True
    )
    channels = serializers.ListField(
        source="channel_codes", child=serializers.CharField(), read_only=True
    )
    service_types = serializers.ListField(
        source="service_type_codes", child=serializers.CharField(), read_only=True
    )

    class Meta:
        model = Service
        fields = [
            "uuid", "name_en", "name_fr", "description_en", "description_fr", "owner", "partners",
            "client_segments", "channels", "service_types", "status", "inventory_id",
            "program_name_en", "program_name_fr",
        ]  # fmt: skip


class PublicRatingSerializer(serializers.Serializer):
    average = serializers.FloatField()
    answers = serializers.IntegerField()
    distribution = serializers.DictField(child=serializers.IntegerField())


class PublicRatingsSerializer(serializers.Serializer):
    """The public's aggregates of a service (documents the shape; the view writes it)."""

    minimum_answers = serializers.IntegerField()
    satisfaction = PublicRatingSerializer(allow_null=True)
    attributes = serializers.DictField(child=PublicRatingSerializer())


class CommitmentSerializer(serializers.Serializer):
    """One commitment of an organization on a shared service (documents the shape)."""

    opportunity = serializers.UUIDField()
    title = serializers.CharField()
    service = serializers.UUIDField()
    service_name_en = serializers.CharField()
    service_name_fr = serializers.CharField()
    cycle = serializers.CharField()
    part = serializers.ChoiceField(choices=["accountable", "contributing"])
    accountable_organization = serializers.CharField(allow_null=True)
    status = serializers.CharField()
    target_date = serializers.DateField(allow_null=True)
    overdue = serializers.BooleanField()


class StageSerializer(serializers.ModelSerializer):
    organization = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = JourneyStage
        fields = [
            "uuid",
            "order",
            "name",
            "actions",
            "channel",
            "organization",
            "sentiment",
            "pain_points",
        ]


class PersonaSerializer(serializers.ModelSerializer):
    service = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    stages = StageSerializer(many=True, read_only=True)
    preferred_channels = serializers.ListField(
        source="preferred_channel_codes", child=serializers.CharField(), read_only=True
    )
    archived = serializers.BooleanField(source="is_archived", read_only=True)

    class Meta:
        model = Persona
        fields = [
            "uuid", "service", "name", "segment", "age_band", "household", "location_type", "province",
            "languages", "digital_access", "digital_confidence", "accessibility_needs", "trigger", "goals",
            "needs", "pain_points", "preferred_channels", "support_network", "evidence_base",
            "evidence_sources", "archived", "stages",
        ]  # fmt: skip


class ScoreSerializer(serializers.ModelSerializer):
    attribute = serializers.SlugRelatedField(slug_field="key", read_only=True)

    class Meta:
        model = AttributeScore
        fields = [
            "attribute",
            "current_level",
            "target_level",
            "rationale",
            "evidence",
            "confidence",
            "version",
            "updated_at",
        ]
        read_only_fields = ["attribute", "updated_at"]


class ScoreWriteSerializer(serializers.Serializer):
    current_level = serializers.IntegerField(
        min_value=1, max_value=20, allow_null=True, required=False
    )
    target_level = serializers.IntegerField(
        min_value=1, max_value=20, allow_null=True, required=False
    )
    rationale = serializers.CharField(allow_blank=True, required=False, max_length=20000)
    evidence = serializers.CharField(allow_blank=True, required=False, max_length=20000)
    confidence = serializers.ChoiceField(
        choices=AttributeScore.Confidence.choices, allow_blank=True, required=False
    )
    version = serializers.IntegerField(
        min_value=0,
        help_text="The version you read; a save from an older version is refused with 409.",
    )


class AssessmentSerializer(serializers.ModelSerializer):
    service = serializers.SlugRelatedField(slug_field="uuid", read_only=True)
    catalogue_version = serializers.SlugRelatedField(slug_field="label", read_only=True)
    baseline = serializers.SlugRelatedField(slug_field="uuid", read_only=True, allow_null=True)

    class Meta:
        model = Assessment
        fields = [
            "uuid",
            "service",
            "cycle",
            "status",
            "catalogue_version",
            "baseline",
            "created_at",
            "completed_at",
            "open_data",
        ]


class AssessmentDetailSerializer(AssessmentSerializer):
    scores = serializers.SerializerMethodField()
    personas = serializers.SlugRelatedField(slug_field="uuid", many=True, read_only=True)

    class Meta(AssessmentSerializer.Meta):
        fields = [*AssessmentSerializer.Meta.fields, "personas", "scores"]

    @extend_schema_field(ScoreSerializer(many=True, read_only=True))
    def get_scores(self, obj):
        # The same results as the results page and the PDF report.
        return ScoreSerializer(assessment_results(obj).scores, many=True).data


class OpportunitySerializer(serializers.ModelSerializer):
    assessment = LookupField(slug_field="uuid", queryset=Assessment.objects.all())
    levers = serializers.ListField(
        child=serializers.ChoiceField(choices=Lever.choices), source="lever_codes", min_length=1,
        help_text="At least one of skills, policy, technology.",
    )  # fmt: skip
    # Written as keys and UUIDs; to_representation returns them the same way.
    attributes = serializers.ListField(
        child=serializers.CharField(max_length=50), required=False, default=list, write_only=True
    )
    personas = serializers.ListField(
        child=serializers.UUIDField(), required=False, default=list, write_only=True
    )
    owner_organization = LookupField(
        slug_field="slug", queryset=Organization.objects.all(), allow_null=True, required=False
    )
    owner_user = serializers.EmailField(source="owner_user.email", allow_null=True, required=False)
    contributors = LookupField(
        slug_field="slug",
        many=True,
        queryset=Organization.objects.all(),
        required=False,
        help_text="On a shared service, the partners that help the owner organization "
        "(accountable for it) deliver it. Left out of a PATCH, they are kept.",
    )

    class Meta:
        model = ImprovementOpportunity
        fields = [
            "uuid", "assessment", "title", "description", "levers", "attributes", "personas", "target_level",
            "impact", "effort", "owner_organization", "contributors", "owner_user", "status", "dropped_reason",
            "target_date", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["uuid", "created_at", "updated_at"]
        extra_kwargs = {
            "impact": {"min_value": 1, "max_value": 5},
            "effort": {"min_value": 1, "max_value": 5},
            "target_level": {"min_value": 1, "max_value": 20},
        }

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["attributes"] = [a.key for a in instance.attributes.all()]
        data["personas"] = [str(p.uuid) for p in instance.personas.all()]
        data["owner_user"] = instance.owner_user.email if instance.owner_user else None
        return data


class ReportJobSerializer(serializers.ModelSerializer):
    assessment = LookupField(slug_field="uuid", queryset=Assessment.objects.all())
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = ReportJob
        fields = [
            "uuid",
            "kind",
            "assessment",
            "language",
            "status",
            "progress",
            "pages",
            "error",
            "created_at",
            "finished_at",
            "download_url",
        ]
        read_only_fields = [
            "uuid",
            "kind",
            "status",
            "progress",
            "pages",
            "error",
            "created_at",
            "finished_at",
            "download_url",
        ]
        # The report's language is always chosen, never taken from the request.
        extra_kwargs = {"language": {"required": True}}

    def get_download_url(self, obj) -> str | None:
        from django.urls import reverse

        if obj.status != ReportJob.Status.DONE:
            return None
        return self.context["request"].build_absolute_uri(
            reverse("api:report-download", args=[obj.uuid])
        )


class TokenCreateSerializer(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(
        style={"input_type": "password"}, trim_whitespace=False, max_length=512
    )
    name = serializers.CharField(max_length=100, default="API")


class TokenCreatedSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Shown once: keep it secret.")
    name = serializers.CharField()
    created_at = serializers.DateTimeField()
