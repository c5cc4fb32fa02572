from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from core.forms import GcdsFormMixin

from .models import Attribute, CatalogueVersion, MaturityLevel, key_validator

MAX_IMPORT_BYTES = 1024 * 1024


class NewDraftForm(GcdsFormMixin, forms.Form):
    submit_label = _("Start the draft")

    label = forms.CharField(
        label=_("Label of the new version"),
        max_length=40,
        required=False,
        help_text=_("Leave empty to number it after the latest version."),
    )


class VersionNotesForm(GcdsFormMixin, forms.ModelForm):
    class Meta:
        model = CatalogueVersion
        fields = ["change_notes_en", "change_notes_fr"]
        widgets = {
            "change_notes_en": forms.Textarea(attrs={"rows": 4}),
            "change_notes_fr": forms.Textarea(attrs={"rows": 4}),
        }


class LevelForm(GcdsFormMixin, forms.ModelForm):
    class Meta:
        model = MaturityLevel
        fields = ["name_en", "name_fr", "description_en", "description_fr"]
        widgets = {
            "description_en": forms.Textarea(attrs={"rows": 4}),
            "description_fr": forms.Textarea(attrs={"rows": 4}),
        }


class AttributeForm(GcdsFormMixin, forms.Form):
    """An attribute with its descriptor at every level of the version, in both languages.

    Texts may stay empty while the version is a draft: publishing lists what is missing.
    """

    key = forms.CharField(
        label=_("Key"),
        max_length=50,
        validators=[key_validator],
        help_text=Attribute._meta.get_field("key").help_text,
    )
    name_en = forms.CharField(label=_("Name (English)"), max_length=150, required=False)
    name_fr = forms.CharField(label=_("Name (French)"), max_length=150, required=False)
    definition_en = forms.CharField(
        label=_("Definition (English)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    definition_fr = forms.CharField(
        label=_("Definition (French)"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    questions_en = forms.CharField(
        label=_("Guiding questions (English)"),
        help_text=_("One question per line; two or three work best."),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    questions_fr = forms.CharField(
        label=_("Guiding questions (French)"),
        help_text=_("One question per line; two or three work best."),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    public_question_en = forms.CharField(
        label=_("Question for the public (English)"),
        help_text=_(
            "One question a member of the public answers on a five-point scale in a feedback "
            "campaign, for example “How reasonable was the time it took?”. Optional; when "
            "given, it is needed in both languages."
        ),
        max_length=200,
        required=False,
    )
    public_question_fr = forms.CharField(
        label=_("Question for the public (French)"), max_length=200, required=False
    )

    def __init__(self, *args, levels, key_locked=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.levels = list(levels)
        if key_locked:
            self.fields["key"].disabled = True
            self.fields["key"].help_text = _(
                "The key was published in an earlier version and stays the same."
            )
        fieldsets = []
        for level in self.levels:
            names = []
            for lang, lang_label in (("en", _("English")), ("fr", _("French"))):
                name = f"descriptor_{level.number}_{lang}"
                self.fields[name] = forms.CharField(
                    label=_("Level %(number)s descriptor (%(language)s)")
                    % {"number": level.number, "language": lang_label},
                    widget=forms.Textarea(attrs={"rows": 3}),
                    required=False,
                )
                names.append(name)
            fieldsets.append(
                Fieldset(
                    _("Level %(number)s: %(name)s") % {"number": level.number, "name": level.name},
                    *names,
                )
            )
        self.helper.layout = Layout(
            Fieldset(
                _("Attribute"),
                "key",
                "name_en",
                "name_fr",
                "definition_en",
                "definition_fr",
                "questions_en",
                "questions_fr",
                "public_question_en",
                "public_question_fr",
            ),
            *fieldsets,
        )

    @classmethod
    def initial_for(cls, attribute: Attribute) -> dict:
        initial = {
            name: getattr(attribute, name)
            for name in (
                "key",
                "name_en",
                "name_fr",
                "definition_en",
                "definition_fr",
                "questions_en",
                "questions_fr",
                "public_question_en",
                "public_question_fr",
            )
        }
        for descriptor in attribute.descriptors.all():
            initial[f"descriptor_{descriptor.level.number}_en"] = descriptor.text_en
            initial[f"descriptor_{descriptor.level.number}_fr"] = descriptor.text_fr
        return initial

    def attribute_fields(self) -> dict:
        data = self.cleaned_data
        fields = {
            name: data[name].strip()
            for name in (
                "name_en",
                "name_fr",
                "definition_en",
                "definition_fr",
                "public_question_en",
                "public_question_fr",
            )
        }
        for lang in ("en", "fr"):
            lines = [line.strip() for line in data[f"questions_{lang}"].splitlines()]
            fields[f"questions_{lang}"] = "\n".join(line for line in lines if line)
        if not self.fields["key"].disabled:
            fields["key"] = data["key"]
        return fields

    def descriptors(self) -> dict[int, dict[str, str]]:
        return {
            level.number: {
                lang: self.cleaned_data[f"descriptor_{level.number}_{lang}"].strip()
                for lang in ("en", "fr")
            }
            for level in self.levels
        }


class ImportForm(GcdsFormMixin, forms.Form):
    submit_label = _("Import as a new draft")

    file = forms.FileField(
        label=_("Catalogue file"),
        help_text=_(
            "A YAML (.yaml, .yml) or JSON (.json) file exported from this platform, at most 1 MB."
        ),
    )
    label = forms.CharField(
        label=_("Label of the new version"),
        max_length=40,
        required=False,
        help_text=_("Leave empty to use the label written in the file."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if name.endswith((".yaml", ".yml")):
            self.format = "yaml"
        elif name.endswith(".json"):
            self.format = "json"
        else:
            raise forms.ValidationError(_("Choose a .yaml, .yml or .json file."))
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s KB; the limit is 1024 KB.") % {"size": upload.size // 1024}
            )
        raw = upload.read(MAX_IMPORT_BYTES + 1)
        try:
            self.text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise forms.ValidationError(
                _(
                    "The file is not UTF-8 text (problem at byte %(position)s). Save it as UTF-8 and try again."
                )
                % {"position": error.start}
            ) from None
        return upload


class CompareForm(GcdsFormMixin, forms.Form):
    submit_label = _("Compare")

    a = forms.ModelChoiceField(
        label=_("From version"), queryset=CatalogueVersion.objects.all(), to_field_name="uuid"
    )
    b = forms.ModelChoiceField(
        label=_("To version"), queryset=CatalogueVersion.objects.all(), to_field_name="uuid"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_method = "get"
        self.helper.form_action = reverse_lazy("catalogue:version_compare")
        for name in ("a", "b"):
            self.fields[name].label_from_instance = lambda v: (
                f"{v.label} ({v.get_status_display()})"
            )
