"""Claiming a role from its page; releasing, completing or handing over a claim from /me/."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from roles import services
from roles.views.common import claim_action
from roles.views.role_page import act_on_role


@require_POST
def role_claim(request, pk):
    return act_on_role(
        request, pk, lambda role: services.claim_role(role=role, volunteer=request.user),
        _("The role is yours. Log your first contribution from My roles when you have done "
          "something."), full=messages.WARNING)


@require_POST
@login_required
def claim_release(request, pk):
    return claim_action(request, pk, services.claim_release,
                        _("You released the role. The seat is free for someone else."))


@require_POST
@login_required
def claim_complete(request, pk):
    return claim_action(request, pk, services.claim_complete,
                        _("Marked complete. A peer in the initiative can now verify it."))


@require_POST
@login_required
def claim_hand_over(request, pk):
    return claim_action(request, pk, services.claim_hand_over,
                        _("Handed over. Thank you! The seat is offered to the next person, "
                          "and a peer can verify your term."))
