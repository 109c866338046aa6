"""Verifying a peer's completed claim or contribution from the queue on /me/ (the queue is
`selectors.verification`: what is not in it is not found). A contribution is judged on its
own page, which shows the whole of it: figures, region, note, indicator reports with their
definitions, evidence, and the volunteer's recent history in the initiative."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crowddo import images
from people import access
from roles import limits, selectors, services
from roles.forms import SendBackForm, VerifyForm
from roles.models import Contribution
from roles.selectors import exchange
from roles.selectors.verification import contributions_for_review, volunteer_history
from roles.views.common import act


@require_POST
@login_required
def claim_verify(request, pk):
    claim = access.get_or_404(selectors.claims_to_verify(request.user), pk=pk)
    return _verify(request, services.claim_verify, {"claim": claim})


@login_required
def contribution_verify(request, pk):
    """GET: the verifier's page; POST: verify."""
    contribution = access.get_or_404(contributions_for_review(request.user), pk=pk)
    if request.method != "POST":
        return review_page(request, contribution, SendBackForm())
    return _verify(request, services.contribution_verify, {"contribution": contribution})


def review_page(request, contribution, send_back_form, status=200):
    exchange.attach([contribution])
    return render(request, "roles/verify.html", {
        "c": contribution, "reports": list(contribution.indicator_values.all()),
        "history": volunteer_history(contribution),
        "verify_form": VerifyForm(auto_id="id_verify_%s"),
        "form": send_back_form}, status=status)


def _verify(request, service, target):
    form = VerifyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The comment may have %(limit)s.")
                       % {"limit": limits.NOTE_TOO_LONG})
        return redirect("my_roles")
    return act(request, lambda: service(verifier=request.user,
                                        comment=form.cleaned_data["comment"], **target),
               _("Verified. Thank you for checking a peer's work."))


@login_required
def evidence_image(request, pk):
    """A contribution's evidence picture, served through the access policy: to the volunteer
    who attached it, to whoever may verify it, and to the organization's managers."""
    may_see = (Q(claim__volunteer=request.user)
               | Q(pk__in=selectors.contributions_to_verify(request.user).values("pk"))
               # managers see their organization's work in any state (held reports, retracting)
               | Q(organization_id__in=access.managed_org_ids(request.user)))
    contribution = access.get_or_404(Contribution.objects.filter(may_see), pk=pk)
    if not contribution.evidence_image:
        raise Http404(_("No picture."))
    try:
        handle = contribution.evidence_image.storage.open(contribution.evidence_image.name, "rb")
    except OSError:
        raise Http404(_("No picture.")) from None
    response = FileResponse(handle, content_type=images.content_type(
        contribution.evidence_image.name))
    response["Cache-Control"] = "private, max-age=3600"
    return response
