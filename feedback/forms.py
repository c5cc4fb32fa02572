"""The team's campaign form, and the public's answer form (plain HTML: it works without
JavaScript, where GCDS components do not render)."""

from datetime import timedelta

from django import forms
from django.core import signing
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext_lazy as _

from catalogue.models import Attribute
from core.forms import CheckboxesField, GcdsFormMixin
from personas.models import Persona

from .models import COMMENT_LENGTH, Channel, Rating, Response

NOT_APPLICABLE = "na"
SIGNING_SALT = "feedback.form"


class CampaignForm(GcdsFormMixin, forms.Form):
    submit_label = _("Open the campaign")

    name = forms.CharField(
        label=_("Name"),
        max_length=120,
        help_text=_(
            "For your team, for example “Counter survey, winter 2027”. Not shown to the public."
        ),
    )
    opens_on = forms.DateField(label=_("Opens on"), widget=forms.DateInput(attrs={"type": "date"}))
    closes_on = forms.DateField(
        label=_("Closes on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_(
            "Answers are taken until the end of this day, or until you close the campaign."
        ),
    )
    channels = CheckboxesField(
        label=_("Channels the campaign covers"),
        choices=Channel.choices,
        help_text=_("Where people will find the link or the QR code."),
    )
    attributes = forms.ModelMultipleChoiceField(
        label=_("Questions"),
        queryset=Attribute.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Each is asked on a five-point scale with “Does not apply”. Fewer questions get more answers."
        ),
    )
    ask_segment = forms.BooleanField(
        label=_(
            "Ask “Which best describes you?” from the client segments of this service’s personas"
        ),
        required=False,
        initial=True,
    )

    def __init__(self, *args, questions: list[Attribute], **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["attributes"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = Attribute.objects.filter(pk__in=[a.pk for a in questions])
        field.choices = [(a.pk, f"{a.name}: {a.public_question}") for a in questions]
        self.initial.setdefault("attributes", [a.pk for a in questions])
        today = timezone.localdate()
        self.initial.setdefault("opens_on", today)
        self.initial.setdefault("closes_on", today + timedelta(days=60))
        self.initial.setdefault("channels", [Channel.ONLINE])

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", _("The campaign cannot close before it opens."))
        return data


def form_token() -> str:
    """A signed token for one public form: its own number and when it was handed out."""
    return signing.TimestampSigner(salt=SIGNING_SALT).sign(get_random_string(24))


def read_token(token: str, *, minimum: int, maximum: int) -> tuple[str | None, str]:
    """(the form's number, "") for a good token; (None, why) otherwise: "fast" when sent
    sooner than a person could have filled it, "expired" or "invalid"."""
    signer = signing.TimestampSigner(salt=SIGNING_SALT)
    try:
        nonce = signer.unsign(token, max_age=maximum)
    except signing.SignatureExpired:
        return None, "expired"
    except signing.BadSignature:
        return None, "invalid"
    try:
        __, stamp, __ = token.rsplit(":", 2)
        issued = signing.b62_decode(stamp)
    except ValueError:
        return None, "invalid"
    if timezone.now().timestamp() - issued < minimum:
        return None, "fast"
    return nonce, ""


def _scale(*, not_applicable: bool = False) -> forms.ChoiceField:
    choices: list[tuple[str, object]] = [
        (str(point), label) for point, label in reversed(Rating.choices)
    ]
    if not_applicable:
        choices.append((NOT_APPLICABLE, _("Does not apply")))
    return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, required=False)


class AnswerForm(forms.Form):
    """One person's answers. Every question may be skipped; the form asks nothing that
    identifies the person."""

    token = forms.CharField(widget=forms.HiddenInput)
    # Left empty by people, who never see it; filled by robots that fill every field.
    website = forms.CharField(required=False, label=_("Leave this field empty"))
    satisfaction = _scale()
    got_needed = forms.ChoiceField(
        choices=Response.GotNeeded.choices, widget=forms.RadioSelect, required=False
    )
    segment = forms.ChoiceField(widget=forms.RadioSelect, required=False)
    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": COMMENT_LENGTH}),
        max_length=COMMENT_LENGTH,
        required=False,
    )

    def __init__(self, *args, questions: list[Attribute], segments: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for attribute in questions:
            self.fields[f"q_{attribute.pk}"] = _scale(not_applicable=True)
        labels = dict(Persona.Segment.choices)
        segment = self.fields["segment"]
        assert isinstance(segment, forms.ChoiceField)
        if segments:
            segment.choices = [(code, labels[code]) for code in segments] + [
                ("", _("None of these, or I prefer not to say"))
            ]
        else:
            del self.fields["segment"]

    def rows(self):
        """(attribute, bound field) for each question, in catalogue order."""
        return [(a, self[f"q_{a.pk}"]) for a in self.questions]

    def ratings(self) -> dict[int, int | None]:
        """{attribute id: rating, None for "does not apply"}, for the questions answered."""
        out: dict[int, int | None] = {}
        for attribute in self.questions:
            value = self.cleaned_data.get(f"q_{attribute.pk}")
            if value:
                out[attribute.pk] = None if value == NOT_APPLICABLE else int(value)
        return out

    def clean_comment(self) -> str:
        return self.cleaned_data["comment"].strip()

    def clean(self):
        data = super().clean()
        answered = (
            data.get("satisfaction")
            or data.get("got_needed")
            or data.get("comment")
            or any(data.get(f"q_{a.pk}") for a in self.questions)
        )
        if not self.errors and not answered:
            raise forms.ValidationError(
                _("Answer at least one question before sending."), code="empty"
            )
        return data

    def answer_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "satisfaction": int(data["satisfaction"]) if data.get("satisfaction") else None,
            "got_needed": data.get("got_needed") or "",
            "segment": data.get("segment") or "",
            "comment": data.get("comment") or "",
            "ratings": self.ratings(),
        }
