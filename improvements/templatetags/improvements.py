"""Step 3 on the pages of step 2: the assessment page shows its opportunities through these tags,
so the assessments app never imports this one."""

from django import template

from ..queries import earlier_opportunities

register = template.Library()


@register.simple_tag
def opportunity_count(assessment) -> int:
    return assessment.opportunities.count()


@register.inclusion_tag("improvements/_earlier_opportunities.html")
def earlier_opportunities_of(assessment) -> dict:
    """The baseline cycle's opportunities and where they stand, so the next cycle sees what was done."""
    return {"assessment": assessment, "earlier": earlier_opportunities(assessment)}


@register.inclusion_tag("improvements/_responsibility_matrix.html")
def responsibility_matrix_of(service, partners) -> dict:
    """Who answers for which journey stages and opportunities of a shared service (the
    service page, with the partners it has read, so the services app never imports this one)."""
    from ..accountability import responsibility_matrix

    return {"service": service, "matrix": responsibility_matrix(service, list(partners))}
