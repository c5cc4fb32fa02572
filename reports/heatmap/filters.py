"""What the heat maps can be filtered and sorted by: the query parameters and the form."""

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import GcdsFormMixin

SWITCHES = ("current", "target", "gap", "change")
PAGE_SIZE = 100


@dataclass
class Filters:
    # The query parameters the heat maps read (from_query).
    PARAMS = (
        "switch",
        "organization",
        "order",
        "segment",
        "cycle",
        "version",
        "sort",
        "dir",
        "page",
    )

    switch: str = "current"
    organization: str = ""
    order: str = ""
    segment: str = ""
    cycle: str = ""
    version: str = ""
    sort: str = "name"
    descending: bool = False
    page: int = 1

    @classmethod
    def from_query(cls, query) -> "Filters":
        # NUL characters cannot reach the database (PostgreSQL refuses them).
        query = {k: str(v).replace("\x00", "") for k, v in query.items()}
        filters = cls(
            switch=query.get("switch", "current"),
            organization=query.get("organization", "")[:80],
            order=query.get("order", "")[:20],
            segment=query.get("segment", "")[:30],
            cycle=query.get("cycle", "")[:20],
            version=query.get("version", "")[:40],
            sort=query.get("sort", "name")[:60],
            descending=query.get("dir") == "desc",
        )
        if filters.switch not in SWITCHES:
            filters.switch = "current"
        try:
            filters.page = max(1, int(query.get("page", "1")))
        except ValueError:
            filters.page = 1
        return filters


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
