"""Proposing a whole initiative (issue 20): a volunteer proposes one to an organization; its
orchestrators accept it into a *draft* initiative with a lead role credited to the author (and
the first roles named), or decline it with a reason the author reads.

The lead role's first seat is offered to the author as accepted role proposals do
(`proposals._offer_to_proposer`), but only once the initiative is published: a draft's roles
take no claims. Accepting never makes the author an orchestrator.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext, gettext_noop

from crowddo.errors import Invalid, InvalidState
from initiatives.models import Initiative, Sdg
from people import access
from people.audit import audit_record
from people.models import AuditEvent, Organization, User
from roles import limits
from roles.models import Capability, InitiativeProposal, Role
from roles.services.common import check_note, each
from roles.services.proposals import _offer_to_proposer, _supporting_titles, decline_with_reason
from roles.services.roles import role_create
from roles.signals import initiative_proposed

GOAL_MAX = 10_000_000


@transaction.atomic
def initiative_proposal_submit(*, organization: Organization, author: User, name: str,
                               purpose: str, sdgs=(), goal_label: str = "micro-improvements",
                               goal_target: int = 100, first_roles: str = ""
                               ) -> InitiativeProposal:
    if not (name or "").strip() or not (purpose or "").strip():
        raise Invalid(gettext("An initiative proposal needs a name and a purpose."))
    if len(name.strip()) > limits.TITLE_MAX:
        raise Invalid(gettext("The name may have at most %(n)s characters.")
                      % {"n": limits.TITLE_MAX})
    check_note(purpose, gettext_noop("The purpose"))
    if not isinstance(goal_target, int) or not 1 <= goal_target <= GOAL_MAX:
        raise Invalid(gettext("The goal must be a whole number from 1 to %(n)s.")
                      % {"n": f"{GOAL_MAX:,}"})
    _supporting_titles((first_roles or "").splitlines())  # refuses too many or too long
    proposal = InitiativeProposal.objects.create(
        organization=organization, author=author, name=name.strip(), purpose=purpose.strip(),
        goal_label=(goal_label or "micro-improvements").strip()[:80], goal_target=goal_target,
        first_roles=(first_roles or "").strip())
    proposal.sdgs.set(Sdg.objects.filter(pk__in=[getattr(s, "pk", s) for s in sdgs]))
    initiative_proposed.send(sender=InitiativeProposal, proposal_id=proposal.pk)
    return proposal


def _pending_for_update(proposal: InitiativeProposal, orchestrator) -> InitiativeProposal:
    proposal = InitiativeProposal.objects.select_for_update().get(pk=proposal.pk)
    access.require_manager(orchestrator, proposal.organization_id)
    if proposal.status != InitiativeProposal.Status.PENDING:
        raise InvalidState(gettext("This proposal was %(status)s already.")
                           % {"status": proposal.get_status_display().lower()})
    return proposal


def _free_slug(name: str) -> str:
    base = slugify(name)[:70] or "initiative"
    taken = set(Initiative.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    return next(s for s in (base, *(f"{base}-{i}" for i in range(2, 10_000))) if s not in taken)


@transaction.atomic
def initiative_proposal_accept(*, proposal: InitiativeProposal, orchestrator,
                               hours_per_week: int = 2) -> Initiative:
    """A draft initiative of the organization, its lead role (credited to the author) and one
    role per first role named. Returns the draft initiative."""
    proposal = _pending_for_update(proposal, orchestrator)
    titles = _supporting_titles(proposal.first_roles.splitlines())
    initiative = Initiative.objects.create(
        organization_id=proposal.organization_id, name=proposal.name,
        slug=_free_slug(proposal.name), summary=proposal.purpose[:300],
        purpose=proposal.purpose, goal_label=proposal.goal_label,
        goal_target=proposal.goal_target, status=Initiative.Status.DRAFT)
    initiative.sdgs.set(proposal.sdgs.all())
    lead = role_create(initiative=initiative, actor=orchestrator,
                       title=f"Lead: {proposal.name}"[:limits.TITLE_MAX],
                       responsibility=proposal.name[:240], hours_per_week=hours_per_week,
                       success_looks_like=proposal.purpose, capability=Capability.VISIONING)
    created = [lead.pk] + [
        role_create(initiative=initiative, actor=orchestrator, title=title,
                    responsibility=title[:240], seats=1, hours_per_week=hours_per_week,
                    success_looks_like=f"Supports “{proposal.name}”.",
                    capability=Capability.RELATING).pk
        for title in titles]
    Role.objects.filter(pk__in=created).update(proposed_by=proposal.author)
    proposal.status = InitiativeProposal.Status.ACCEPTED
    proposal.decided_by = orchestrator if isinstance(orchestrator, User) else None
    proposal.decided_at = timezone.now()
    proposal.initiative, proposal.lead_role = initiative, lead
    proposal.save(update_fields=["status", "decided_by", "decided_at", "initiative",
                                 "lead_role"])
    return initiative


@transaction.atomic
def initiative_proposal_decline(*, proposal: InitiativeProposal, orchestrator,
                                reason: str) -> InitiativeProposal:
    return decline_with_reason(_pending_for_update(proposal, orchestrator), orchestrator,
                               reason)


# --- The admin's bulk actions on initiative proposals -----------------------------------------


@transaction.atomic
def initiative_proposals_accept(*, proposals, actor, hours_per_week: int = 2) -> int:
    """Accept each into a draft initiative (`initiative_proposal_accept`), audited."""
    def accept(proposal):
        initiative_proposal_accept(proposal=proposal, orchestrator=actor,
                                   hours_per_week=hours_per_week)
        _audit(AuditEvent.Type.PROPOSALS_ACCEPTED, proposal, actor)
    return each(proposals, accept)


@transaction.atomic
def initiative_proposals_decline(*, proposals, reason: str, actor) -> int:
    def decline(proposal):
        initiative_proposal_decline(proposal=proposal, orchestrator=actor, reason=reason)
        _audit(AuditEvent.Type.PROPOSALS_DECLINED, proposal, actor)
    return each(proposals, decline)


def _audit(event_type: str, proposal: InitiativeProposal, actor) -> None:
    audit_record(event_type=event_type, actor=actor, organization=proposal.organization_id,
                 details={"initiative_proposal_id": proposal.pk})


def offer_lead_seats(initiative_id: int) -> None:
    """The initiative was published: offer each accepted proposal's lead seat to its author
    (once: an author who holds, waits for or was offered it already is skipped)."""
    for proposal in InitiativeProposal.objects.filter(
            initiative_id=initiative_id, status=InitiativeProposal.Status.ACCEPTED,
            lead_role__isnull=False).select_related("lead_role__initiative", "author"):
        role = proposal.lead_role
        if role.claims.filter(volunteer=proposal.author).exists() \
                or role.waitlist.filter(volunteer=proposal.author).exists():
            continue
        _offer_to_proposer(role, proposal.author)
