"""The rows of a chart's table in one pass: a dashboard's progress table has a row per day,
and rendering its cells through nested template loops cost more than the rest of the page."""

from decimal import Decimal

from django import template
from django.conf import settings
from django.utils.formats import get_format, localize
from django.utils.html import conditional_escape, format_html_join
from django.utils.safestring import mark_safe

from dashboards.charts.render import day_label

register = template.Library()


def _formatter():
    """`localize`, as `{{ v }}` does; where the locale writes numbers as Python does (a "."
    and no thousands separator), `str` gives the same text for a fraction of the cost."""
    if get_format("DECIMAL_SEPARATOR") != "." or settings.USE_THOUSAND_SEPARATOR:
        return localize
    return lambda v: str(v) if type(v) in (int, str, Decimal) else localize(v)


@register.simple_tag
def chart_rows(rows) -> str:
    """`<tr>` per row: the first value as the row header, the others as numbers."""
    fmt = _formatter()

    def cells(row) -> str:
        head, *rest = [conditional_escape(fmt(v)) for v in row]
        day = day_label(row[0])  # a time series' day, in the page's short date style
        if day is not None:
            head = conditional_escape(day)
        return f'<th scope="row">{head}</th>' + "".join(f'<td class="num">{v}</td>' for v in rest)

    # every value is escaped above: mark_safe only joins escaped text
    return format_html_join("", "<tr>{}</tr>", ((mark_safe(cells(row)),) for row in rows))  # noqa: S308
