"""What several roles views share: answering on /me/, and fetching the person's own claim."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from crowddo.errors import DomainError
from initiatives.models import Region
from people import access
from people.models import VolunteerProfile
from roles import limits
from roles.forms import HandoffForm
from roles.models import Claim

# What the burnout guard assumes for someone without a profile yet (claim_role creates it).
DEFAULT_CAPACITY = VolunteerProfile._meta.get_field("weekly_capacity_hours").default


def capacity(profile: VolunteerProfile | None) -> int:
    return profile.weekly_capacity_hours if profile else DEFAULT_CAPACITY


def act(request, call, done_message):
    """Run one service call; its refusal or `done_message` goes back to My roles."""
    try:
        call()
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done_message)
    return redirect("my_roles")


def my_claim(request, pk) -> Claim:
    return access.get_or_404(
        Claim.objects.filter(volunteer=request.user).select_related("role__initiative"), pk=pk
    )


def claim_action(request, pk, service, done_message):
    """A change of the person's own claim that carries the hand-off notes."""
    claim = my_claim(request, pk)
    form = HandoffForm(request.POST)
    if not form.is_valid():
        messages.error(request, limits.HANDOFF_TOO_LONG)
        return redirect("my_roles")
    return act(request, lambda: service(claim=claim, volunteer=request.user,
                                        **form.cleaned_data), done_message)


def region_choices() -> list[tuple]:
    """Every region as a choice (one query), carrying the parent map the indicator fields
    need (`.parents`)."""
    regions = list(Region.objects.only("pk", "name", "parent_id"))
    choices = [("", _("The role's region")), *((r.pk, str(r)) for r in regions)]
    return _RegionChoices(choices, parents={r.pk: r.parent_id for r in regions})


class _RegionChoices(list):
    """The region choices, carrying the parent map the indicator fields need (no 2nd query)."""

    def __init__(self, choices, parents):
        super().__init__(choices)
        self.parents = parents
