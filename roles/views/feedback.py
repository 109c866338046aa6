"""Browser views of the feedback exchange: a peer sends work back, the contributor resubmits.

Plain POST forms (no JavaScript needed). A bad form or a refusal re-renders the page with
the message and a 4xx status; success goes back to My roles with a message.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from crowddo.forms import submit
from initiatives.models import Region
from people import access
from roles import selectors
from roles.forms import ResubmitForm, SendBackForm
from roles.models import Contribution
from roles.selectors import exchange
from roles.selectors.indicators import indicators_for_claims
from roles.selectors.verification import contributions_for_review
from roles.services import feedback
from roles.views.common import region_choices
from roles.views.verification import review_page


def me_context(user) -> dict:
    """What My roles shows of the exchange: the volunteer's own, and the verification queue."""
    mine = exchange.attach(exchange.my_exchanges(user))
    for c in mine:
        if c.status == Contribution.Status.SENT_BACK:
            c.resubmit_form = ResubmitForm(contribution=c)
    queue = exchange.with_exchange(selectors.contributions_to_verify(user))[:20]
    apart = (Contribution.Status.SENT_BACK, Contribution.Status.HELD)
    return {"needs_changes": [c for c in mine if c.status == Contribution.Status.SENT_BACK],
            "held": [c for c in mine if c.status == Contribution.Status.HELD],
            "exchanges": [c for c in mine if c.status not in apart],
            "contributions_to_verify": exchange.attach(queue)}


def _page(request, contribution, form, mode, status=200):
    exchange.attach([contribution])
    return render(request, "roles/feedback.html",
                  {"c": contribution, "form": form, "mode": mode}, status=status)


def _submit(request, contribution, form, mode, call, done):
    if request.method != "POST":
        return _page(request, contribution, form, mode)
    status = submit(form, call)
    if status:
        return _page(request, contribution, form, mode, status=status)
    messages.success(request, done)
    return redirect("my_roles")


@login_required
def contribution_send_back(request, pk):
    """The send-back form lives on the verifier's page; a bad comment re-renders that page."""
    contribution = access.get_or_404(contributions_for_review(request.user), pk=pk)
    if request.method != "POST":
        return redirect("contribution_verify", pk=pk)
    form = SendBackForm(request.POST)
    status = submit(form, lambda data: feedback.contribution_send_back(
        contribution=contribution, verifier=request.user, comment=data["comment"]))
    if status:
        return review_page(request, contribution, form, status=status)
    messages.success(request, _("Sent back with your comment. The contributor is notified "
                                "and can resubmit."))
    return redirect("my_roles")


@login_required
def contribution_resubmit(request, pk):
    """The whole contribution can be corrected here: figures, region, indicator reports,
    evidence (the inline form on /me/ corrects the figures only)."""
    contribution = access.get_or_404(
        exchange.my_contribution(request.user).prefetch_related("indicator_values"), pk=pk)
    choices = region_choices()
    offered = indicators_for_claims([contribution.claim], choices.parents).get(
        contribution.claim_id, [])
    form = ResubmitForm(request.POST or None, request.FILES or None, contribution=contribution,
                        region_choices=choices, indicators=offered)
    return _submit(
        request, contribution, form, "resubmit",
        lambda data: feedback.contribution_resubmit(
            contribution=contribution, volunteer=request.user, **_with_region(data)),
        _("Resubmitted. A peer will look at it again; it counts once verified."))


def _with_region(data: dict) -> dict:
    data = dict(data)
    if "region" in data:
        region_id = data.pop("region")
        data["region"] = Region.objects.filter(pk=region_id).first() if region_id else None
    return data
