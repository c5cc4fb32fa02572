"""The opportunity list as spreadsheet rows, the same for the CSV and the Excel file."""

from django.utils.translation import gettext as _


def _columns():
    return [
        _("Title"), _("Description"), _("Levers"), _("Attributes"), _("Personas"), _("Journey stages"),
        _("Level it should reach"), _("Impact"), _("Effort"), _("Owner (organization)"),
        _("Contributing organizations"), _("Owner (person)"),
        _("Status"), _("Why it was dropped"), _("Target date"),
    ]  # fmt: skip


def _rows(opportunities):
    for o in opportunities:
        yield [
            o.title,
            o.description,
            ", ".join(o.lever_labels),
            ", ".join(str(a.name) for a in o.attributes.all()),
            ", ".join(p.name for p in o.personas.all()),
            ", ".join(f"{s.persona.name}: {s.name}" for s in o.stages.all()),
            o.target_level if o.target_level is not None else "",
            o.impact,
            o.effort,
            str(o.owner_organization.name) if o.owner_organization else "",
            ", ".join(str(org.name) for org in o.contributors.all()),
            str(o.owner_user) if o.owner_user else "",
            str(o.get_status_display()),
            o.dropped_reason,
            o.target_date.isoformat() if o.target_date else "",
        ]


def rows(opportunities) -> list[list[object]]:
    """The opportunities as a spreadsheet, the header first."""
    return [_columns(), *_rows(opportunities)]
