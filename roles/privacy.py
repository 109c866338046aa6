"""What the roles app holds about a person, for the download and for account deletion.

Registered with people.privacy from RolesConfig.ready(): claims, contributions, the
exchange around them, proposals and the waitlist, and what peers said about the person's
work (their verification and send-back comments). Deletion releases the person's seats
and people.privacy blanks the free text declared in WRITTEN (live and history rows);
evidence pictures are unlinked and their files removed once the deletion commits;
numbers, dates and statuses stay counted.
"""

from __future__ import annotations

from django.db import transaction

from people.models import User
from people.privacy import Written, iso
from roles.models import (
    Claim,
    Contribution,
    InitiativeProposal,
    Proposal,
    Resubmission,
    Role,
    Verification,
    WaitlistEntry,
)
from roles.services import claim_release, waitlist_leave

WRITTEN = (
    Written(Claim, "volunteer", ("handoff_note", "handoff_open", "handoff_ask")),
    # their own link (their evidence picture is a file: unlinked and removed in `erase`)
    Written(Contribution, "claim__volunteer", ("note", "evidence_url")),
    Written(Verification, "verifier", ("comment",)),
    Written(Resubmission, "author", ("note",)),
    Written(Proposal, "author", ("title", "description")),
    Written(Proposal, "decided_by", ("decline_reason",)),  # the orchestrator's words
    Written(InitiativeProposal, "author", ("name", "purpose", "goal_label", "first_roles")),
    Written(InitiativeProposal, "decided_by", ("decline_reason",)),
)
NOT_PERSONAL = {
    "Role": ("title", "responsibility", "success_looks_like"),  # the organization's role text
    "IndicatorValue": ("key",),  # a machine key of an indicator's breakdown
    # Written by the plausibility check (numbers and the organization's indicator names),
    # never by a person; it stays with the counted figures.
    "Contribution": ("held_reason",),
}


def _said_about_my_work(user: User) -> list[dict]:
    """Peers' verdicts and comments on the person's claims and contributions (not who)."""
    about = (Verification.objects.filter(claim__volunteer=user)
             | Verification.objects.filter(contribution__claim__volunteer=user))
    return [{"claim_id": v.claim_id, "contribution_id": v.contribution_id,
             "outcome": v.outcome, "comment": v.comment, "created_at": iso(v.created_at)}
            for v in about.exclude(verifier=user).distinct().order_by("created_at", "id")]


def export(user: User) -> dict:
    claims = Claim.objects.filter(volunteer=user).select_related("role__initiative__organization")
    contributions = Contribution.objects.filter(claim__volunteer=user).select_related(
        "claim__role", "region")
    return {
        "claims": [{
            "id": c.pk, "role": c.role.title, "initiative": c.role.initiative.name,
            "organization": c.role.initiative.organization.name, "status": c.status,
            "claimed_at": iso(c.claimed_at), "completed_at": iso(c.completed_at),
            "verified_at": iso(c.verified_at), "ended_at": iso(c.ended_at),
            "handoff_note": c.handoff_note, "handoff_open": c.handoff_open,
            "handoff_ask": c.handoff_ask,
        } for c in claims],
        "contributions": [{
            "id": c.pk, "claim_id": c.claim_id, "role": c.claim.role.title,
            "date": iso(c.date), "hours": str(c.hours),
            "micro_improvements": c.micro_improvements,
            "region": c.region.name if c.region else None, "note": c.note,
            "evidence_url": c.evidence_url, "has_evidence_image": bool(c.evidence_image),
            "status": c.status,
        } for c in contributions],
        "resubmissions": [
            {"contribution_id": r.contribution_id, "note": r.note,
             "hours_before": str(r.hours_before), "hours_after": str(r.hours_after),
             "created_at": iso(r.created_at)}
            for r in Resubmission.objects.filter(author=user)
        ],
        "said_about_my_work": _said_about_my_work(user),
        "verifications_given": [
            {"outcome": v.outcome, "comment": v.comment, "created_at": iso(v.created_at)}
            for v in Verification.objects.filter(verifier=user)
        ],
        "proposals": [
            {"title": p.title, "description": p.description, "kind": p.kind,
             "status": p.status, "created_at": iso(p.created_at),
             "decline_reason": p.decline_reason}
            for p in Proposal.objects.filter(author=user)
        ],
        "initiative_proposals": [
            {"name": p.name, "purpose": p.purpose, "goal_label": p.goal_label,
             "goal_target": p.goal_target, "first_roles": p.first_roles, "status": p.status,
             "created_at": iso(p.created_at), "decline_reason": p.decline_reason}
            for p in InitiativeProposal.objects.filter(author=user)
        ],
        "waitlist": [
            {"role": w.role.title, "status": w.status, "created_at": iso(w.created_at)}
            for w in WaitlistEntry.objects.filter(volunteer=user).select_related("role")
        ],
    }


def _release_claims(user: User) -> int:
    active = list(Claim.objects.filter(volunteer=user, status=Claim.Status.ACTIVE))
    for claim in active:
        claim_release(claim=claim, volunteer=user)
    return len(active)


def _withdraw_open_requests(user: User) -> None:
    """Pending proposals go; the text of everything else is blanked by people.privacy."""
    Proposal.objects.filter(author=user, status=Proposal.Status.PENDING).delete()
    InitiativeProposal.objects.filter(author=user, status=Proposal.Status.PENDING).delete()
    # Through the service: a declined offer frees its seat in the counter and passes on.
    for entry in WaitlistEntry.objects.filter(volunteer=user, status__in=WaitlistEntry.OPEN):
        waitlist_leave(entry=entry, volunteer=user)


def _remove_evidence_pictures(user: User) -> int:
    """The person's evidence pictures: unlinked now, their files removed after the deletion
    commits (a rolled-back deletion keeps them)."""
    mine = Contribution.objects.filter(claim__volunteer=user).exclude(evidence_image="")
    files = [(c.evidence_image.storage, c.evidence_image.name) for c in mine]
    mine.update(evidence_image="", evidence_image_width=None, evidence_image_height=None)

    def remove_files():
        for storage, name in files:
            storage.delete(name)

    transaction.on_commit(remove_files)
    return len(files)


def erase(user: User) -> dict:
    pictures = _remove_evidence_pictures(user)
    released = _release_claims(user)
    _withdraw_open_requests(user)
    Role.objects.filter(coordinator=user).update(coordinator=None)
    return {"released_claims": released, "evidence_pictures_removed": pictures}
