"""Every write that matters about roles: claiming, releasing, completing, logging, verifying.

Views, admin, API and tasks call these functions and nothing else. Each runs in
one transaction and raises a `crowddo.errors.DomainError` whose message a person
can act on.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, IntegerField, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from crowddo.errors import (
    AlreadyHeld,
    Invalid,
    InvalidState,
    NoMentor,
    NotAllowed,
    OverCapacity,
    RoleFull,
    RoleNotOpen,
)
from initiatives.access import visible_initiatives
from people import access
from people.models import User, VolunteerProfile
from roles import apprentices
from roles.indicators import indicator_reports_write
from roles.models import (
    Capability,
    Claim,
    Contribution,
    Proposal,
    Role,
    Verification,
    WaitlistEntry,
)
from roles.signals import (
    claim_changed,
    claim_expired,
    claim_reminded,
    progress_changed,
    seat_offered,
)

MAX_MICRO_IMPROVEMENTS = 10_000
OLDEST_CONTRIBUTION_DAYS = 366
OFFER_HOLD = dt.timedelta(hours=48)
REMIND_AT_FRACTION = 0.75  # of a role's stale_after_days
WAITLIST_OPEN = (WaitlistEntry.Status.WAITING, WaitlistEntry.Status.OFFERED)


def _progress(role: Role) -> None:
    progress_changed.send(
        sender=Role, organization_id=role.organization_id, initiative_id=role.initiative_id
    )


def _claim_changed(claim: Claim, *, created: bool = False) -> None:
    claim_changed.send(sender=Claim, claim_id=claim.pk, organization_id=claim.organization_id,
                       status=claim.status, created=created)


def active_hours(volunteer: User) -> int:
    """Hours a week the volunteer has promised across every organization."""
    total = Claim.objects.filter(volunteer=volunteer, status=Claim.Status.ACTIVE).aggregate(
        h=Sum("role__hours_per_week")
    )["h"]
    return total or 0


@transaction.atomic
def claim_role(*, role: Role, volunteer: User, kind: str = Claim.Kind.REGULAR) -> Claim:
    """Give the volunteer one seat of the role, or raise a DomainError saying why not.

    `kind=APPRENTICE` takes an apprentice seat instead (rules in roles.apprentices). An
    active apprentice who claims a regular seat (or accepts one offered to them) ends the
    apprenticeship as completed — their mentor can then verify it — and holds the seat.

    Locking: we take a row lock (SELECT … FOR UPDATE) on the volunteer's profile,
    then on the role row alone (`of=("self",)`: the initiative is read, not locked, so
    claims on different roles of one initiative do not wait for each other), and only
    then count, in one statement, the role's active claims and live offers, whether the
    volunteer already holds it and the hours they hold. That statement starts after the
    lock is granted, so it sees every claim committed before (a count inside the locking
    statement would use the snapshot taken before the wait and could overbook). Every
    claim for the same role queues on that one row, so the count cannot go stale between
    the check and the insert — a conditional UPDATE of a counter would need a
    denormalised seat count kept in step everywhere, and the count here is cheap
    (indexed on role, status). The profile lock makes the burnout guard race-safe
    across *different* roles of the same volunteer. Locks are always taken in the
    order profile → role, so two claims cannot deadlock. The time between the role lock
    and the commit is what limits claims per second on one role: keep it to a few
    statements.
    """
    profile, _ = VolunteerProfile.objects.select_for_update().get_or_create(user=volunteer)
    role = (Role.objects.select_for_update(of=("self",)).select_related("initiative")
            .get(pk=role.pk))

    if role.status != Role.Status.OPEN or role.initiative.status != "active":
        raise RoleNotOpen("This role is not open for claims right now.")
    if not role.is_visible_to(volunteer):
        raise RoleNotOpen("This role is not open for claims right now.")
    if kind == Claim.Kind.APPRENTICE:
        return _claim_apprentice_seat(role, volunteer, profile)
    now = _claim_figures(role, volunteer)
    if now["mine"]:
        raise AlreadyHeld("You already hold this role.")
    if now["taken"] + now["offers"] >= role.seats:
        if now["apprentice"]:
            raise RoleFull("All regular seats are taken. As this role's apprentice you are "
                           "offered the next seat that frees, before the waitlist.")
        raise RoleFull("This role is full: all its seats are taken. You can join the waitlist.")
    # An apprentice moving up already promised this role's hours: do not count them twice.
    held = now["held"] - (role.hours_per_week if now["apprentice"] else 0)
    _check_capacity(profile, held, role)
    if now["apprentice"]:  # saved, not updated: the claim's history records the step up
        learning = Claim.objects.get(role=role, volunteer=volunteer, status=Claim.Status.ACTIVE,
                                     kind=Claim.Kind.APPRENTICE)
        learning.status, learning.completed_at = Claim.Status.COMPLETED, timezone.now()
        learning.save(update_fields=["status", "completed_at"])
        _claim_changed(learning)
    try:
        with transaction.atomic():
            claim = Claim.objects.create(
                role=role, volunteer=volunteer, organization_id=role.organization_id,
                term_ends_at=term_end(role),
            )
    except IntegrityError:  # the partial unique index is the last line of defence
        raise AlreadyHeld("You already hold this role.") from None
    _claim_changed(claim, created=True)
    # A seat offered to this volunteer (or their place in the queue) is used up by the claim.
    WaitlistEntry.objects.filter(
        role=role, volunteer=volunteer, status__in=WAITLIST_OPEN
    ).update(status=WaitlistEntry.Status.ACCEPTED)
    _progress(role)
    return claim


def _check_capacity(profile: VolunteerProfile, held: int, role: Role) -> None:
    if held + role.hours_per_week > profile.weekly_capacity_hours:
        raise OverCapacity(
            f"This would take you past your weekly capacity: you hold {held} h of your "
            f"{profile.weekly_capacity_hours} h a week; this role needs {role.hours_per_week} h. "
            "Release a role or raise your capacity in your profile."
        )


def _claim_apprentice_seat(role: Role, volunteer: User, profile: VolunteerProfile) -> Claim:
    """An apprentice seat, paired with a mentor; called by claim_role under its locks."""
    apprentices.check_apprentice_seat(role, volunteer)
    _check_capacity(profile, active_hours(volunteer), role)  # an apprentice works the hours
    mentor = apprentices.choose_mentor(role, volunteer)
    if mentor is None:
        raise NoMentor("Nobody can mentor an apprentice in this role yet: it has no current "
                       "or past holder and no coordinator. Ask the initiative's orchestrators.")
    try:
        with transaction.atomic():
            claim = Claim.objects.create(
                role=role, volunteer=volunteer, organization_id=role.organization_id,
                kind=Claim.Kind.APPRENTICE, mentor=mentor,
            )
    except IntegrityError:
        raise AlreadyHeld("You already hold this role.") from None
    _claim_changed(claim, created=True)
    _progress(role)
    return claim


def term_end(role: Role, start: dt.datetime | None = None) -> dt.datetime | None:
    """End of a term that starts now (or at `start`); None for a role without a term."""
    if not role.term_weeks:
        return None
    return (start or timezone.now()) + dt.timedelta(weeks=role.term_weeks)


def _claim_figures(role: Role, volunteer: User) -> dict:
    """In one statement: the role's active regular claims, seats held open for someone else on
    the waitlist, whether this volunteer holds a regular seat or an apprentice seat of the
    role, and the hours they hold everywhere (apprentice seats included)."""
    active = Claim.objects.filter(status=Claim.Status.ACTIVE)
    regular = active.filter(kind=Claim.Kind.REGULAR)

    def count(qs):
        return Coalesce(Subquery(qs.order_by().values("status").annotate(n=Count("id"))
                                 .values("n")[:1], output_field=IntegerField()), 0)

    hours = (active.filter(volunteer=volunteer).order_by().values("volunteer")
             .annotate(h=Sum("role__hours_per_week")).values("h")[:1])
    return Role.objects.filter(pk=role.pk).values(
        taken=count(regular.filter(role=role)),
        offers=count(_live_offers(role).exclude(volunteer=volunteer)),
        mine=Exists(regular.filter(role=role, volunteer=volunteer)),
        apprentice=Exists(active.filter(role=role, volunteer=volunteer,
                                        kind=Claim.Kind.APPRENTICE)),
        held=Coalesce(Subquery(hours, output_field=IntegerField()), 0),
    ).get()


def _live_offers(role: Role):
    return WaitlistEntry.objects.filter(
        role=role, status=WaitlistEntry.Status.OFFERED, offer_expires_at__gt=timezone.now()
    )


def _seats_taken(role: Role, *, for_volunteer: User | None = None) -> int:
    """Active regular claims plus seats held open for someone on the waitlist (not for this
    volunteer). Apprentice seats are counted apart and never fill a regular seat.

    Called with the role row locked, like every write that creates claims or offers,
    so the figure cannot go stale before the caller acts on it.
    """
    taken = apprentices.regular_claims(role=role, status=Claim.Status.ACTIVE).count()
    offers = _live_offers(role)
    if for_volunteer is not None:
        offers = offers.exclude(volunteer=for_volunteer)
    return taken + offers.count()


def _own_claim_for_update(claim: Claim, volunteer: User, *statuses: str) -> Claim:
    claim = Claim.objects.select_for_update().select_related("role").get(pk=claim.pk)
    if claim.volunteer_id != volunteer.pk:
        raise NotAllowed("Only the person holding this role can do that.")
    return _in_status(claim, *statuses)


def _reject_nul(*texts: str) -> None:
    # hardening: PostgreSQL cannot store NUL in text; say so instead of failing with a 500.
    if any("\x00" in (text or "") for text in texts):
        raise Invalid("The text contains a NUL character (\\x00); remove it and try again.")


def _in_status(claim: Claim, *statuses: str) -> Claim:
    if claim.status not in statuses:
        raise InvalidState(f"This claim is {claim.get_status_display().lower()} already.")
    return claim


HANDOFF_FIELDS = ("handoff_note", "handoff_open", "handoff_ask")


def _set_handoff(claim: Claim, handoff_note: str, handoff_open: str, handoff_ask: str) -> list:
    """Store the hand-off (what is done, what is open, whom to ask); the fields to save."""
    _reject_nul(handoff_note, handoff_open, handoff_ask)
    if len(handoff_note) > 4000 or len(handoff_open) > 4000 or len(handoff_ask) > 300:
        raise Invalid("The hand-off notes may have at most 4,000 characters each "
                      "(300 for whom to ask).")
    claim.handoff_note, claim.handoff_open = handoff_note.strip(), handoff_open.strip()
    claim.handoff_ask = handoff_ask.strip()
    return list(HANDOFF_FIELDS)


@transaction.atomic
def claim_release(*, claim: Claim, volunteer: User, handoff_note: str = "",
                  handoff_open: str = "", handoff_ask: str = "") -> Claim:
    """The holder (or an orchestrator of the organization) gives the seat back; it frees at once."""
    locked = Claim.objects.select_for_update().select_related("role").get(pk=claim.pk)
    if locked.volunteer_id != volunteer.pk:
        _check_manages(volunteer, locked.organization_id)
    claim = _in_status(locked, Claim.Status.ACTIVE)
    fields = _set_handoff(claim, handoff_note, handoff_open, handoff_ask)
    claim.status = Claim.Status.RELEASED
    claim.ended_at = timezone.now()
    claim.save(update_fields=["status", "ended_at", *fields])
    _claim_changed(claim)
    _progress(claim.role)
    waitlist_offer_next(role=claim.role)
    return claim


@transaction.atomic
def claim_complete(*, claim: Claim, volunteer: User, handoff_note: str = "",
                   handoff_open: str = "", handoff_ask: str = "") -> Claim:
    """The volunteer says the work is done; the seat frees and a peer may verify it."""
    claim = _own_claim_for_update(claim, volunteer, Claim.Status.ACTIVE)
    fields = _set_handoff(claim, handoff_note, handoff_open, handoff_ask)
    claim.status = Claim.Status.COMPLETED
    claim.completed_at = timezone.now()
    claim.save(update_fields=["status", "completed_at", *fields])
    _claim_changed(claim)
    _progress(claim.role)
    waitlist_offer_next(role=claim.role)
    return claim


@transaction.atomic
def claim_expire(*, claim: Claim) -> bool:
    """Expire an active claim (stale). Idempotent: returns False if it was not active."""
    updated = Claim.objects.filter(pk=claim.pk, status=Claim.Status.ACTIVE).update(
        status=Claim.Status.EXPIRED, ended_at=timezone.now()
    )
    if updated:
        claim_changed.send(sender=Claim, claim_id=claim.pk, organization_id=claim.organization_id,
                           status=Claim.Status.EXPIRED, created=False)
        _progress(claim.role)
        waitlist_offer_next(role=claim.role)
        claim_expired.send(sender=Claim, claim_id=claim.pk)  # the person is told, after commit
    return bool(updated)


def can_verify(*, verifier: User, claim: Claim) -> bool:
    """A peer: not the claimant; someone who works in the same initiative, an orchestrator, or
    the apprentice's mentor."""
    if verifier.pk == claim.volunteer_id or not verifier.is_active:
        return False
    if apprentices.is_mentor(verifier, claim) and claim.role.is_visible_to(verifier):
        return True  # even if they hold nothing here any more — but not after leaving a
        # private initiative's organization
    if claim.organization_id in access.managed_org_ids(verifier):
        return True
    return Claim.objects.filter(
        volunteer=verifier, role__initiative_id=claim.role.initiative_id
    ).exclude(status__in=[Claim.Status.RELEASED, Claim.Status.EXPIRED]).exists()


