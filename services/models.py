"""Government services, their service standards and performance, and inventory imports."""

import uuid
from collections.abc import Iterable
from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.bilingual import localized, localized_order
from core.jobs import Job, status_field
from core.natural_keys import NaturalKeyManager, NaturalKeyModel
from organizations.access import Access
from organizations.models import Organization


def text_to_codes(text: str) -> list[str]:
    """The codes of a comma-separated text ("POST,EML"), as a standard's channel holds them."""
    return [c for c in (text or "").split(",") if c]


# The code list of each multi-valued field of a service: (resource, field) in the inventory.
CODE_LISTS = {
    "client_segments": ("service", "client_target_groups"),
    "service_types": ("service", "service_type"),
    "service_scope": ("service", "service_scope"),
    "channels": ("service-std", "channel"),
}


def code_list(field: str) -> dict[str, str]:
    """The lookup that limits a relation to the code list of one field."""
    resource, name = CODE_LISTS[field]
    return {"resource": resource, "field": name}


class InventoryCodeManager(NaturalKeyManager["InventoryCode"]):
    def in_list(self, field: str) -> models.QuerySet["InventoryCode"]:
        """The codes of the list that a multi-valued field (a key of CODE_LISTS) takes."""
        return self.filter(**code_list(field))


class InventoryCode(NaturalKeyModel):
    """A code of the GC Service Inventory with its labels (from dd_choices.csv)."""

    NATURAL_KEY = ("resource", "field", "code")

    resource = models.CharField(max_length=20)  # "service" or "service-std"
    field = models.CharField(max_length=60)
    code = models.CharField(max_length=30)
    label_en = models.CharField(max_length=200)
    label_fr = models.CharField(max_length=200)

    objects: ClassVar[InventoryCodeManager] = InventoryCodeManager()

    class Meta:
        verbose_name = _("inventory code")
        verbose_name_plural = _("inventory codes")
        constraints = [
            models.UniqueConstraint(fields=["resource", "field", "code"], name="one_label_per_code")
        ]

    def __str__(self):
        return f"{self.field}={self.code}"

    @property
    def label(self):
        return localized(self, "label")


def _codes_field(field: str, verbose_name) -> models.ManyToManyField:
    return models.ManyToManyField(
        InventoryCode,
        related_name="+",
        blank=True,
        limit_choices_to=code_list(field),
        verbose_name=verbose_name,
    )


def in_list_order(codes: Iterable[InventoryCode]) -> list[InventoryCode]:
    """Codes in the order of their code list (the order they were loaded in)."""
    return sorted(codes, key=lambda code: code.pk)


