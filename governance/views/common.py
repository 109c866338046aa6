"""What the governance pages share: the organizations the person acts for, and the answer
after a successful post."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from initiatives import access as collectives
from initiatives.models import Collective, CollectiveMembership
from people import access
from people.models import Organization


def acting_orgs(request, collective: Collective, *,
                invited_too: bool = False) -> list[Organization]:
    """Member organizations of the collective that the person orchestrates; with
    `invited_too`, also invited ones the person owns (only an owner accepts an invitation)."""
    managed = access.managed_org_ids(request.user)
    members = collectives.member_org_ids_of(collective) & managed
    if invited_too:
        invited = set(CollectiveMembership.objects.filter(
            collective=collective, status=CollectiveMembership.Status.INVITED,
        ).values_list("organization_id", flat=True))
        members |= invited & access.owned_org_ids(request.user)
    return list(Organization.objects.filter(pk__in=members).order_by("name"))


def org_from_post(request, orgs: list[Organization]) -> Organization:
    chosen = {str(o.pk): o for o in orgs}.get(request.POST.get("organization", ""))
    if chosen is None:
        raise Http404(_("No such organization."))
    return chosen


def done(request, message: str):
    messages.success(request, message)
    return redirect(request.path)
