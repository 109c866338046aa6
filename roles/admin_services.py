"""Bulk role operations for the admin, built on `roles.services` (which stays the rule set).

Each function is one transaction: a bulk action either applies to every selected role or,
when one of them is refused, to none — the message names the role that was refused.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet

from crowddo.errors import DomainError, Invalid, NotAllowed
from people import access
from roles import feedback, services
from roles.models import Role

COPIED_FIELDS = ("title", "responsibility", "success_looks_like", "hours_per_week",
                 "duration_weeks", "seats", "capability", "region", "is_remote",
                 "stale_after_days")
MAX_STALE_DAYS = 365


def _each(roles: QuerySet, change) -> int:
    done = 0
    for role in roles.order_by("pk"):
        try:
            change(role)
        except DomainError as exc:
            raise type(exc)(f"{role}: {exc.message}") from None
        done += 1
    return done


@transaction.atomic
def roles_set_status(*, roles: QuerySet, status: str, actor) -> int:
    return _each(roles, lambda r: services.role_update(role=r, actor=actor, status=status))


@transaction.atomic
def roles_extend_stale(*, roles: QuerySet, days: int, actor) -> int:
    """Give active claims `days` more before they expire for lack of contributions."""
    if not 0 < days <= MAX_STALE_DAYS:
        raise Invalid(f"Extend by 1 to {MAX_STALE_DAYS} days.")

    def extend(role: Role) -> None:
        new = min(role.stale_after_days + days, MAX_STALE_DAYS)
        services.role_update(role=role, actor=actor, stale_after_days=new)

    return _each(roles, extend)


@transaction.atomic
def roles_duplicate(*, roles: QuerySet, initiative, actor) -> int:
    """Copy roles (as drafts, with their skills) into another initiative the actor manages."""
    def copy(role: Role) -> None:
        fields = {name: getattr(role, name) for name in COPIED_FIELDS}
        services.role_create(initiative=initiative, actor=actor, status=Role.Status.DRAFT,
                             skills=list(role.skills.all()), **fields)

    return _each(roles.prefetch_related("skills"), copy)


@transaction.atomic
def claims_release(*, claims: QuerySet, actor) -> int:
    """An orchestrator releases claims: the seats free at once (claim_release checks who).

    No hand-off note is written: the next holder reads notes as the holder's own words; the
    claim's history records who released it."""
    return _each(claims, lambda c: services.claim_release(claim=c, volunteer=actor))


@transaction.atomic
def claims_expire(*, claims: QuerySet, actor) -> int:
    """Expire active claims; claims that are no longer active are left as they are."""
    expired = 0
    for claim in claims.select_related("role").order_by("pk"):
        if not access.is_superuser(actor) and \
                claim.organization_id not in access.managed_org_ids(actor):
            raise NotAllowed("Only orchestrators of this organization can expire its claims.")
        expired += services.claim_expire(claim=claim)
    return expired


@transaction.atomic
def contributions_verify(*, contributions: QuerySet, actor) -> int:
    return _each(contributions,
                 lambda c: services.contribution_verify(contribution=c, verifier=actor))


@transaction.atomic
def contributions_send_back(*, contributions: QuerySet, comment: str, actor) -> int:
    return _each(contributions, lambda c: feedback.contribution_send_back(
        contribution=c, verifier=actor, comment=comment))


@transaction.atomic
def proposals_accept(*, proposals: QuerySet, actor, **role_fields) -> int:
    """Accept each proposal through `proposal_accept` (lead role, supporting roles, offer)."""
    return _each(proposals, lambda p: services.proposal_accept(proposal=p, orchestrator=actor,
                                                               **role_fields))


@transaction.atomic
def proposals_decline(*, proposals: QuerySet, reason: str, actor) -> int:
    return _each(proposals, lambda p: services.proposal_decline(proposal=p, orchestrator=actor,
                                                                reason=reason))
