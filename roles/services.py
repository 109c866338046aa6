"""Every write that matters about roles: claiming, releasing, completing, logging, verifying.

Views, admin, API and tasks call these functions and nothing else. Each runs in
one transaction and raises a `crowddo.errors.DomainError` whose message a person
can act on.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from crowddo import access
from crowddo.errors import (
    AlreadyHeld,
    Invalid,
    InvalidState,
    NotAllowed,
    OverCapacity,
    RoleFull,
    RoleNotOpen,
)
from people.models import User, VolunteerProfile
from roles.models import Capability, Claim, Contribution, Proposal, Role, Verification
from roles.signals import progress_changed

MAX_MICRO_IMPROVEMENTS = 10_000
OLDEST_CONTRIBUTION_DAYS = 366


def _progress(role: Role) -> None:
    progress_changed.send(
        sender=Role, organization_id=role.organization_id, initiative_id=role.initiative_id
    )


def active_hours(volunteer: User) -> int:
    """Hours a week the volunteer has promised across every organization."""
    total = Claim.objects.filter(volunteer=volunteer, status=Claim.Status.ACTIVE).aggregate(
        h=Sum("role__hours_per_week")
    )["h"]
    return total or 0


@transaction.atomic
def claim_role(*, role: Role, volunteer: User) -> Claim:
    """Give the volunteer one seat of the role, or raise a DomainError saying why not.

    Locking: we take a row lock (SELECT … FOR UPDATE) on the volunteer's profile,
    then on the role, and count active claims while holding them. Every claim for
    the same role queues on that one row, so the count cannot go stale between the
    check and the insert — a conditional UPDATE of a counter would need a
    denormalised seat count kept in step everywhere, and the count here is cheap
    (indexed on role, status). The profile lock makes the burnout guard race-safe
    across *different* roles of the same volunteer. Locks are always taken in the
    order profile → role, so two claims cannot deadlock.
    """
    profile, _ = VolunteerProfile.objects.select_for_update().get_or_create(user=volunteer)
    role = Role.objects.select_for_update().select_related("initiative").get(pk=role.pk)

    if role.status != Role.Status.OPEN or role.initiative.status != "active":
        raise RoleNotOpen("This role is not open for claims right now.")
    if not access.visible_roles(Role.objects.filter(pk=role.pk), volunteer).exists():
        raise RoleNotOpen("This role is not open for claims right now.")
    if Claim.objects.filter(role=role, volunteer=volunteer, status=Claim.Status.ACTIVE).exists():
        raise AlreadyHeld("You already hold this role.")
    taken = Claim.objects.filter(role=role, status=Claim.Status.ACTIVE).count()
    if taken >= role.seats:
        raise RoleFull("This role is full: all its seats are taken. You can join the waitlist.")
    held = active_hours(volunteer)
    if held + role.hours_per_week > profile.weekly_capacity_hours:
        raise OverCapacity(
            f"This would take you past your weekly capacity: you hold {held} h of your "
            f"{profile.weekly_capacity_hours} h a week; this role needs {role.hours_per_week} h. "
            "Release a role or raise your capacity in your profile."
        )
    try:
        with transaction.atomic():
            claim = Claim.objects.create(
                role=role, volunteer=volunteer, organization_id=role.organization_id
            )
    except IntegrityError:  # the partial unique index is the last line of defence
        raise AlreadyHeld("You already hold this role.") from None
    _progress(role)
    return claim


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


@transaction.atomic
def claim_release(*, claim: Claim, volunteer: User, handoff_note: str = "") -> Claim:
    """The holder (or an orchestrator of the organization) gives the seat back; it frees at once."""
    _reject_nul(handoff_note)
    locked = Claim.objects.select_for_update().select_related("role").get(pk=claim.pk)
    if locked.volunteer_id != volunteer.pk:
        _check_manages(volunteer, locked.organization_id)
    claim = _in_status(locked, Claim.Status.ACTIVE)
    claim.status = Claim.Status.RELEASED
    claim.ended_at = timezone.now()
    claim.handoff_note = handoff_note
    claim.save(update_fields=["status", "ended_at", "handoff_note"])
    _progress(claim.role)
    return claim


@transaction.atomic
def claim_complete(*, claim: Claim, volunteer: User, handoff_note: str = "") -> Claim:
    """The volunteer says the work is done; the seat frees and a peer may verify it."""
    _reject_nul(handoff_note)
    claim = _own_claim_for_update(claim, volunteer, Claim.Status.ACTIVE)
    claim.status = Claim.Status.COMPLETED
    claim.completed_at = timezone.now()
    claim.handoff_note = handoff_note
    claim.save(update_fields=["status", "completed_at", "handoff_note"])
    _progress(claim.role)
    return claim


@transaction.atomic
def claim_expire(*, claim: Claim) -> bool:
    """Expire an active claim (stale). Idempotent: returns False if it was not active."""
    updated = Claim.objects.filter(pk=claim.pk, status=Claim.Status.ACTIVE).update(
        status=Claim.Status.EXPIRED, ended_at=timezone.now()
    )
    if updated:
        _progress(claim.role)
    return bool(updated)


def can_verify(*, verifier: User, claim: Claim) -> bool:
    """A peer: not the claimant; someone who works in the same initiative, or an orchestrator."""
    if verifier.pk == claim.volunteer_id or not verifier.is_active:
        return False
    if claim.organization_id in access.managed_org_ids(verifier):
        return True
    return Claim.objects.filter(
        volunteer=verifier, role__initiative_id=claim.role.initiative_id
    ).exclude(status__in=[Claim.Status.RELEASED, Claim.Status.EXPIRED]).exists()


@transaction.atomic
def claim_verify(*, claim: Claim, verifier: User, comment: str = "") -> Claim:
    claim = Claim.objects.select_for_update().select_related("role").get(pk=claim.pk)
    if not can_verify(verifier=verifier, claim=claim):
        raise NotAllowed(
            "Only a peer in the same initiative or an orchestrator can verify this, "
            "and never the person who did the work."
        )
    if claim.status != Claim.Status.COMPLETED:
        raise InvalidState("Only a completed claim can be verified.")
    claim.status = Claim.Status.VERIFIED
    claim.verified_at = timezone.now()
    claim.save(update_fields=["status", "verified_at"])
    Verification.objects.create(
        organization_id=claim.organization_id, verifier=verifier, claim=claim, comment=comment
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
    micro_improvements: int = 0, region=None, note: str = "",
) -> Contribution:
    """Record progress on a claim the volunteer holds (or has just completed)."""
    _reject_nul(note)
    claim = _own_claim_for_update(claim, volunteer, Claim.Status.ACTIVE, Claim.Status.COMPLETED)
    hours = Decimal(str(hours))
    _check_contribution_values(claim, date, hours, micro_improvements)
    contribution = Contribution.objects.create(
        organization_id=claim.organization_id, claim=claim, date=date, hours=hours,
        micro_improvements=micro_improvements, region=region or claim.role.region, note=note,
    )
    claim.last_activity_at = timezone.now()
    claim.reminded_at = None
    claim.save(update_fields=["last_activity_at", "reminded_at"])
    _progress(claim.role)
    return contribution


@transaction.atomic
def contribution_verify(
    *, contribution: Contribution, verifier: User, comment: str = ""
) -> Contribution:
    contribution = Contribution.objects.select_for_update().select_related(
        "claim__role"
    ).get(pk=contribution.pk)
    if not can_verify(verifier=verifier, claim=contribution.claim):
        raise NotAllowed(
            "Only a peer in the same initiative or an orchestrator can verify this, "
            "and never the person who did the work."
        )
    if contribution.status == Contribution.Status.VERIFIED:
        raise InvalidState("This contribution is verified already.")
    contribution.status = Contribution.Status.VERIFIED
    contribution.save(update_fields=["status"])
    Verification.objects.create(
        organization_id=contribution.organization_id, verifier=verifier,
        contribution=contribution, comment=comment,
    )
    _progress(contribution.claim.role)
    return contribution




# --- Roles and proposals (orchestrators, the admin and the API write through these) ----------

ROLE_FIELDS = {
    "title", "responsibility", "success_looks_like", "hours_per_week", "duration_weeks", "seats",
    "capability", "region", "is_remote", "status", "stale_after_days", "coordinator",
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
        taken = Claim.objects.filter(role=role, status=Claim.Status.ACTIVE).count()
        if fields["seats"] is not None and fields["seats"] < taken:
            raise Invalid(f"{taken} seats are taken; the role cannot have fewer seats than that.")
    for name, value in fields.items():
        setattr(role, name, value)
    role = _validated_save(role, skills)
    _progress(role)
    return role


@transaction.atomic
def proposal_submit(*, initiative, author: User, title: str, description: str,
                    kind: str = Proposal.Kind.ROLE) -> Proposal:
    """A volunteer proposes a role or a micro-improvement in an initiative they can see."""
    from initiatives.models import Initiative

    visible = access.visible_initiatives(Initiative.objects.filter(pk=initiative.pk), author)
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


@transaction.atomic
def proposal_accept(*, proposal: Proposal, orchestrator, **role_fields) -> Role:
    """Accept: the proposal becomes a role, credited to its author."""
    proposal = _pending_proposal_for_update(proposal, orchestrator)
    fields = {"title": proposal.title, "responsibility": proposal.title[:240],
              "success_looks_like": proposal.description,
              "capability": Capability.INVENTING, **role_fields}
    role = role_create(initiative=proposal.initiative, actor=orchestrator, **fields)
    Role.objects.filter(pk=role.pk).update(proposed_by=proposal.author)
    role.proposed_by = proposal.author
    proposal.status = Proposal.Status.ACCEPTED
    proposal.decided_by = orchestrator if isinstance(orchestrator, User) else None
    proposal.decided_at = timezone.now()
    proposal.resulting_role = role
    proposal.save(update_fields=["status", "decided_by", "decided_at", "resulting_role"])
    return role


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
