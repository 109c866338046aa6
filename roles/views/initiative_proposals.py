"""Proposing a whole initiative (issue 20): the volunteer's form, and the organization's
orchestrators' page where they accept (into a draft) or decline with a reason."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crowddo.errors import DomainError
from initiatives import selectors as initiative_selectors
from people import access
from people.models import Organization
from roles.forms import InitiativeProposalForm, ProposalDeclineForm
from roles.models import InitiativeProposal
from roles.services import initiative_proposals as service


def _open_organization(request, slug) -> Organization:
    """An organization with an initiative the visitor may see (others are a 404)."""
    visible = initiative_selectors.initiatives_for(request.user).values("organization_id")
    return access.get_or_404(Organization.objects.filter(pk__in=visible), slug=slug)


@login_required
def propose(request, slug):
    organization = _open_organization(request, slug)
    form = InitiativeProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service.initiative_proposal_submit(organization=organization, author=request.user,
                                               **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Thank you! Your proposal is with the organization's "
                                        "orchestrators; their answer appears under My "
                                        "proposals."))
            return redirect("/me/?tab=proposals")
    return render(request, "roles/propose_initiative.html",
                  {"organization": organization, "form": form},
                  status=400 if form.errors else 200)


@login_required
def review(request, slug):
    """Pending initiative proposals of an organization the person manages (else a 404)."""
    organization = access.get_or_404(
        access.managed_rows(Organization.objects.all(), request.user, "pk"), slug=slug)
    pending = InitiativeProposal.objects.filter(
        organization=organization, status=InitiativeProposal.Status.PENDING
    ).select_related("author").prefetch_related("sdgs")
    return render(request, "roles/initiative_proposals.html", {
        "organization": organization, "pending": pending, "decline_form": ProposalDeclineForm()})


def _managed(request, pk) -> InitiativeProposal:
    qs = access.managed_rows(InitiativeProposal.objects.select_related("organization"),
                             request.user)
    return access.get_or_404(qs, pk=pk)


@require_POST
@login_required
def accept(request, pk):
    proposal = _managed(request, pk)
    try:
        initiative = service.initiative_proposal_accept(proposal=proposal,
                                                        orchestrator=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Accepted: “%(name)s” is a draft initiative with its lead "
                                    "role. Publish it when it is ready; its proposer is then "
                                    "offered the lead seat.") % {"name": initiative.name})
    return redirect("initiative_proposals", slug=proposal.organization.slug)


@require_POST
@login_required
def decline(request, pk):
    proposal = _managed(request, pk)
    form = ProposalDeclineForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the proposal is declined: the proposer will read "
                                  "it."))
    else:
        try:
            service.initiative_proposal_decline(proposal=proposal, orchestrator=request.user,
                                                reason=form.cleaned_data["reason"])
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Declined; the proposer reads your reason."))
    return redirect("initiative_proposals", slug=proposal.organization.slug)
