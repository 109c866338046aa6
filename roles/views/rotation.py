"""Rotation pages: renew a term from /me/ (handing over is `views.claims`), and the signed
"I'm still on it" link.

The link page changes nothing on GET (mail scanners open links); its POST renews the claim
without a login, because the signed token is the proof. Rules live in
roles/services/rotation.py.
"""

from __future__ import annotations

from allauth.core import ratelimit
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from crowddo.errors import DomainError
from roles.services import rotation
from roles.views.common import act, my_claim


@require_POST
@login_required
def claim_renew_term(request, pk):
    claim = my_claim(request, pk)
    return act(request, lambda: rotation.claim_renew_term(claim=claim, volunteer=request.user),
               _("Renewed: the role is yours for another term. Thank you!"))


@never_cache
@require_http_methods(["GET", "POST"])
def renew_link(request, token):
    if request.method == "POST" and not ratelimit.consume(request, action="renew_link"):
        return render(request, "roles/renew.html", {"error": _(
            "Too many attempts from your network. Wait an hour, or log in and open My roles."
        )}, status=429)
    try:
        if request.method == "POST":
            claim = rotation.claim_renew_from_link(token=token)
        else:
            claim = rotation.claim_for_token(token)
    except DomainError as exc:
        return render(request, "roles/renew.html", {"error": exc.message},
                      status=exc.status_code)
    return render(request, "roles/renew.html",
                  {"claim": claim, "renewed": request.method == "POST"})