PAST_HOLDER = (Claim.Status.COMPLETED, Claim.Status.VERIFIED, Claim.Status.RELEASED)
NOT_A_PEER = ("Only a peer in the same initiative or an orchestrator can verify this, "
              "and never the person who did the work.")


def verifier_marks(*, verifier: User, claim: Claim) -> dict:
    """How a verification of the claim's work by this verifier is marked: a past holder (a
    completed, verified or released seat of the same role, never the claim itself) and/or
    the apprentice's mentor."""
    past = Claim.objects.filter(role_id=claim.role_id, volunteer=verifier,
                                status__in=PAST_HOLDER).exclude(pk=claim.pk).exists()
    return {"by_past_holder": past, "by_mentor": apprentices.is_mentor(verifier, claim)}


@transaction.atomic
def claim_verify(*, claim: Claim, verifier: User, comment: str = "") -> Claim:
    claim = Claim.objects.select_for_update().select_related("role").get(pk=claim.pk)
    if not can_verify(verifier=verifier, claim=claim):
        raise NotAllowed(NOT_A_PEER)
    if claim.status != Claim.Status.COMPLETED:
        raise InvalidState("Only a completed claim can be verified.")
    claim.status = Claim.Status.VERIFIED
    claim.verified_at = timezone.now()
    claim.save(update_fields=["status", "verified_at"])
    _claim_changed(claim)
    Verification.objects.create(
        organization_id=claim.organization_id, verifier=verifier, claim=claim, comment=comment,
        **verifier_marks(verifier=verifier, claim=claim),
    )
    _progress(claim.role)
    return claim


