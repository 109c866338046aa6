"""/me/: the volunteer's roles, apprentices, waitlist, proposals, queue and journey; logging
work on a claim."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from crowddo.errors import DomainError
from initiatives.models import Region
from roles import selectors, services
from roles.forms import ContributionForm
from roles.models import Claim, Contribution, InitiativeProposal
from roles.selectors import exchange
from roles.selectors.indicators import indicators_for_claims
from roles.selectors.load import week_load
from roles.services.rotation import term_choice_open
from roles.views.common import capacity, my_claim, region_choices
from roles.views.feedback import me_context as feedback_context


def _claim_forms(claims, region_choices) -> None:
    now = timezone.now()
    for claim in claims:
        claim.term_choice = term_choice_open(claim, now)
    claims = [c for c in claims if c.status in (Claim.Status.ACTIVE, Claim.Status.COMPLETED)]
    offered = indicators_for_claims(claims, region_choices.parents)
    for claim in claims:
        claim.log_form = ContributionForm(prefix_id=claim.pk, region_choices=region_choices,
                                          indicators=offered.get(claim.pk, ()))


# /me/ is a workspace of short tabs (issue 20), each its own address: ?tab=…
TABS = ("roles", "verify", "numbers", "proposals")
ACTIVE_PER_PAGE = 5  # active claims on the roles tab, each with its log form
DONE_PER_PAGE = 5  # completed and verified claims on the roles tab
PROPOSALS_PER_PAGE = 10


@login_required
def my_roles(request):
    user = request.user
    tab = request.GET.get("tab") if request.GET.get("tab") in TABS else "roles"
    to_verify = (selectors.claims_to_verify(user), selectors.contributions_to_verify(user))
    waiting = sum(qs.count() for qs in to_verify)
    context = {"tab": tab, "tabs": TABS, "waiting": waiting}
    if tab == "roles":
        context.update(_roles_tab(request, user))
    elif tab == "verify":
        context.update(_verify_item(request, *to_verify, waiting))
    elif tab == "numbers":
        context.update(journey=selectors.journey(user), levels=selectors.LEVELS)
    else:
        context["proposals"] = Paginator(selectors.my_proposals(user), PROPOSALS_PER_PAGE) \
            .get_page(request.GET.get("page"))
        context["initiative_proposals"] = Paginator(InitiativeProposal.objects.filter(
            author=user).select_related("initiative", "organization"), PROPOSALS_PER_PAGE
        ).get_page(request.GET.get("initiatives"))
    return render(request, "roles/me.html", context)


def _roles_tab(request, user) -> dict:
    claims = list(selectors.my_claims(user))
    by_status = {s: [c for c in claims if c.status == s] for s in Claim.Status}
    active = by_status[Claim.Status.ACTIVE]  # all of them count toward the week's load
    active_page = Paginator(active, ACTIVE_PER_PAGE).get_page(request.GET.get("active"))
    completed = Paginator(by_status[Claim.Status.COMPLETED], DONE_PER_PAGE).get_page(
        request.GET.get("completed"))
    _claim_forms([*active_page, *completed], region_choices())
    feedback = feedback_context(user)
    return {
        "active": active_page, "completed": completed,
        "verified": Paginator(by_status[Claim.Status.VERIFIED], DONE_PER_PAGE).get_page(
            request.GET.get("verified")),
        "waitlist": selectors.my_waitlist(user), "apprentices": selectors.my_apprentices(user),
        "held_hours": sum(c.role.hours_per_week for c in active),
        "needs_changes": feedback["needs_changes"], "held": feedback["held"],
        "exchanges": feedback["exchanges"],
        # The profile is cached on the user by the page's own lookups.
        "load": week_load(active, capacity(getattr(user, "profile", None))),
    }


def _verify_item(request, claims, contributions, total: int) -> dict:
    """The verification queue one item at a time: completed roles first, then contributions."""
    page = Paginator(range(total), 1).get_page(request.GET.get("item"))
    if not total:
        return {"item": page}
    index = page.object_list[0]
    n_claims = claims.count()
    if index < n_claims:
        return {"item": page, "claim_to_verify": claims[index]}
    found = exchange.attach(exchange.with_exchange(contributions)[index - n_claims:
                                                                  index - n_claims + 1])
    return {"item": page, "contribution_to_verify": found[0] if found else None}


@login_required
def contribution_log(request, pk):
    claim = my_claim(request, pk)
    choices = region_choices()
    offered = indicators_for_claims([claim], choices.parents).get(claim.pk, ())
    form = ContributionForm(request.POST or None, request.FILES or None, prefix_id=claim.pk,
                            region_choices=choices, indicators=offered)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        region_id = data.pop("region")
        data["region"] = Region.objects.filter(pk=region_id).first() if region_id else None
        try:
            logged = services.contribution_log(claim=claim, volunteer=request.user, **data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            message = (logged.held_reason if logged.status == Contribution.Status.HELD
                       else _("Contribution logged, awaiting a peer: it counts in the shared "
                              "figures once a peer verifies it. Thank you!"))
            if not request.htmx:
                messages.success(request, message)
                return redirect("my_roles")
            claim = selectors.my_claims(request.user).get(pk=claim.pk)
            _claim_forms([claim], choices)
            return render(request, "roles/me.html#claim_card", {"claim": claim,
                                                                "notice": message})
    if request.htmx:
        claim = selectors.my_claims(request.user).get(pk=claim.pk)
        _claim_forms([claim], choices)
        claim.log_form = form
        return render(request, "roles/me.html#claim_card", {"claim": claim})
    return render(request, "roles/log.html", {"claim": claim, "form": form})
