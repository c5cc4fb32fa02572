from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import CheckboxesField, GcdsFormMixin
from organizations.models import Organization
from services.models import Service

from .models import JourneyStage, Persona


class PersonaForm(GcdsFormMixin, forms.ModelForm):
    """A persona; the help texts say what a useful answer looks like."""

    submit_label = _("Save the persona")

    preferred_channels = CheckboxesField(
        label=_("Preferred channels"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("How this person would rather reach the service, not only how they do today."),
    )

    class Meta:
        model = Persona
        fields = [
            "name", "segment", "age_band", "household", "location_type", "province", "languages",
            "digital_access", "digital_confidence", "accessibility_needs", "trigger", "goals",
            "needs", "pain_points", "preferred_channels", "support_network", "evidence_base",
            "evidence_sources",
        ]  # fmt: skip
        widgets = {
            "accessibility_needs": forms.Textarea(attrs={"rows": 3}),
            "trigger": forms.Textarea(attrs={"rows": 3}),
            "goals": forms.Textarea(attrs={"rows": 3}),
            "needs": forms.Textarea(attrs={"rows": 3}),
            "pain_points": forms.Textarea(attrs={"rows": 4}),
            "support_network": forms.Textarea(attrs={"rows": 3}),
            "evidence_sources": forms.Textarea(attrs={"rows": 3}),
            "evidence_base": forms.RadioSelect,
        }
        help_texts = {
            "name": _(
                "A first name and a short tag that the team will remember, e.g. “Margaret, evacuated senior”."
            ),
            "household": _(
                "Who they live with and care for, e.g. “lives alone, daughter two hours away”."
            ),
            "languages": _("Languages they speak and read, and in which they prefer to be served."),
            "accessibility_needs": _(
                "Vision, hearing, mobility, cognitive or literacy needs that shape how they can use the service."
            ),
            "trigger": _(
                "The event that makes them need the service, e.g. “evacuated by a wildfire in August”."
            ),
            "goals": _("What they are trying to achieve, in their words, not the program's."),
            "needs": _("What they need from the service to reach that goal."),
            "pain_points": _(
                "What gets in their way today: cost, distance, forms, waiting, being passed between offices."
            ),
            "support_network": _(
                "People and organizations they trust to help: family, community groups, a band office, a pharmacist."
            ),
            "evidence_sources": _(
                "Interviews, surveys, call-centre data or reports the persona is based on. Required when it is validated."
            ),
        }

    def __init__(self, *args, channel_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preferred_channels"].choices = channel_choices
        if self.instance.pk:
            self.initial["preferred_channels"] = self.instance.preferred_channel_codes
        self.fields["evidence_base"].choices = Persona.Evidence.choices
        for name in (
            "age_band",
            "location_type",
            "province",
            "digital_access",
            "digital_confidence",
        ):
            self.fields[name].choices = [("", _("Not specified")), *self.fields[name].choices[1:]]
        self.helper.layout = Layout(
            Fieldset(
                _("Who they are"),
                "name",
                "segment",
                "age_band",
                "household",
                "location_type",
                "province",
                "languages",
            ),
            Fieldset(
                _("Access and abilities"),
                "digital_access",
                "digital_confidence",
                "accessibility_needs",
            ),
            Fieldset(_("Their situation"), "trigger", "goals", "needs", "pain_points"),
            Fieldset(_("Channels and support"), "preferred_channels", "support_network"),
            Fieldset(_("Evidence"), "evidence_base", "evidence_sources"),
        )

    def clean(self):
        data = super().clean()
        if (
            data.get("evidence_base") == Persona.Evidence.VALIDATED
            and not (data.get("evidence_sources") or "").strip()
        ):
            self.add_error(
                "evidence_sources",
                _(
                    "Say which research or data validates this persona, or mark it as an assumption."
                ),
            )
        return data


class StageForm(GcdsFormMixin, forms.ModelForm):
    submit_label = _("Save the stage")

    channel = forms.ChoiceField(label=_("Channel"), required=False)
    organization = forms.ModelChoiceField(
        label=_("Organization responsible"),
        queryset=Organization.objects.none(),  # the service's organizations, set in __init__
        required=False,
        to_field_name="slug",
    )

    class Meta:
        model = JourneyStage
        fields = ["name", "actions", "channel", "organization", "sentiment", "pain_points"]
        widgets = {
            "actions": forms.Textarea(attrs={"rows": 3}),
            "pain_points": forms.Textarea(attrs={"rows": 3}),
            "sentiment": forms.RadioSelect,
        }
        help_texts = {
            "name": _(
                "A short name for the stage, e.g. Awareness, Apply, Wait, Receive, Follow up."
            ),
            "actions": _("What the person does and sees at this stage, from their side."),
            "pain_points": _("What goes wrong or feels hard here."),
        }

    def __init__(self, *args, channel_choices, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = [("", _("Not specified")), *channel_choices]
        self.fields["organization"].queryset = organizations
        self.fields["organization"].label_from_instance = lambda org: str(org.name)
        self.fields["organization"].empty_label = _("Not specified")
        self.fields["sentiment"].choices = JourneyStage.Sentiment.choices
        if self.instance.pk and self.instance.organization_id:
            self.initial["organization"] = self.instance.organization.slug


class DuplicateForm(GcdsFormMixin, forms.Form):
    submit_label = _("Copy the persona")

    service = forms.ModelChoiceField(
        label=_("Copy to the service"),
        queryset=Service.objects.none(),  # the services the user may copy to, set in __init__
        to_field_name="uuid",
    )

    def __init__(self, *args, services, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = services
        self.fields["service"].label_from_instance = lambda service: str(service.name)