def _check_contribution_values(claim: Claim, date: dt.date, hours: Decimal, count: int) -> None:
    today = timezone.localdate()
    if date > today:
        raise Invalid("The date is in the future: log work once it is done.")
    if date < claim.claimed_at.date() or date < today - dt.timedelta(OLDEST_CONTRIBUTION_DAYS):
        raise Invalid("The date is before you claimed this role.")
    if not Decimal("0") < hours <= Decimal("24"):
        raise Invalid("Hours must be more than 0 and at most 24 for one day.")
    if not 0 <= count <= MAX_MICRO_IMPROVEMENTS:
        raise Invalid(f"Micro-improvements must be between 0 and {MAX_MICRO_IMPROVEMENTS}.")


@transaction.atomic
def contribution_log(
    *, claim: Claim, volunteer: User, date: dt.date, hours: Decimal,
    micro_improvements: int = 0, region=None, note: str = "", indicators=(),
) -> Contribution:
    """Record progress on a claim the volunteer holds (or has just completed), with its
    reports against the collective's indicators ([{"indicator": slug, "value", "key"}])."""
    _reject_nul(note)
    claim = _own_claim_for_update(claim, volunteer, Claim.Status.ACTIVE, Claim.Status.COMPLETED)
    hours = Decimal(str(hours))
    _check_contribution_values(claim, date, hours, micro_improvements)
    _check_not_after_close(claim.role.initiative, date)
    contribution = Contribution.objects.create(
        organization_id=claim.organization_id, claim=claim, date=date, hours=hours,
        micro_improvements=micro_improvements, region=region or claim.role.region, note=note,
    )
    indicator_reports_write(contribution=contribution, reports=indicators)
    claim.last_activity_at = timezone.now()
    claim.reminded_at = None
    claim.save(update_fields=["last_activity_at", "reminded_at"])
    _progress(claim.role)
    return contribution


