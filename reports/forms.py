from django import forms
from django.utils.translation import gettext_lazy as _

from ccsmm.forms import GcdsFormMixin


class ReportRequestForm(GcdsFormMixin, forms.Form):
    submit_label = _("Request the PDF report")

    language = forms.ChoiceField(
        label=_("Language of the report"),
        choices=[("en", "English"), ("fr", "Français")],
        widget=forms.RadioSelect,
    )


class HeatmapForm(GcdsFormMixin, forms.Form):
    submit_label = _("Show")

    switch = forms.ChoiceField(
        label=_("Show in the cells"),
        choices=[
            ("current", _("Current level")),
            ("target", _("Target level")),
            ("gap", _("Gap (target − current)")),
            ("change", _("Change since the previous cycle")),
        ],
        required=False,
    )
    organization = forms.ChoiceField(label=_("Organization"), required=False)
    order = forms.ChoiceField(label=_("Order of government"), required=False)
    segment = forms.ChoiceField(label=_("Client segment"), required=False)
    cycle = forms.ChoiceField(label=_("Cycle"), required=False)
    version = forms.ChoiceField(label=_("Catalogue version"), required=False)

    def __init__(self, *args, choices, aggregate=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_method = "get"
        self.helper.form_class = "filter-form"
        everything = [("", _("All"))]
        self.fields["organization"].choices = everything + [
            (o.slug, str(o.name)) for o in choices["organizations"]
        ]
        self.fields["order"].choices = everything + list(choices["orders"])
        self.fields["segment"].choices = everything + list(choices["segments"])
        self.fields["cycle"].choices = everything + [(c, c) for c in choices["cycles"]]
        self.fields["version"].choices = [("", _("Latest published"))] + [
            (v.label, f"{v.label} ({v.get_status_display()})") for v in choices["versions"]
        ]
        if aggregate:
            self.fields["switch"].choices = self.fields["switch"].choices[:3]
            for name in ("organization", "segment", "cycle"):
                del self.fields[name]