class Service(NaturalKeyModel):
    NATURAL_KEY = ("uuid",)
    # The reader's access, set by services.access when the service is read for a person.
    user_access: Access | None

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        PLANNED = "planned", _("In design")
        RETIRED = "retired", pgettext_lazy("service status", "Retired")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="services",
        verbose_name=_("owner organization"),
    )
    partners = models.ManyToManyField(
        Organization,
        related_name="partner_services",
        blank=True,
        verbose_name=_("partner organizations"),
        help_text=_("Other organizations that deliver the service with the owner."),
    )
    name_en = models.CharField(_("name (English)"), max_length=400)
    name_fr = models.CharField(_("name (French)"), max_length=400, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    # Each limited to its code list of the inventory (CODE_LISTS); the operations check it.
    client_segments = _codes_field("client_segments", _("client segments"))
    channels = _codes_field("channels", _("channels"))
    service_types = _codes_field("service_types", _("service types"))
    service_scope = _codes_field("service_scope", _("scope"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    inventory_id = models.CharField(
        _("inventory service ID"), max_length=30, unique=True, null=True, blank=True
    )
    inventory_fiscal_year = models.CharField(max_length=9, blank=True)
    # The inventory's 2024+ layout has no channel column: its channels are those with volumes.
    channels_inferred = models.BooleanField(
        _("channels inferred from volumes"),
        default=False,
        help_text=_(
            "Set by the inventory import when the file names no channels and they were read "
            "from the channels with applications or enquiries; cleared when a person edits them."
        ),
    )
    # The inventory lists several programs' ids and several pages in one cell (up to 300 and
    # 1,250 characters in 2024): kept whole. Program names are limited, being in the heat
    # map's index: the import refuses a longer one rather than cut it.
    program_id = models.TextField(_("program ID"), blank=True)
    program_name_en = models.CharField(_("program (English)"), max_length=400, blank=True)
    program_name_fr = models.CharField(_("program (French)"), max_length=400, blank=True)
    url_en = models.TextField(_("web page (English)"), blank=True)
    url_fr = models.TextField(_("web page (French)"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["name_en"]
        # The heat map's default order (owner, program, name) in either language reads these.
        indexes = [
            models.Index(
                "owner",
                localized_order("program_name", language),
                localized_order("name", language),
                "id",
                name=f"service_order_{language}",
            )
            for language in ("en", "fr")
        ]

    def __str__(self):
        return str(self.name)

    @property
    def name(self):
        return localized(self, "name")

    @property
    def description(self):
        return localized(self, "description")

    @property
    def program_name(self):
        return localized(self, "program_name")

    def codes_of(self, field: str) -> list[InventoryCode]:
        """The codes of one multi-valued field (prefetch it to read many services)."""
        return in_list_order(getattr(self, field).all())

    def labels_of(self, field: str) -> list[str]:
        return [str(code.label) for code in self.codes_of(field)]

    @property
    def client_segment_codes(self) -> list[str]:
        return [code.code for code in self.codes_of("client_segments")]

    @property
    def channel_codes(self) -> list[str]:
        return [code.code for code in self.codes_of("channels")]

    @property
    def service_type_codes(self) -> list[str]:
        return [code.code for code in self.codes_of("service_types")]

    @property
    def service_scope_codes(self) -> list[str]:
        return [code.code for code in self.codes_of("service_scope")]


def link_model(field: str) -> type[models.Model]:
    """The link table of one multi-valued field of a service (a key of CODE_LISTS): its rows
    hold ``service_id`` and ``inventorycode_id``."""
    relation = Service._meta.get_field(field)
    assert isinstance(relation, models.ManyToManyField), field
    through = relation.remote_field.through
    assert through is not None, field  # set when the models are loaded
    return through


class ServiceYear(NaturalKeyModel):
    """Volumes reported in the inventory for one fiscal year. Missing values stay NULL."""

    NATURAL_KEY = ("service__uuid", "fiscal_year")

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="years")
    fiscal_year = models.CharField(max_length=9)
    phone_enquiries = models.BigIntegerField(null=True, blank=True)
    website_visits = models.BigIntegerField(null=True, blank=True)
    applications_online = models.BigIntegerField(null=True, blank=True)
    applications_in_person = models.BigIntegerField(null=True, blank=True)
    applications_by_phone = models.BigIntegerField(null=True, blank=True)
    applications_by_mail = models.BigIntegerField(null=True, blank=True)
    applications_by_email = models.BigIntegerField(null=True, blank=True)
    applications_by_fax = models.BigIntegerField(null=True, blank=True)
    applications_by_other = models.BigIntegerField(null=True, blank=True)
    applications_total = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["service_id", "-fiscal_year"]
        constraints = [
            models.UniqueConstraint(fields=["service", "fiscal_year"], name="one_service_year")
        ]

    def __str__(self):
        return f"{self.service_id} {self.fiscal_year}"


class ServiceStandard(NaturalKeyModel):
    NATURAL_KEY = ("service__uuid", "standard_id")
    # Set by services.queries for the service page, never stored: the labels of the channels.
    channel_display: list[str]

    class Type(models.TextChoices):
        TIMELINESS = "TML", _("Timeliness")
        ACCESS = "ACS", _("Access")
        ACCURACY = "ACY", _("Accuracy")
        OTHER = "OTH", _("Other")

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="standards")
    standard_id = models.CharField(_("standard ID"), max_length=40)
    text_en = models.TextField(_("standard (English)"), blank=True)
    text_fr = models.TextField(_("standard (French)"), blank=True)
    type = models.CharField(_("type"), max_length=3, choices=Type.choices, default=Type.OTHER)
    channel = models.CharField(_("channel"), max_length=20, blank=True)
    # The fiscal year the wording above comes from: an older year never overwrites it.
    inventory_fiscal_year = models.CharField(max_length=9, blank=True)

    class Meta:
        verbose_name = _("service standard")
        verbose_name_plural = _("service standards")
        ordering = ["service_id", "standard_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "standard_id"], name="one_standard_id_per_service"
            )
        ]

    def __str__(self):
        return str(self.text) or self.standard_id

    @property
    def text(self):
        return localized(self, "text")


class StandardPerformance(NaturalKeyModel):
    """A standard's target and result in one fiscal year. Fractions 0..1; NULL when not reported."""

    NATURAL_KEY = ("standard__service__uuid", "standard__standard_id", "fiscal_year")

    standard = models.ForeignKey(
        ServiceStandard, on_delete=models.CASCADE, related_name="performances"
    )
    fiscal_year = models.CharField(max_length=9)
    target = models.DecimalField(max_digits=9, decimal_places=4, null=True, blank=True)
    volume_meeting_target = models.BigIntegerField(null=True, blank=True)
    total_volume = models.BigIntegerField(null=True, blank=True)
    performance = models.DecimalField(max_digits=9, decimal_places=4, null=True, blank=True)
    target_met = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["standard_id", "-fiscal_year"]
        constraints = [
            models.UniqueConstraint(fields=["standard", "fiscal_year"], name="one_result_per_year")
        ]

    def __str__(self):
        return f"{self.standard_id} {self.fiscal_year}"

    @staticmethod
    def _percent(value) -> str:
        from django.utils.formats import number_format

        return f"{number_format(value * 100, decimal_pos=1)}\u00a0%"

    @property
    def target_percent(self) -> str:
        return self._percent(self.target) if self.target is not None else ""

    @property
    def performance_percent(self) -> str:
        return self._percent(self.performance) if self.performance is not None else ""


def _import_path(instance, filename: str) -> str:
    # One folder per job keeps the original file names for the problem report.
    return f"imports/{instance.uuid}/{filename}"


# The import task's limits, in seconds (services/tasks.py): soft, then hard. Under the broker's
# visibility timeout (300 s), as every task's (core.jobs.Job.taken_over_since).
IMPORT_SOFT_TIME_LIMIT = 240
IMPORT_TIME_LIMIT = 270


class InventoryImport(Job):
    """One import of inventory files, run in the background; the row is the truth.

    It runs twice: first as a preview (what would be created and updated, and every rejected
    row), then, once the person chooses to import the valid rows, as the import itself. The
    uploaded files are kept between the two and deleted after either ends, or on cancel."""

    task_path = "services.tasks.inventory_import"
    time_limit = IMPORT_TIME_LIMIT
    # Rejected rows listed on the page; the download holds them all.
    LISTED = 200

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to start")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Nothing imported")

    class Stage(models.TextChoices):
        READING = "reading", _("Reading the files")
        CHECKING = "checking", _("Checking every row")
        PREVIEWING = "previewing", _("Working out what would change")
        SAVING = "saving", _("Saving services and standards")

    class Step(models.TextChoices):
        PREVIEW = "preview", _("Preview")
        IMPORT = "import", _("Import")
        CANCELLED = "cancelled", _("Cancelled")

    status = status_field(Status)
    step = models.CharField(max_length=10, choices=Step.choices, default=Step.PREVIEW)
    services_file = models.FileField(upload_to=_import_path, blank=True)
    standards_file = models.FileField(upload_to=_import_path, blank=True)
    choices_file = models.FileField(upload_to=_import_path, blank=True)
    preview = models.JSONField(default=dict, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    problems = models.JSONField(default=list, blank=True)
    # The first LISTED rejected rows as {"file", "line", "reason"}; how many there were; and
    # all of them as a CSV with their original columns.
    rejected = models.JSONField(default=list, blank=True)
    rejected_count = models.PositiveIntegerField(default=0)
    rejected_file = models.FileField(upload_to=_import_path, blank=True)

    def __str__(self):
        return f"import {self.uuid} ({self.step}, {self.status})"

    @property
    def status_label(self) -> str:
        if self.status == self.Status.DONE and self.step == self.Step.PREVIEW:
            return str(_("Ready to review"))
        if self.step == self.Step.CANCELLED:
            return str(_("Cancelled; nothing imported"))
        if self.status == self.Status.RUNNING and self.step == self.Step.PREVIEW:
            return str(_("Checking"))
        return super().status_label

    @property
    def awaits_decision(self) -> bool:
        return self.status == self.Status.DONE and self.step == self.Step.PREVIEW

    @property
    def would_change(self) -> int:
        """Rows the preview would create or update."""
        return sum(
            value for key, value in self.preview.items() if key.endswith(("_created", "_updated"))
        )