def _check_not_after_close(initiative, date: dt.date) -> None:
    """A closed initiative's totals were announced with its outcome: late work done before the
    close may still be logged, work dated after it may not."""
    if initiative.status == "closed" and initiative.closed_at:
        closed_on = timezone.localdate(initiative.closed_at)
        if date > closed_on:
            raise Invalid(f"This initiative closed on {closed_on:%d %B %Y}: only work done "
                          "before it closed can be logged.")


def contribution_for_verdict(contribution: Contribution, verifier: User) -> Contribution:
    """Lock the contribution and check that this verifier may judge it now (verify or send
    back): a peer (`can_verify`), and the work is waiting for a peer (submitted/resubmitted)."""
    contribution = Contribution.objects.select_for_update().select_related(
        "claim__role"
    ).get(pk=contribution.pk)
    if not can_verify(verifier=verifier, claim=contribution.claim):
        raise NotAllowed(NOT_A_PEER)
    if contribution.status == Contribution.Status.VERIFIED:
        raise InvalidState("This contribution is verified already.")
    if contribution.status == Contribution.Status.SENT_BACK:
        raise InvalidState("This contribution was sent back for changes; it can be judged "
                           "again once the contributor resubmits it.")
    return contribution


@transaction.atomic
def contribution_verify(
    *, contribution: Contribution, verifier: User, comment: str = ""
) -> Contribution:
    """Verify submitted or resubmitted work; from now on it counts (see Contribution.COUNTED)."""
    _reject_nul(comment)
    contribution = contribution_for_verdict(contribution, verifier)
    contribution.status = Contribution.Status.VERIFIED
    contribution.save(update_fields=["status", "updated_at"])
    Verification.objects.create(
        organization_id=contribution.organization_id, verifier=verifier,
        contribution=contribution, comment=comment,
        **verifier_marks(verifier=verifier, claim=contribution.claim),
    )
    _progress(contribution.claim.role)
    return contribution


