"""Dashboard pieces for pages other apps own.

`roles` must not import `dashboards` (import-linter contract), so /me/ and the
initiative page pull their dashboard sections in through these tags instead.
"""

from django import template

from dashboards.selectors import pages

register = template.Library()


@register.inclusion_tag("dashboards/_initiative_progress.html")
def initiative_progress(initiative):
    return pages.initiative_progress(initiative)


@register.inclusion_tag("dashboards/_my_numbers.html")
def volunteer_numbers(user):
    return pages.volunteer_numbers(user)


@register.inclusion_tag("dashboards/_work_outcomes.html")
def work_outcomes(user):
    """/me/: "What came of your work" — milestones and outcomes of the user's initiatives."""
    return {"outcomes": pages.work_outcomes(user)}
