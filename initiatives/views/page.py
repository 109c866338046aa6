"""An initiative's page: what it is for, its decision log and shared resources; its open roles
and proposal box come from roles' template tags (roles_tags)."""

from django.shortcuts import render

from crowddo.page_cache import public_page
from initiatives import selectors
from initiatives.forms import OutcomeForm
from initiatives.models import Initiative
from people import access


@public_page
def initiative_detail(request, slug):
    initiative = selectors.initiative_for(request.user, slug)
    context = {
        "initiative": initiative,
        "decisions": selectors.decisions_for(initiative),
        "resources": selectors.resources_for(initiative),
    }
    if request.user.is_authenticated:
        context["close_form"] = _close_form(request.user, initiative)
    return render(request, "initiatives/detail.html", context)


def _close_form(user, initiative: Initiative) -> OutcomeForm | None:
    """Orchestrators of an active initiative may close it with an outcome from its page."""
    if initiative.status != Initiative.Status.ACTIVE or not access.may_manage(
            user, initiative.organization_id):
        return None
    return OutcomeForm()
