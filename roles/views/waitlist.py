"""Joining a full role's waitlist; accepting or declining the seat offered."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from people import access
from roles import limits, services
from roles.models import WaitlistEntry
from roles.views.common import act
from roles.views.role_page import act_on_role


@require_POST
def waitlist_join(request, pk):
    return act_on_role(
        request, pk, lambda role: services.waitlist_join(role=role, volunteer=request.user),
        _("You are on the waitlist. When a seat frees we hold it for you for %(hold)s and "
          "e-mail you.") % {"hold": limits.duration(limits.OFFER_HOLD)})


def _my_entry(request, pk) -> WaitlistEntry:
    return access.get_or_404(WaitlistEntry.objects.filter(volunteer=request.user), pk=pk)


@require_POST
@login_required
def waitlist_accept(request, pk):
    entry = _my_entry(request, pk)
    return act(request, lambda: services.waitlist_offer_accept(entry=entry,
                                                               volunteer=request.user),
               _("The seat is yours."))


@require_POST
@login_required
def waitlist_leave(request, pk):
    entry = _my_entry(request, pk)
    return act(request, lambda: services.waitlist_leave(entry=entry, volunteer=request.user),
               _("You left the waitlist."))
