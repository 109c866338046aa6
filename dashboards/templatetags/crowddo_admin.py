"""Links from the admin index to the dashboards of the organizations the user manages."""

from django import template
from django.urls import NoReverseMatch, reverse

from initiatives.access import collectives_open_to
from initiatives.models import Initiative
from people import access
from people.access import managed_org_ids as managed_ids
from people.models import Organization

register = template.Library()

# The dashboards engineer names these; a name that does not exist yet is simply left out.
ORG_DASHBOARD_NAMES = ("organization_dashboard", "dashboards:organization", "organization")
COLLECTIVE_NAMES = ("collective", "dashboards:collective", "collective_dashboard")
INITIATIVE_NAMES = ("initiative",)


def _first_url(names, arg) -> str | None:
    for name in names:
        try:
            return reverse(name, args=[arg])
        except NoReverseMatch:
            continue
    return None


def _links(names, objects) -> list[tuple[str, str]]:
    links = [(str(obj), _first_url(names, obj.slug)) for obj in objects]
    return [(label, url) for label, url in links if url]


@register.simple_tag(takes_context=True)
def managed_dashboards(context) -> list[dict]:
    """One entry per managed organization: its dashboard, collectives and live initiatives."""
    user = context["request"].user
    org_ids = managed_ids(user)
    if access.is_superuser(user) and not org_ids:
        return []
    entries = []
    for org in Organization.objects.filter(pk__in=org_ids).order_by("name"):
        collectives = collectives_open_to([org.pk]).order_by("name")
        initiatives = Initiative.objects.filter(organization=org).exclude(
            status=Initiative.Status.DRAFT).order_by("name")
        entries.append({
            "organization": org,
            "dashboard": _first_url(ORG_DASHBOARD_NAMES, org.slug),
            "collectives": _links(COLLECTIVE_NAMES, collectives),
            "initiatives": _links(INITIATIVE_NAMES, initiatives),
        })
    return entries
