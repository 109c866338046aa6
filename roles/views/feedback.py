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
from people import access
from roles import selectors
from roles.forms import ResubmitForm, SendBackForm
from roles.models import Contribution
from roles.selectors import exchange
from roles.services import feedback


def me_context(user) -> dict:
    """What My roles shows of the exchange: the volunteer's own, and the verification queue."""
    mine = exchange.attach(exchange.my_exchanges(user))
    for c in mine:
        if c.status == Contribution.Status.SENT_BACK:
            c.resubmit_form = ResubmitForm(contribution=c)
    queue = exchange.with_exchange(selectors.contributions_to_verify(user))[:20]
    return {"needs_changes": [c for c in mine if c.status == Contribution.Status.SENT_BACK],
            "exchanges": [c for c in mine if c.status != Contribution.Status.SENT_BACK],
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
    qs = exchange.with_exchange(selectors.contributions_to_verify(request.user))
    contribution = access.get_or_404(qs, pk=pk)
    form = SendBackForm(request.POST or None)
    return _submit(
        request, contribution, form, "send_back",
        lambda data: feedback.contribution_send_back(
            contribution=contribution, verifier=request.user, comment=data["comment"]),
        _("Sent back with your comment. The contributor is notified and can resubmit."))


@login_required
def contribution_resubmit(request, pk):
    contribution = access.get_or_404(exchange.my_contribution(request.user), pk=pk)
    form = ResubmitForm(request.POST or None, contribution=contribution)
    return _submit(
        request, contribution, form, "resubmit",
        lambda data: feedback.contribution_resubmit(
            contribution=contribution, volunteer=request.user, **data),
        _("Resubmitted. A peer will look at it again; it counts once verified."))
