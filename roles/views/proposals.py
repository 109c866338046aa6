"""Proposals: a volunteer proposes from an initiative's page; a manager accepts or declines
from the same page (the boxes come from `roles_tags`)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crowddo.errors import DomainError
from initiatives import selectors as initiative_selectors
from people import access
from roles import limits, services
from roles.forms import ProposalAcceptForm, ProposalDeclineForm, ProposalForm
from roles.models import Proposal


@login_required
def proposal_submit(request, slug):
    initiative = initiative_selectors.initiative_for(request.user, slug)
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_submit(initiative=initiative, author=request.user,
                                     **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Thank you! Your proposal is with the orchestrators; "
                                        "you will see their answer on My roles."))
            return redirect(initiative.get_absolute_url())
    return render(request, "roles/propose.html", {"initiative": initiative, "form": form})


def _managed_proposal(request, pk) -> Proposal:
    qs = access.managed_rows(Proposal.objects.select_related("initiative"), request.user)
    return access.get_or_404(qs, pk=pk)


@require_POST
@login_required
def proposal_accept(request, pk):
    proposal = _managed_proposal(request, pk)
    form = ProposalAcceptForm(request.POST)
    if not form.is_valid():
        messages.error(request, _(
            "Hours must be 1–%(hours)d and seats 1–%(seats)s; at most %(chars)s characters of "
            "supporting role titles.") % {
                "hours": limits.ROLE_HOURS_MAX, "seats": limits.thousands(limits.SEATS_MAX),
                "chars": limits.thousands(limits.SUPPORTING_TITLES_CHARS)})
    else:
        try:
            role = services.proposal_accept(proposal=proposal, orchestrator=request.user,
                                            **form.cleaned_data)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Accepted: “%(title)s” is now a role, credited to its "
                                        "proposer, who is offered its first seat for "
                                        "%(hold)s.")
                             % {"title": role.title,
                                "hold": limits.duration(limits.PROPOSER_OFFER_HOLD)})
    return redirect(proposal.initiative.get_absolute_url())


@require_POST
@login_required
def proposal_decline(request, pk):
    proposal = _managed_proposal(request, pk)
    form = ProposalDeclineForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the proposal is declined (in at most %(chars)s "
                                  "characters): the proposer will read it.")
                       % {"chars": limits.thousands(limits.NOTE_MAX)})
    else:
        try:
            services.proposal_decline(proposal=proposal, orchestrator=request.user,
                                      reason=form.cleaned_data["reason"])
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Declined; the proposer sees your reason."))
    return redirect(proposal.initiative.get_absolute_url())
