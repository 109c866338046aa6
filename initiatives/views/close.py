"""The initiative page's orchestrator tool "Close with an outcome": parse, authorize, call."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from crowddo.forms import submit
from initiatives import services
from initiatives.forms import OutcomeForm
from initiatives.models import Initiative
from people import access


@login_required
def initiative_close(request, slug):
    """GET shows the form; POST closes. Only the organization's orchestrators find it (404)."""
    initiative = access.get_or_404(access.managed_rows(Initiative.objects.all(), request.user),
                                   slug=slug)
    form = OutcomeForm(request.POST or None)
    close = lambda data: services.initiative_close(  # noqa: E731
        initiative=initiative, actor=request.user, outcome=data["outcome"])
    if request.method == "POST" and submit(form, close) is None:
        messages.success(request, _("Closed. Everyone who contributed will be told the "
                                    "outcome."))
        return redirect(initiative.get_absolute_url())
    return render(request, "initiatives/close.html", {"initiative": initiative, "form": form},
                  status=400 if form.errors else 200)
