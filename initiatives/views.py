from django.shortcuts import render

from crowddo.page_cache import public_page
from initiatives import selectors
from initiatives.forms_outcomes import OutcomeForm
from initiatives.models import Initiative
from people import access


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
    context = {
        "initiative": initiative,
        "decisions": selectors.decisions_for(initiative),
        "resources": selectors.resources_for(initiative),
        # Open roles and proposal boxes come from roles' template tags (roles_tags).
    }
    if request.user.is_authenticated:
        context["close_form"] = _close_form(request.user, initiative)
    return render(request, "initiatives/detail.html", context)


def _close_form(user, initiative: Initiative) -> OutcomeForm | None:
    """Orchestrators of an active initiative may close it with an outcome from its page."""
    if initiative.status != Initiative.Status.ACTIVE or not (
            access.is_superuser(user)
            or initiative.organization_id in access.managed_org_ids(user)):
        return None
    return OutcomeForm()
