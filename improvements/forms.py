"""Forms for improvement opportunities (the filters of their pages are in filters.py)."""

from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from assessments.models import Assessment
from core.forms import CheckboxesField, GcdsFormMixin
from feedback.models import Response
from organizations.models import Organization, User

from . import queries
from .models import ImprovementOpportunity, Lever, YouSaidPage


class OpportunityForm(GcdsFormMixin, forms.Form):
    """An improvement opportunity. Choices are limited to the assessment's own attributes,
    personas, stages and the people and organizations of the service."""

    submit_label = _("Save the opportunity")

    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_(
            "A short name for the change, e.g. “One application shared by the three governments”."
        ),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What changes for the people who use the service, and how."),
    )
    levers = CheckboxesField(
        label=_("Levers"),
        choices=Lever.choices,
        help_text=_(
            "What the change needs: new skills, a policy change, technology. At least one."
        ),
    )
    attributes = CheckboxesField(label=_("Attributes it improves"), required=False)
    target_level = forms.TypedChoiceField(
        label=_("Level it should reach"), coerce=int, empty_value=None, required=False
    )
    personas = CheckboxesField(label=_("Personas it helps"), required=False)
    stages = CheckboxesField(label=_("Journey stages it changes"), required=False)
    impact = forms.TypedChoiceField(
        label=_("Impact"),
        coerce=int,
        widget=forms.RadioSelect,
        choices=[(n, str(n)) for n in range(1, 6)],
        help_text=_("1 = small difference for people, 5 = transforms their experience."),
    )
    effort = forms.TypedChoiceField(
        label=_("Effort"),
        coerce=int,
        widget=forms.RadioSelect,
        choices=[(n, str(n)) for n in range(1, 6)],
        help_text=_("1 = days of work, 5 = a multi-year project."),
    )
    owner_organization = forms.ModelChoiceField(
        label=_("Owner (organization)"),
        queryset=Organization.objects.none(),  # the service's organizations, set in __init__
        required=False,
        to_field_name="slug",
    )
    contributors = CheckboxesField(
        label=_("Contributing organizations"),
        required=False,
        help_text=_(
            "On a shared service: the partners that help the owner organization deliver it."
        ),
    )
    owner_user = forms.ModelChoiceField(
        label=_("Owner (person)"),
        queryset=User.objects.none(),  # the people of those organizations, set in __init__
        required=False,
        to_field_name="email",
    )
    status = forms.ChoiceField(label=_("Status"), choices=ImprovementOpportunity.Status.choices)
    dropped_reason = forms.CharField(
        label=_("Why it was dropped"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the status is Dropped."),
    )
    target_date = forms.DateField(
        label=_("Target date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("When it should be done (YYYY-MM-DD)."),
    )

    def __init__(
        self, *args, attributes, levels, personas, stages, organizations, people, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.attribute_map = {a.key: a for a in attributes}
        self.persona_map = {str(p.uuid): p for p in personas}
        self.stage_map = {str(s.uuid): s for s in stages}
        self.fields["attributes"].choices = [(a.key, str(a.name)) for a in attributes]
        self.fields["personas"].choices = [(str(p.uuid), p.name) for p in personas]
        self.fields["stages"].choices = [
            (str(s.uuid), f"{s.persona.name}: {s.name}") for s in stages
        ]
        self.fields["target_level"].choices = [("", _("Not specified"))] + [
            (lv.number, f"{lv.number}. {lv.name}") for lv in levels
        ]
        self.fields["owner_organization"].queryset = organizations
        self.fields["owner_organization"].label_from_instance = lambda org: str(org.name)
        self.fields["owner_organization"].empty_label = _("Not assigned")
        # Read once: the owner's choices are written from the same rows (its queryset is
        # read again only to check a choice sent).
        self.organization_map = {org.slug: org for org in organizations}
        self.fields["owner_organization"].choices = [("", _("Not assigned"))] + [
            (org.slug, str(org.name)) for org in self.organization_map.values()
        ]
        if len(self.organization_map) > 1:
            self.fields["owner_organization"].help_text = _(
                "The shared service's organization accountable for it."
            )
            self.fields["contributors"].choices = [
                (org.slug, str(org.name)) for org in self.organization_map.values()
            ]
        else:
            del self.fields["contributors"]
        self.fields["owner_user"].queryset = people
        self.fields["owner_user"].label_from_instance = lambda user: str(user)
        self.fields["owner_user"].empty_label = _("Not assigned")
        if not personas:
            del self.fields["personas"]
        if not stages:
            del self.fields["stages"]

    def clean(self):
        data = super().clean()
        if (
            data.get("status") == ImprovementOpportunity.Status.DROPPED
            and not (data.get("dropped_reason") or "").strip()
        ):
            self.add_error("dropped_reason", _("Say why the opportunity is dropped."))
        return data

    @classmethod
    def for_assessment(
        cls,
        assessment: Assessment,
        data: QueryDict | None = None,
        *,
        initial: dict[str, Any] | None = None,
    ) -> "OpportunityForm":
        return cls(data, initial=initial, **queries.form_choices(assessment))

    @staticmethod
    def initial_for_new(params: QueryDict) -> dict[str, Any]:
        """A new opportunity's starting values; from a suggested gap, its attribute and target."""
        initial: dict[str, Any] = {
            "status": ImprovementOpportunity.Status.PROPOSED,
            "impact": 3,
            "effort": 3,
        }
        key = params.get("attribute", "")
        if key:
            initial["attributes"] = [key]
            target = params.get("target", "")
            if target.isdigit():
                initial["target_level"] = int(target)
        return initial

    @staticmethod
    def initial_of(opportunity: ImprovementOpportunity) -> dict[str, Any]:
        """The form's values for an existing opportunity."""
        simple = ("title", "description", "target_level", "impact", "effort", "status",
                  "dropped_reason", "target_date")  # fmt: skip
        initial: dict[str, Any] = {name: getattr(opportunity, name) for name in simple}
        owner_org, owner_user = opportunity.owner_organization, opportunity.owner_user
        initial.update(
            levers=opportunity.lever_codes,
            attributes=list(opportunity.attributes.values_list("key", flat=True)),
            personas=[str(u) for u in opportunity.personas.values_list("uuid", flat=True)],
            stages=[str(u) for u in opportunity.stages.values_list("uuid", flat=True)],
            owner_organization=owner_org.slug if owner_org else None,
            contributors=[org.slug for org in opportunity.contributors.all()],
            owner_user=owner_user.email if owner_user else None,
        )
        return initial

    def operation_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data["attributes"] = [
            self.attribute_map[k] for k in data.get("attributes", []) if k in self.attribute_map
        ]
        data["personas"] = [
            self.persona_map[k] for k in data.get("personas", []) if k in self.persona_map
        ]
        data["stages"] = [self.stage_map[k] for k in data.get("stages", []) if k in self.stage_map]
        if "contributors" in self.fields:
            data["contributors"] = [
                self.organization_map[k]
                for k in data.get("contributors", [])
                if k in self.organization_map
            ]
        data["title"] = data["title"].strip()
        data["description"] = data["description"].strip()
        data["dropped_reason"] = data["dropped_reason"].strip()
        return data


class YouSaidItemForm(GcdsFormMixin, forms.Form):
    """How one completed opportunity is told on the public page, in both languages."""

    submit_label = _("Save it on the page")

    title_en = forms.CharField(label=_("What changed (English)"), max_length=200)
    title_fr = forms.CharField(label=_("What changed (French)"), max_length=200)
    what_we_did_en = forms.CharField(
        label=_("What we did (English)"),
        max_length=YouSaidPage.TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("In plain words for the public. Do not name members of staff."),
    )
    what_we_did_fr = forms.CharField(
        label=_("What we did (French)"),
        max_length=YouSaidPage.TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    done_on = forms.DateField(label=_("Done on"), widget=forms.DateInput(attrs={"type": "date"}))
    comments = forms.ModelMultipleChoiceField(
        label=_("What the public said that led to it"),
        queryset=Response.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Approved comments about this service, shown as people wrote them. The public's "
            "rating of the opportunity's attributes is shown with them once enough people answered."
        ),
    )

    def __init__(self, *args, comments: list[Response], **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["comments"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = Response.objects.filter(pk__in=[c.pk for c in comments])
        field.choices = [(c.pk, c.comment) for c in comments]
        if not comments:
            field.help_text = _("No comment about this service has been approved yet.")


class YouSaidPublishForm(GcdsFormMixin, forms.Form):
    """The page's introduction, both languages or neither, sent with publishing."""

    submit_label = _("Publish the page")

    intro_en = forms.CharField(
        label=_("Introduction (English, optional)"),
        max_length=YouSaidPage.TEXT_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    intro_fr = forms.CharField(
        label=_("Introduction (French, optional)"),
        max_length=YouSaidPage.TEXT_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        if bool(data.get("intro_en", "").strip()) != bool(data.get("intro_fr", "").strip()):
            self.add_error(
                None, _("Write the introduction in both languages, or leave both empty.")
            )
        return data
