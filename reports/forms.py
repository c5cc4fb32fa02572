from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import GcdsFormMixin


class ReportRequestForm(GcdsFormMixin, forms.Form):
    submit_label = _("Request the PDF report")

    language = forms.ChoiceField(
        label=_("Language of the report"),
        choices=[("en", "English"), ("fr", "Français")],
        widget=forms.RadioSelect,
    )
