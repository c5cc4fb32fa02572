"""The service page draws each standard's chart through this tag, from the results the page's
query has already prefetched (no query per standard)."""

from django import template
from django.utils.safestring import SafeString

from ..charts import performance_svg

register = template.Library()


@register.simple_tag
def standard_chart(standard) -> SafeString:
    return performance_svg(
        standard.performances.all(), chart_id=f"standard-{standard.pk}-chart", name=str(standard)
    )
