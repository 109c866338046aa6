"""The page behind an invitation's link: the invited person, signed in, accepts or declines."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from crowddo.errors import DomainError
from people import services
from people.models import Invitation


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def invitation(request, token: str):
    """Only the invited account sees the invitation; for anyone else the link is not found."""
    found = (Invitation.objects.select_related("organization", "invited_by")
             .filter(token=token, user=request.user).first())
    if found is None:
        raise Http404(_("This invitation is not for this account, or it does not exist."))
    if request.method == "POST":
        answer = request.POST.get("answer")
        try:
            if answer == "accept":
                services.invitation_accept(token=token, user=request.user)
                messages.success(request, _("You joined %(org)s.") % {
                    "org": found.organization.name})
            elif answer == "decline":
                services.invitation_decline(token=token, user=request.user)
                messages.info(request, _("You declined the invitation to %(org)s.") % {
                    "org": found.organization.name})
            else:
                messages.error(request, _("Choose accept or decline."))
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect("invitation", token=token)
    return render(request, "people/invitation.html", {"invitation": found})