# --- Roles and proposals (orchestrators, the admin and the API write through these) ----------

ROLE_FIELDS = {
    "title", "responsibility", "success_looks_like", "hours_per_week", "duration_weeks", "seats",
    "capability", "region", "is_remote", "status", "stale_after_days", "coordinator",
    "apprentice_seats", "term_weeks",
}


def _check_manages(actor, organization_id: int) -> None:
    if not access.is_superuser(actor) and organization_id not in access.managed_org_ids(actor):
        raise NotAllowed("Only orchestrators of this organization can change its roles.")


def _validated_save(role: Role, skills=None) -> Role:
    from django.core.exceptions import ValidationError

    try:
        role.full_clean(exclude=["organization"])
    except ValidationError as exc:
        problems = "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
        raise Invalid(problems) from None
    role.save()
    if skills is not None:
        role.skills.set(skills)
    return role


@transaction.atomic
def role_create(*, initiative, actor, skills=None, **fields) -> Role:
    """Create a role in an initiative the actor manages (user or API key with write scope)."""
    _check_manages(actor, initiative.organization_id)
    unknown = set(fields) - ROLE_FIELDS
    if unknown:
        raise Invalid(f"Unknown role fields: {', '.join(sorted(unknown))}.")
    role = Role(initiative=initiative, organization_id=initiative.organization_id, **fields)
    role = _validated_save(role, skills)
    _progress(role)
    return role


@transaction.atomic
def role_update(*, role: Role, actor, skills=None, **fields) -> Role:
    role = Role.objects.select_for_update().get(pk=role.pk)
    _check_manages(actor, role.organization_id)
    unknown = set(fields) - ROLE_FIELDS
    if unknown:
        raise Invalid(f"Unknown role fields: {', '.join(sorted(unknown))}.")
    if "seats" in fields:
        taken = apprentices.regular_claims(role=role, status=Claim.Status.ACTIVE).count()
        if fields["seats"] is not None and fields["seats"] < taken:
            raise Invalid(f"{taken} seats are taken; the role cannot have fewer seats than that.")
    if fields.get("apprentice_seats") is not None:
        taken = Claim.objects.filter(role=role, status=Claim.Status.ACTIVE,
                                     kind=Claim.Kind.APPRENTICE).count()
        if fields["apprentice_seats"] < taken:
            raise Invalid(f"{taken} apprentice seats are taken; the role cannot have fewer "
                          "apprentice seats than that.")
    for name, value in fields.items():
        setattr(role, name, value)
    role = _validated_save(role, skills)
    if "term_weeks" in fields and not role.term_weeks:
        # No term any more: the holders' terms end with it (nothing to renew or remind of).
        Claim.objects.filter(role=role, status=Claim.Status.ACTIVE).update(
            term_ends_at=None, term_reminded_at=None)
    _progress(role)
    waitlist_offer_next(role=role)  # more seats, or a role reopened: the waitlist goes first
    return role


@transaction.atomic
def proposal_submit(*, initiative, author: User, title: str, description: str,
                    kind: str = Proposal.Kind.ROLE) -> Proposal:
    """A volunteer proposes a role or a micro-improvement in an initiative they can see."""
    from initiatives.models import Initiative

    visible = visible_initiatives(Initiative.objects.filter(pk=initiative.pk), author)
    if not visible.exists() or initiative.status != Initiative.Status.ACTIVE:
        raise NotAllowed("This initiative does not take proposals right now.")
    if not title.strip() or not description.strip():
        raise Invalid("A proposal needs a title and a description.")
    return Proposal.objects.create(
        organization_id=initiative.organization_id, initiative=initiative, author=author,
        title=title.strip(), description=description.strip(), kind=kind,
    )


