"""Forms for services: the description and the inventory upload (the list's filters are in
filters.py)."""

from django import forms
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from core.bilingual import localized_order
from core.forms import CheckboxesField, GcdsFormMixin, SearchableCheckboxes
from organizations.models import Organization

from . import queries
from .models import Service


class ServiceForm(GcdsFormMixin, forms.Form):
    """A service's description. Code lists (segments, channels, types) come from the inventory."""

    submit_label = _("Save the service")

    owner = forms.ModelChoiceField(
        label=_("Owner organization"), queryset=Organization.objects.none(), to_field_name="slug"
    )
    name_en = forms.CharField(label=_("Name (English)"), max_length=400)
    name_fr = forms.CharField(label=_("Name (French)"), max_length=400)
    description_en = forms.CharField(
        label=_("Description (English)"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    description_fr = forms.CharField(
        label=_("Description (French)"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    client_segments = CheckboxesField(
        label=_("Client segments"), widget=forms.CheckboxSelectMultiple, required=False
    )
    channels = CheckboxesField(
        label=_("Channels"), widget=forms.CheckboxSelectMultiple, required=False
    )
    service_types = CheckboxesField(
        label=_("Service types"), widget=forms.CheckboxSelectMultiple, required=False
    )
    status = forms.ChoiceField(label=_("Status"), choices=[], widget=forms.RadioSelect)
    partners = forms.ModelMultipleChoiceField(
        label=_("Partner organizations"),
        queryset=Organization.objects.none(),
        to_field_name="slug",
        required=False,
        help_text=_(
            "Organizations that deliver the service with you: their members can see it. "
            "Tick as many as you need; type part of a name to narrow the list."
        ),
        widget=SearchableCheckboxes(exclude_from="owner"),
        error_messages={
            "invalid_choice": _(
                "“%(value)s” is not in the list of partners you can choose: an organization "
                "of the platform other than the owner."
            )
        },
    )
    program_name_en = forms.CharField(label=_("Program (English)"), max_length=400, required=False)
    program_name_fr = forms.CharField(label=_("Program (French)"), max_length=400, required=False)

    def __init__(self, *args, owners, labels, choices_for, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners
        if editing:
            self.fields["owner"].disabled = True
        self.fields["status"].choices = Service.Status.choices
        self.fields["client_segments"].choices = choices_for(labels, "client_segments")
        self.fields["channels"].choices = choices_for(labels, "channels")
        self.fields["service_types"].choices = choices_for(labels, "service_types")
        # The owner is never offered as its own partner: left out here when it is known
        # (an existing service, or a person who manages one organization only), and by the
        # page's script as soon as one is chosen among several.
        partners = Organization.objects.order_by(localized_order("name"))
        if editing or len(owners) == 1:
            partners = partners.exclude(pk__in=owners.values("pk"))
        self.fields["partners"].queryset = partners
        self.fields["partners"].label_from_instance = lambda org: str(org.name)

    @classmethod
    def for_new(cls, data: QueryDict | None, *, owners: QuerySet[Organization]) -> "ServiceForm":
        """A form for a new service of one of ``owners`` (the organizations the person manages)."""
        initial: dict[str, object] = {"status": Service.Status.ACTIVE}
        only = owners[0] if len(owners) == 1 else None
        if only is not None:
            initial["owner"] = only.slug
        return cls(
            data,
            owners=owners,
            labels=queries.code_labels(),
            choices_for=queries.choices_for,
            initial=initial,
        )

    @classmethod
    def for_service(cls, data: QueryDict | None, *, service: Service) -> "ServiceForm":
        """A form filled with a service's description; its owner does not change here."""
        fields = ("name_en", "name_fr", "description_en", "description_fr", "status",
                  "program_name_en", "program_name_fr")  # fmt: skip
        initial: dict[str, object] = {name: getattr(service, name) for name in fields}
        initial.update(queries.codes_of_service(service))
        initial["owner"] = service.owner.slug
        initial["partners"] = list(service.partners.all())
        return cls(
            data,
            owners=Organization.objects.filter(pk=service.owner_id),
            labels=queries.code_labels(),
            choices_for=queries.choices_for,
            editing=True,
            initial=initial,
        )

    def clean(self):
        data = super().clean()
        owner = data.get("owner")
        partners = data.get("partners")
        if owner and partners and owner in partners:
            self.add_error("partners", _("The owner organization cannot also be a partner."))
        return data


MAX_INVENTORY_UPLOAD = 20 * 1024 * 1024


class InventoryUploadForm(GcdsFormMixin, forms.Form):
    submit_label = _("Import")

    services_file = forms.FileField(
        label=_("Service inventory (CSV)"),
        required=False,
        help_text=_("For example si_2024.csv, in the 2024+ layout or the older one."),
    )
    standards_file = forms.FileField(
        label=_("Service standards (CSV)"),
        required=False,
        help_text=_(
            "For example ss_2024.csv. Its services must be in the inventory file or already imported."
        ),
    )
    choices_file = forms.FileField(
        label=_("Code list (dd_choices.csv)"),
        required=False,
        help_text=_("Optional: the labels of the codes, in English and French."),
    )

    def clean(self):
        data = super().clean()
        files = [data.get(name) for name in ("services_file", "standards_file", "choices_file")]
        if not any(files):
            raise forms.ValidationError(_("Choose at least one file to import."))
        for name in ("services_file", "standards_file", "choices_file"):
            upload = data.get(name)
            if upload is None:
                continue
            if not upload.name.lower().endswith(".csv"):
                self.add_error(name, _("Choose a .csv file."))
            elif upload.size > MAX_INVENTORY_UPLOAD:
                self.add_error(
                    name,
                    _("The file is %(size)s MB; the limit is 20 MB.")
                    % {"size": round(upload.size / 1024 / 1024, 1)},
                )
        return data
