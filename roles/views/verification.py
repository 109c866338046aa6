"""Verifying a peer's completed claim or contribution from the queue on /me/ (the queue is
`selectors.verification`: what is not in it is not found)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from people import access
from roles import limits, selectors, services
from roles.forms import VerifyForm
from roles.views.common import act


@require_POST
@login_required
def claim_verify(request, pk):
    claim = access.get_or_404(selectors.claims_to_verify(request.user), pk=pk)
    return _verify(request, services.claim_verify, {"claim": claim})


@require_POST
@login_required
def contribution_verify(request, pk):
    contribution = access.get_or_404(selectors.contributions_to_verify(request.user), pk=pk)
    return _verify(request, services.contribution_verify, {"contribution": contribution})


def _verify(request, service, target):
    form = VerifyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The comment may have %(limit)s.")
                       % {"limit": limits.NOTE_TOO_LONG})
        return redirect("my_roles")
    return act(request, lambda: service(verifier=request.user,
                                        comment=form.cleaned_data["comment"], **target),
               _("Verified. Thank you for checking a peer's work."))