def _pending_proposal_for_update(proposal: Proposal, orchestrator) -> Proposal:
    proposal = Proposal.objects.select_for_update().select_related("initiative").get(
        pk=proposal.pk
    )
    _check_manages(orchestrator, proposal.organization_id)
    if proposal.status != Proposal.Status.PENDING:
        raise InvalidState(f"This proposal was {proposal.get_status_display().lower()} already.")
    return proposal


PROPOSER_OFFER_HOLD = dt.timedelta(days=7)
MAX_SUPPORTING_ROLES = 5


def _supporting_titles(titles) -> list[str]:
    titles = [t.strip() for t in (titles or ()) if t and t.strip()]
    if len(titles) > MAX_SUPPORTING_ROLES:
        raise Invalid(f"At most {MAX_SUPPORTING_ROLES} supporting roles, one title per line.")
    if any(len(t) > 160 for t in titles):
        raise Invalid("A supporting role's title may have at most 160 characters.")
    return titles


@transaction.atomic
def proposal_accept(*, proposal: Proposal, orchestrator, supporting_titles=(),
                    **role_fields) -> Role:
    """Accept: the proposal becomes its lead role (credited to its author) and optional
    supporting roles (one per title, same hours and capability, one seat each), all linked to
    it. The author is offered the lead role's first seat for 7 days (an ordinary seat offer:
    accepted or declined on /me/, the burnout guard applies on accept). Returns the lead role.
    """
    proposal = _pending_proposal_for_update(proposal, orchestrator)
    initiative = proposal.initiative
    if initiative.status != initiative.Status.ACTIVE:
        # A closed initiative takes no new roles; the proposal can still be declined.
        raise InvalidState(f"This initiative is {initiative.get_status_display().lower()}, so it "
                           "takes no new roles. Decline it with a reason instead: the proposer "
                           "will read it.")
    titles = _supporting_titles(supporting_titles)
    fields = {"title": proposal.title, "responsibility": proposal.title[:240],
              "success_looks_like": proposal.description,
              "capability": Capability.INVENTING, **role_fields}
    role = role_create(initiative=proposal.initiative, actor=orchestrator, **fields)
    supporting = {k: v for k, v in fields.items() if k in ("hours_per_week", "capability")}
    created = [role.pk] + [
        role_create(initiative=proposal.initiative, actor=orchestrator, title=title,
                    responsibility=title[:240], seats=1,
                    success_looks_like=f"Supports “{role.title}”.", **supporting).pk
        for title in titles
    ]
    Role.objects.filter(pk__in=created).update(proposed_by=proposal.author,
                                               from_proposal=proposal)
    role.proposed_by, role.from_proposal = proposal.author, proposal
    proposal.status = Proposal.Status.ACCEPTED
    proposal.decided_by = orchestrator if isinstance(orchestrator, User) else None
    proposal.decided_at = timezone.now()
    proposal.resulting_role = role
    proposal.save(update_fields=["status", "decided_by", "decided_at", "resulting_role"])
    _offer_to_proposer(role, proposal.author)
    return role


def _offer_to_proposer(role: Role, author: User) -> None:
    """Hold the lead role's first seat for the author, if it is open and they can take it."""
    role = Role.objects.select_for_update(of=("self",)).select_related("initiative").get(
        pk=role.pk)
    if (not author.is_active or role.status != Role.Status.OPEN
            or role.initiative.status != "active" or _seats_taken(role) >= role.seats):
        return
    seat_offer(role=role, volunteer=author, via=WaitlistEntry.Via.PROPOSAL,
               hold=PROPOSER_OFFER_HOLD)


@transaction.atomic
def proposal_decline(*, proposal: Proposal, orchestrator, reason: str) -> Proposal:
    proposal = _pending_proposal_for_update(proposal, orchestrator)
    if not reason.strip():
        raise Invalid("Say why the proposal is declined: the proposer will read it.")
    proposal.status = Proposal.Status.DECLINED
    proposal.decline_reason = reason.strip()
    proposal.decided_by = orchestrator if isinstance(orchestrator, User) else None
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "decline_reason", "decided_by", "decided_at"])
    return proposal


# --- Waitlist: a freed seat is held 48 hours for the first person waiting ---------------------


