"""Proposals: a volunteer proposes a role or a micro-improvement; a manager accepts it (it
becomes a lead role, credited to its author, who is offered its first seat) or declines it
with a reason the proposer reads."""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from crowddo.errors import Invalid, InvalidState, NotAllowed
from initiatives.access import visible_initiatives
from initiatives.models import Initiative
from people import access
from people.audit import audit_record
from people.models import AuditEvent, User
from roles import limits
from roles.models import Capability, Proposal, Role, WaitlistEntry
from roles.services import seats
from roles.services.common import check_note, each
from roles.services.roles import role_create
from roles.services.waitlist import seat_offer


@transaction.atomic
def proposal_submit(*, initiative: Initiative, author: User, title: str, description: str,
                    kind: str = Proposal.Kind.ROLE) -> Proposal:
    """A volunteer proposes a role or a micro-improvement in an initiative they can see."""
    visible = visible_initiatives(Initiative.objects.filter(pk=initiative.pk), author)
    if not visible.exists() or initiative.status != Initiative.Status.ACTIVE:
        raise NotAllowed(gettext("This initiative does not take proposals right now."))
    if not title.strip() or not description.strip():
        raise Invalid(gettext("A proposal needs a title and a description."))
    if len(title.strip()) > limits.TITLE_MAX:
        raise Invalid(gettext("A proposal's title may have at most %(n)s characters.")
                      % {"n": limits.TITLE_MAX})
    check_note(description, gettext_noop("The description"))
    return Proposal.objects.create(
        organization_id=initiative.organization_id, initiative=initiative, author=author,
        title=title.strip(), description=description.strip(), kind=kind,
    )


def _pending_proposal_for_update(proposal: Proposal, orchestrator) -> Proposal:
    proposal = Proposal.objects.select_for_update().select_related("initiative").get(
        pk=proposal.pk
    )
    access.require_manager(orchestrator, proposal.organization_id)
    if proposal.status != Proposal.Status.PENDING:
        raise InvalidState(gettext("This proposal was %(status)s already.")
                           % {"status": proposal.get_status_display().lower()})
    return proposal


def _supporting_titles(titles) -> list[str]:
    titles = [t.strip() for t in (titles or ()) if t and t.strip()]
    if len(titles) > limits.MAX_SUPPORTING_ROLES:
        raise Invalid(gettext("At most %(n)s supporting roles, one title per line.")
                      % {"n": limits.MAX_SUPPORTING_ROLES})
    if any(len(t) > limits.TITLE_MAX for t in titles):
        raise Invalid(gettext("A supporting role's title may have at most %(n)s characters.")
                      % {"n": limits.TITLE_MAX})
    return titles


@transaction.atomic
def proposal_accept(*, proposal: Proposal, orchestrator, supporting_titles=(),
                    **role_fields) -> Role:
    """Accept: the proposal becomes its lead role (credited to its author) and optional
    supporting roles (one per title, same hours and capability, one seat each), all linked to
    it. The author is offered the lead role's first seat for `limits.PROPOSER_OFFER_HOLD` (an
    ordinary seat offer: accepted or declined on /me/, the burnout guard applies on accept).
    Returns the lead role.
    """
    proposal = _pending_proposal_for_update(proposal, orchestrator)
    initiative = proposal.initiative
    if initiative.status != Initiative.Status.ACTIVE:
        # A closed initiative takes no new roles; the proposal can still be declined.
        raise InvalidState(gettext("This initiative is %(status)s, so it takes no new roles. "
                                   "Decline it with a reason instead: the proposer will read "
                                   "it.") % {"status": initiative.get_status_display().lower()})
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
    """Hold the lead role's first seat for the author, if it takes claims and has a seat free."""
    role = seats.lock_role(role)
    if not author.is_active or not role.takes_claims or seats.seats_free(role) <= 0:
        return
    seat_offer(role=role, volunteer=author, via=WaitlistEntry.Via.PROPOSAL,
               hold=limits.PROPOSER_OFFER_HOLD)


def decline_with_reason(proposal, orchestrator, reason: str):
    """Decline a pending proposal (of a role or of an initiative), already locked: a reason
    the proposer will read is required and bounded; who decided and when are kept."""
    if not (reason or "").strip():
        raise Invalid(gettext("Say why the proposal is declined: the proposer will read it."))
    check_note(reason, gettext_noop("The reason"))
    proposal.status = type(proposal).Status.DECLINED
    proposal.decline_reason = reason.strip()
    proposal.decided_by = orchestrator if isinstance(orchestrator, User) else None
    proposal.decided_at = timezone.now()
    proposal.save(update_fields=["status", "decline_reason", "decided_by", "decided_at"])
    return proposal


@transaction.atomic
def proposal_decline(*, proposal: Proposal, orchestrator, reason: str) -> Proposal:
    return decline_with_reason(_pending_proposal_for_update(proposal, orchestrator),
                               orchestrator, reason)


# --- The admin's bulk actions on proposals --------------------------------------------------


@transaction.atomic
def proposals_accept(*, proposals: QuerySet, actor, **role_fields) -> int:
    """Accept each proposal through `proposal_accept` (lead role, supporting roles, offer)."""
    def accept(proposal):
        proposal_accept(proposal=proposal, orchestrator=actor, **role_fields)
        _audit(AuditEvent.Type.PROPOSALS_ACCEPTED, proposal, actor)
    return each(proposals, accept)


@transaction.atomic
def proposals_decline(*, proposals: QuerySet, reason: str, actor) -> int:
    def decline(proposal):
        proposal_decline(proposal=proposal, orchestrator=actor, reason=reason)
        _audit(AuditEvent.Type.PROPOSALS_DECLINED, proposal, actor)
    return each(proposals, decline)


def _audit(event_type: str, proposal: Proposal, actor) -> None:
    audit_record(event_type=event_type, actor=actor,
                 organization=proposal.initiative.organization_id,
                 details={"proposal_id": proposal.pk})
