from django.shortcuts import render

from crowddo import access
from crowddo.page_cache import public_page
from initiatives import selectors
from initiatives.forms_outcomes import OutcomeForm
from initiatives.models import Initiative
from roles import selectors as role_selectors
from roles.forms import ProposalAcceptForm, ProposalDeclineForm, ProposalForm


@public_page
def home(request):
    initiatives = (
        selectors.initiatives_for(request.user)
        .filter(status=Initiative.Status.ACTIVE)
        .prefetch_related("sdgs")
        .order_by("-created_at")[:12]
    )
    return render(request, "home.html", {"initiatives": initiatives})


@public_page
def initiative_detail(request, slug):
    initiative = selectors.initiative_for(request.user, slug)
    roles = role_selectors.open_roles(request.user).filter(initiative=initiative)
    context = {
        "initiative": initiative,
        "roles": roles.order_by("-created_at", "-id"),
        "decisions": selectors.decisions_for(initiative),
        "resources": selectors.resources_for(initiative),
        "proposal_form": ProposalForm(),
    }
    if request.user.is_authenticated:
        context["pending_proposals"] = role_selectors.pending_proposals(request.user, initiative)
        context["accept_form"] = ProposalAcceptForm()
        context["decline_form"] = ProposalDeclineForm()
        context["close_form"] = _close_form(request.user, initiative)
    return render(request, "initiatives/detail.html", context)


def _close_form(user, initiative: Initiative) -> OutcomeForm | None:
    """Orchestrators of an active initiative may close it with an outcome from its page."""
    if initiative.status != Initiative.Status.ACTIVE or not (
            access.is_superuser(user)
            or initiative.organization_id in access.managed_org_ids(user)):
        return None
    return OutcomeForm()