def _open_role_for_update(role: Role, volunteer: User) -> Role:
    role = Role.objects.select_for_update(of=("self",)).select_related("initiative").get(pk=role.pk)
    if role.status != Role.Status.OPEN or role.initiative.status != "active":
        raise RoleNotOpen("This role is not open for claims right now.")
    if not Role.objects.filter(pk=role.pk).visible_to(volunteer).exists():
        raise RoleNotOpen("This role is not open for claims right now.")
    return role


@transaction.atomic
def waitlist_join(*, role: Role, volunteer: User) -> WaitlistEntry:
    """Queue for a full role; the first person waiting is offered the next seat that frees."""
    role = _open_role_for_update(role, volunteer)
    if Claim.objects.filter(role=role, volunteer=volunteer, status=Claim.Status.ACTIVE).exists():
        raise AlreadyHeld("You already hold this role.")
    if WaitlistEntry.objects.filter(role=role, volunteer=volunteer,
                                    status__in=WAITLIST_OPEN).exists():
        raise AlreadyHeld("You are on the waitlist for this role already.")
    if _seats_taken(role) < role.seats:
        raise InvalidState("This role has a free seat: claim it instead of waiting.")
    try:
        with transaction.atomic():
            return WaitlistEntry.objects.create(
                role=role, volunteer=volunteer, organization_id=role.organization_id
            )
    except IntegrityError:
        raise AlreadyHeld("You are on the waitlist for this role already.") from None


@transaction.atomic
def waitlist_offer_next(*, role: Role) -> list[WaitlistEntry]:
    """Offer every free seat of the role: first to its apprentices (oldest apprenticeship
    first, once per apprenticeship), then to the people waiting, in the order they joined.

    Runs in the transaction that freed the seat, under the role's row lock, so an offered
    seat counts as taken for everybody else from the moment it exists. The e-mail goes
    out after commit (see roles.receivers).
    """
    role = Role.objects.select_for_update(of=("self",)).select_related("initiative").get(pk=role.pk)
    if role.status != Role.Status.OPEN or role.initiative.status != "active":
        return []
    free = role.seats - _seats_taken(role)
    if free <= 0:
        return []
    offered = [seat_offer(role=role, volunteer=claim.volunteer,
                          via=WaitlistEntry.Via.APPRENTICE)
               for claim in apprentices.apprentices_to_offer(role, free)]
    free -= len(offered)
    if free <= 0:
        return offered
    entries = list(
        WaitlistEntry.objects.select_for_update()
        .filter(role=role, status=WaitlistEntry.Status.WAITING).order_by("created_at", "id")[:free]
    )
    for entry in entries:
        _mark_offered(entry)
    return offered + entries


def _mark_offered(entry: WaitlistEntry, hold: dt.timedelta = OFFER_HOLD) -> WaitlistEntry:
    now = timezone.now()
    entry.status = WaitlistEntry.Status.OFFERED
    entry.offered_at, entry.offer_expires_at = now, now + hold
    entry.save(update_fields=["status", "offered_at", "offer_expires_at"])
    seat_offered.send(sender=WaitlistEntry, entry_id=entry.pk)
    return entry


def seat_offer(*, role: Role, volunteer: User, via: str,
               hold: dt.timedelta = OFFER_HOLD) -> WaitlistEntry:
    """Hold one seat of the role for a named person (an apprentice, a proposal's author).

    Call it with the role row locked and a seat known to be free. The offer is an ordinary
    waitlist entry in status OFFERED (`via` says why), so accepting, declining, lapsing and
    the e-mail work exactly as for the queue; an open entry of the person is reused.
    """
    entry = WaitlistEntry.objects.select_for_update().filter(
        role=role, volunteer=volunteer, status__in=WAITLIST_OPEN
    ).first() or WaitlistEntry(role=role, volunteer=volunteer,
                               organization_id=role.organization_id)
    entry.via = via
    if entry.pk:
        entry.save(update_fields=["via"])
    else:
        entry.save()
    return _mark_offered(entry, hold)


def _own_entry_for_update(entry: WaitlistEntry, volunteer: User) -> WaitlistEntry:
    entry = WaitlistEntry.objects.select_for_update().select_related("role").get(pk=entry.pk)
    if entry.volunteer_id != volunteer.pk:
        raise NotAllowed("Only the person on the waitlist can do that.")
    return entry


