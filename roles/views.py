"""Browser views of the volunteer side: parse, authorize, call one service, render.

Every action is a plain POST form that works without JavaScript (redirect + message);
when htmx sends it, the view answers with the partial that changed instead.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from crowddo.errors import DomainError, RoleFull
from initiatives import selectors as initiative_selectors
from initiatives.models import Region
from people import access
from people.models import VolunteerProfile
from roles import feedback_views, indicators, rotation, selectors, services
from roles.forms import (
    ContributionForm,
    HandoffForm,
    ProposalAcceptForm,
    ProposalDeclineForm,
    ProposalForm,
    RoleFilterForm,
    VerifyForm,
)
from roles.load import week_load
from roles.models import Claim, Proposal, WaitlistEntry

PER_PAGE = 12


def role_list(request):
    form = RoleFilterForm(request.GET or None, actor=request.user)
    form.is_valid()
    roles = selectors.filter_roles(selectors.open_roles(request.user), form.filters())
    page = Paginator(roles, PER_PAGE).get_page(request.GET.get("page"))
    template = "roles/list.html#results" if request.htmx else "roles/list.html"
    return render(request, template, {"form": form, "page": page})


def _detail_context(request, role, notice=None, notice_level="info") -> dict:
    ctx = {"role": role, "standing": selectors.standing(request.user, role),
           "notice": notice, "notice_level": notice_level,
           "initiative": role.initiative}
    ctx["handoff_notes"] = (selectors.handoff_notes(role) if selectors.may_read_handoffs(
        request.user, role, ctx["standing"]) else None)
    if request.user.is_authenticated:
        ctx["held_hours"] = services.active_hours(request.user)
        profile = VolunteerProfile.objects.filter(user=request.user).first()
        ctx["capacity"] = profile.weekly_capacity_hours if profile else 4
        ctx["over_capacity"] = ctx["held_hours"] + role.hours_per_week > ctx["capacity"]
    return ctx


def role_detail(request, pk):
    role = selectors.role_for(request.user, pk)
    return render(request, "roles/detail.html", _detail_context(request, role))


def _answer_on_role(request, role_pk, message, level=messages.SUCCESS):
    """No JS: message + redirect. htmx: the refreshed claim panel with the message in it."""
    if request.htmx:
        role = selectors.role_for(request.user, role_pk)
        tag = messages.DEFAULT_TAGS[level]
        return render(request, "roles/detail.html#claim_panel",
                      _detail_context(request, role, notice=message, notice_level=tag))
    messages.add_message(request, level, message)
    return redirect("role_detail", pk=role_pk)


@require_POST
def role_claim(request, pk):
    role = selectors.role_for(request.user, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(role.get_absolute_url())
    try:
        services.claim_role(role=role, volunteer=request.user)
    except RoleFull as exc:
        return _answer_on_role(request, pk, exc.message, messages.WARNING)
    except DomainError as exc:
        return _answer_on_role(request, pk, exc.message, messages.ERROR)
    return _answer_on_role(request, pk, _("The role is yours. Log your first contribution "
                                          "from My roles when you have done something."))


@require_POST
def role_apprentice(request, pk):
    role = selectors.role_for(request.user, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(role.get_absolute_url())
    try:
        claim = services.claim_role(role=role, volunteer=request.user,
                                    kind=Claim.Kind.APPRENTICE)
    except DomainError as exc:
        return _answer_on_role(request, pk, exc.message, messages.ERROR)
    return _answer_on_role(request, pk, _("You are an apprentice of this role; your mentor is "
                                          "%(who)s. Log your work from My roles.")
                           % {"who": claim.mentor.public_name})


@require_POST
def waitlist_join(request, pk):
    role = selectors.role_for(request.user, pk)
    if not request.user.is_authenticated:
        return redirect_to_login(role.get_absolute_url())
    try:
        services.waitlist_join(role=role, volunteer=request.user)
    except DomainError as exc:
        return _answer_on_role(request, pk, exc.message, messages.ERROR)
    return _answer_on_role(request, pk, _("You are on the waitlist. When a seat frees we hold "
                                          "it for you for 48 hours and e-mail you."))


def _act(request, call, done_message):
    """Run one service call; its refusal or `done_message` goes back to My roles."""
    try:
        call()
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done_message)
    return redirect("my_roles")


def _my_entry(request, pk) -> WaitlistEntry:
    return access.get_or_404(WaitlistEntry.objects.filter(volunteer=request.user), pk=pk)


@require_POST
@login_required
def waitlist_accept(request, pk):
    entry = _my_entry(request, pk)
    return _act(request, lambda: services.waitlist_offer_accept(entry=entry,
                                                                volunteer=request.user),
                _("The seat is yours."))


@require_POST
@login_required
def waitlist_leave(request, pk):
    entry = _my_entry(request, pk)
    return _act(request, lambda: services.waitlist_leave(entry=entry, volunteer=request.user),
                _("You left the waitlist."))


# --- /me/ ----------------------------------------------------------------------------------


def _region_choices() -> list[tuple]:
    regions = list(Region.objects.only("pk", "name", "parent_id"))
    choices = [("", _("The role's region")), *((r.pk, str(r)) for r in regions)]
    return _RegionChoices(choices, parents={r.pk: r.parent_id for r in regions})


class _RegionChoices(list):
    """The region choices, carrying the parent map the indicator fields need (no 2nd query)."""

    def __init__(self, choices, parents):
        super().__init__(choices)
        self.parents = parents


def _claim_forms(claims, region_choices) -> None:
    now = timezone.now()
    for claim in claims:
        claim.term_choice = rotation.term_choice_open(claim, now)
    claims = [c for c in claims if c.status in (Claim.Status.ACTIVE, Claim.Status.COMPLETED)]
    offered = indicators.indicators_for_claims(claims, region_choices.parents)
    for claim in claims:
        claim.log_form = ContributionForm(prefix_id=claim.pk, region_choices=region_choices,
                                          indicators=offered.get(claim.pk, ()))


@login_required
def my_roles(request):
    user = request.user
    claims = list(selectors.my_claims(user))
    _claim_forms(claims, _region_choices())
    by_status = {s: [c for c in claims if c.status == s] for s in Claim.Status.values}
    return render(request, "roles/me.html", {
        "active": by_status["active"], "completed": by_status["completed"],
        "verified": by_status["verified"], "waitlist": selectors.my_waitlist(user),
        "proposals": selectors.my_proposals(user),
        "apprentices": selectors.my_apprentices(user),
        "claims_to_verify": selectors.claims_to_verify(user)[:20],
        "journey": selectors.journey(user), "levels": selectors.LEVELS,
        "held_hours": sum(c.role.hours_per_week for c in by_status["active"]),
        **feedback_views.me_context(user),
        "load": week_load(by_status["active"], _capacity(user)),
    })


def _capacity(user) -> int:
    # The profile is cached on the user by the page's own lookups; 4 h is the profile default.
    profile = getattr(user, "profile", None)
    return profile.weekly_capacity_hours if profile else 4


def _my_claim(request, pk) -> Claim:
    return access.get_or_404(
        Claim.objects.filter(volunteer=request.user).select_related("role__initiative"), pk=pk
    )


@login_required
def contribution_log(request, pk):
    claim = _my_claim(request, pk)
    choices = _region_choices()
    offered = indicators.indicators_for_claims([claim], choices.parents).get(claim.pk, ())
    form = ContributionForm(request.POST or None, prefix_id=claim.pk, region_choices=choices,
                            indicators=offered)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        region_id = data.pop("region")
        data["region"] = Region.objects.filter(pk=region_id).first() if region_id else None
        try:
            services.contribution_log(claim=claim, volunteer=request.user, **data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            message = _("Contribution logged. Thank you!")
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


def _claim_action(request, pk, service, done_message):
    claim = _my_claim(request, pk)
    form = HandoffForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The hand-off notes may have at most 4,000 characters "
                                  "(300 for whom to ask)."))
        return redirect("my_roles")
    return _act(request, lambda: service(claim=claim, volunteer=request.user,
                                         **form.cleaned_data), done_message)


@require_POST
@login_required
def claim_release(request, pk):
    return _claim_action(request, pk, services.claim_release,
                         _("You released the role. The seat is free for someone else."))


@require_POST
@login_required
def claim_complete(request, pk):
    return _claim_action(request, pk, services.claim_complete,
                         _("Marked complete. A peer in the initiative can now verify it."))


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
        messages.error(request, _("The comment may have at most 4,000 characters."))
        return redirect("my_roles")
    return _act(request, lambda: service(verifier=request.user,
                                         comment=form.cleaned_data["comment"], **target),
                _("Verified. Thank you for checking a peer's work."))


# --- Proposals -----------------------------------------------------------------------------


@login_required
def proposal_submit(request, slug):
    initiative = initiative_selectors.initiative_for(request.user, slug)
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_submit(initiative=initiative, author=request.user,
                                     **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Thank you! Your proposal is with the orchestrators; "
                                        "you will see their answer on My roles."))
            return redirect(initiative.get_absolute_url())
    return render(request, "roles/propose.html", {"initiative": initiative, "form": form})


def _managed_proposal(request, pk) -> Proposal:
    qs = access.managed_rows(Proposal.objects.select_related("initiative"), request.user)
    return access.get_or_404(qs, pk=pk)


@require_POST
@login_required
def proposal_accept(request, pk):
    proposal = _managed_proposal(request, pk)
    form = ProposalAcceptForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hours must be 1–40 and seats 1–100; at most 1,000 "
                                  "characters of supporting role titles."))
    else:
        try:
            role = services.proposal_accept(proposal=proposal, orchestrator=request.user,
                                            **form.cleaned_data)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Accepted: “%(title)s” is now a role, credited to its "
                                        "proposer, who is offered its first seat for 7 days.")
                             % {"title": role.title})
    return redirect(proposal.initiative.get_absolute_url())


@require_POST
@login_required
def proposal_decline(request, pk):
    proposal = _managed_proposal(request, pk)
    form = ProposalDeclineForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the proposal is declined: the proposer will read it."))
    else:
        try:
            services.proposal_decline(proposal=proposal, orchestrator=request.user,
                                      reason=form.cleaned_data["reason"])
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Declined; the proposer sees your reason."))
    return redirect(proposal.initiative.get_absolute_url())
