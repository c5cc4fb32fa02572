from crispy_forms.layout import HTML, Fieldset, Layout, Submit
from django import forms
from django.http import QueryDict
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.forms import GcdsFormMixin

from .models import AttributeScore, PersonaRating
from .queries import ScorePage


class StartForm(GcdsFormMixin, forms.Form):
    submit_label = _("Start the assessment")

    cycle = forms.CharField(
        label=_("Cycle"),
        max_length=20,
        help_text=_("The period this assessment covers, such as 2026-27."),
    )


class ScoreForm(GcdsFormMixin, forms.Form):
    """One attribute's score, with a rating for each persona of the assessment."""

    submit_label = None

    current_level = forms.TypedChoiceField(
        label=_("Current level"),
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    target_level = forms.TypedChoiceField(
        label=_("Target level"),
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    rationale = forms.CharField(
        label=_("Rationale"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Why this level, seen from the people who use the service. Name what you observed."
        ),
    )
    evidence = forms.CharField(
        label=_("Evidence"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=AttributeScore._meta.get_field("evidence").help_text,
    )
    confidence = forms.ChoiceField(
        label=_("Confidence"),
        required=False,
        widget=forms.RadioSelect,
        choices=AttributeScore.Confidence.choices,
        help_text=_("How sure the team is of the current level, given the evidence."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, levels, personas, baseline=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.levels, self.baseline = levels, baseline
        choices = [(level.number, f"{level.number}. {level.name}") for level in levels]
        self.fields["current_level"].choices = choices
        self.fields["target_level"].choices = choices
        if baseline:
            current, target = baseline
            self.fields["current_level"].help_text = _("Baseline (previous cycle): %(level)s") % {
                "level": current if current is not None else "–"
            }
            self.fields["target_level"].help_text = _("Baseline target: %(level)s") % {
                "level": target if target is not None else "–"
            }
        self.personas = list(personas)
        persona_fields = []
        for persona in self.personas:
            self.fields[f"rating_{persona.pk}"] = forms.TypedChoiceField(
                label=_("How well is %(name)s served?") % {"name": persona.name},
                choices=[("", _("Not rated")), *PersonaRating.Rating.choices],
                coerce=int,
                empty_value=None,
                required=False,
            )
            self.fields[f"note_{persona.pk}"] = forms.CharField(
                label=_("Note on %(name)s") % {"name": persona.name}, max_length=500, required=False
            )
            persona_fields += [f"rating_{persona.pk}", f"note_{persona.pk}"]
        sections = [
            Fieldset(_("Levels"), "current_level", "target_level"),
            Fieldset(_("Why"), "rationale", "evidence", "confidence"),
        ]
        if persona_fields:
            sections.append(Fieldset(_("Through the personas"), *persona_fields))
        else:
            sections.append(
                HTML(format_html("<p>{}</p>", _("This assessment has no personas to rate.")))
            )
        self.helper.layout = Layout(*sections, "version")
        self.helper.add_input(Submit("save_next", _("Save and go to the next attribute")))
        self.helper.add_input(Submit("save", _("Save"), css_class="secondary"))

    @classmethod
    def for_page(cls, page: "ScorePage", data: QueryDict | None = None) -> "ScoreForm":
        """The form of a score page, filled with the score and its persona ratings."""
        score = page.score
        initial: dict[str, object] = {
            name: getattr(score, name)
            for name in ("current_level", "target_level", "rationale", "evidence", "confidence")
        }
        initial["version"] = score.version
        for persona, rating in page.rating_rows():
            initial[f"rating_{persona.pk}"] = rating.rating if rating else None
            initial[f"note_{persona.pk}"] = rating.note if rating else ""
        return cls(
            data,
            levels=page.levels,
            personas=page.personas,
            baseline=page.baseline,
            initial=initial,
        )

    def over(self, version: int) -> "ScoreForm":
        """The same answers against a newer version: saving again is a deliberate overwrite."""
        assert isinstance(self.data, QueryDict), "only a form bound to what was posted"
        data = self.data.copy()
        data["version"] = str(version)
        form = type(self)(data, levels=self.levels, personas=self.personas, baseline=self.baseline)
        form.is_valid()
        return form

    def ratings(self) -> dict:
        return {
            persona.pk: (
                self.cleaned_data.get(f"rating_{persona.pk}"),
                self.cleaned_data.get(f"note_{persona.pk}", "").strip(),
            )
            for persona in self.personas
        }

    def score_fields(self) -> dict:
        return {
            "current_level": self.cleaned_data["current_level"],
            "target_level": self.cleaned_data["target_level"],
            "rationale": self.cleaned_data["rationale"].strip(),
            "evidence": self.cleaned_data["evidence"].strip(),
            "confidence": self.cleaned_data["confidence"],
        }


class SendBackForm(GcdsFormMixin, forms.Form):
    submit_label = _("Send back to the team")

    comments = forms.CharField(
        label=_("What should the team change?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The team sees these comments at the top of the assessment."),
    )