@transaction.atomic
def waitlist_offer_accept(*, entry: WaitlistEntry, volunteer: User) -> Claim:
    """Take the seat held for the volunteer. The burnout guard still applies.

    No lock on the entry here: claim_role takes profile → role like every claim (one lock
    order, no deadlock) and, holding them, counts this volunteer's own offer as theirs.
    """
    entry = WaitlistEntry.objects.select_related("role").get(pk=entry.pk)
    if entry.volunteer_id != volunteer.pk:
        raise NotAllowed("Only the person on the waitlist can do that.")
    if entry.status != WaitlistEntry.Status.OFFERED or entry.offer_expires_at <= timezone.now():
        raise InvalidState("This offer is no longer open.")
    return claim_role(role=entry.role, volunteer=volunteer)


@transaction.atomic
def waitlist_leave(*, entry: WaitlistEntry, volunteer: User) -> WaitlistEntry:
    """Leave the queue or decline an offer; a declined seat goes to the next person."""
    entry = _own_entry_for_update(entry, volunteer)
    if entry.status not in WAITLIST_OPEN:
        raise InvalidState("You are not waiting for this role any more.")
    was_offered = entry.status == WaitlistEntry.Status.OFFERED
    entry.status = WaitlistEntry.Status.CANCELLED
    entry.save(update_fields=["status"])
    if was_offered:
        waitlist_offer_next(role=entry.role)
    return entry


def waitlist_lapse_offers() -> int:
    """Offers unanswered for 48 hours lapse and pass to the next person. Idempotent."""
    lapsed = 0
    due = WaitlistEntry.objects.filter(
        status=WaitlistEntry.Status.OFFERED, offer_expires_at__lte=timezone.now()
    ).values_list("pk", "role_id")
    for pk, role_id in list(due):
        with transaction.atomic():
            if WaitlistEntry.objects.filter(
                pk=pk, status=WaitlistEntry.Status.OFFERED
            ).update(status=WaitlistEntry.Status.LAPSED):
                lapsed += 1
                waitlist_offer_next(role=Role(pk=role_id))
    return lapsed


# --- Stale claims: remind at 75 % of stale_after_days, expire at 100 % ------------------------


def _stale_claims(*, fraction: float):
    """Active claims without activity for `fraction` of their role's stale_after_days.

    One query per distinct stale_after_days value (a handful), so this stays set-based
    without interval arithmetic that differs between PostgreSQL and SQLite.
    """
    now = timezone.now()
    active = Claim.objects.filter(status=Claim.Status.ACTIVE)
    days_values = active.values_list("role__stale_after_days", flat=True).distinct()
    for days in sorted(set(days_values)):
        cutoff = now - dt.timedelta(days=days * fraction)
        yield from active.filter(
            role__stale_after_days=days, last_activity_at__lte=cutoff
        ).select_related("role")


@transaction.atomic
def claim_remind(*, claim: Claim) -> bool:
    """Mark the claim reminded and send the reminder after commit. False if done already."""
    updated = Claim.objects.filter(
        pk=claim.pk, status=Claim.Status.ACTIVE, reminded_at__isnull=True
    ).update(reminded_at=timezone.now())
    if updated:
        claim_reminded.send(sender=Claim, claim_id=claim.pk)
    return bool(updated)


def claims_sweep_stale() -> dict[str, int]:
    """Expire claims past stale_after_days, remind those past 75 % of it. Safe to run twice."""
    expired = sum(claim_expire(claim=c) for c in _stale_claims(fraction=1.0))
    reminded = sum(claim_remind(claim=c) for c in _stale_claims(fraction=REMIND_AT_FRACTION))
    return {"expired": expired, "reminded": reminded}


# --- An initiative closes: its roles close with it --------------------------------------------


def initiative_roles_close(*, initiative_id: int, organization_id: int, closed_at) -> None:
    """Inside the closing transaction (initiative row locked, then its roles): the roles
    close, active claims become completed (nothing is erased; peers may still verify them)
    and open waitlist entries and seat offers are cancelled."""
    roles = Role.objects.select_for_update().filter(initiative_id=initiative_id)
    role_ids = list(roles.values_list("pk", flat=True))
    Role.objects.filter(pk__in=role_ids).exclude(status=Role.Status.CLOSED).update(
        status=Role.Status.CLOSED, updated_at=closed_at)
    Claim.objects.filter(role_id__in=role_ids, status=Claim.Status.ACTIVE).update(
        status=Claim.Status.COMPLETED, completed_at=closed_at)
    WaitlistEntry.objects.filter(role_id__in=role_ids, status__in=WAITLIST_OPEN).update(
        status=WaitlistEntry.Status.CANCELLED)
    progress_changed.send(sender=Role, organization_id=organization_id,
                          initiative_id=initiative_id)
