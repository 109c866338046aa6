"""Outcomes in the demo: a closed initiative with its outcome, and an accepted proposal whose
author holds the lead role. Idempotent, like the rest of the seed."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from initiatives import services as initiative_services
from initiatives.models import Initiative
from people.models import Organization
from roles import services
from roles.models import Capability, Claim, Proposal, Role, WaitlistEntry

CLOSED_SLUG = "winter-coats-rockford"
OUTCOME = ("412 warm coats reached people on Rockford's by-name list before the first frost. "
           "Two laundromats now keep a standing collection box, so the drive carries on "
           "without us.")
PROPOSAL_TITLE = "Parent reading corner at pick-up"


def _closed_initiative(users) -> None:
    if Initiative.objects.filter(slug=CLOSED_SLUG, status=Initiative.Status.CLOSED).exists():
        return
    initiative, _ = Initiative.objects.get_or_create(
        slug=CLOSED_SLUG,
        defaults={"organization": Organization.objects.get(slug="homes-for-all"),
                  "name": "Warm winter: a coat drive in Rockford",
                  "status": Initiative.Status.ACTIVE,
                  "summary": "Collect and hand out winter coats to everyone on the list.",
                  "goal_label": "coats handed out", "goal_target": 400, "is_public": True},
    )
    role, _ = Role.objects.get_or_create(
        initiative=initiative, title="Coat drive coordinator",
        defaults={"organization_id": initiative.organization_id,
                  "capability": Capability.RELATING,
                  "responsibility": "Run one collection point and log the coats handed out.",
                  "hours_per_week": 1, "seats": 2},
    )
    dana = users["dana@crowddo.test"]
    claim = role.claims.filter(volunteer=dana).first() or services.claim_role(
        role=role, volunteer=dana)
    if not claim.contributions.exists():
        started = timezone.now() - dt.timedelta(days=30)
        Claim.objects.filter(pk=claim.pk).update(claimed_at=started, last_activity_at=started)
        claim.refresh_from_db()
        services.contribution_log(claim=claim, volunteer=dana, hours=Decimal(1),
                                  micro_improvements=12, note="Logged by the demo seed.",
                                  date=timezone.localdate() - dt.timedelta(days=20))
    initiative_services.initiative_close(initiative=initiative, actor=users["grace@crowddo.test"],
                              outcome=OUTCOME)


def _proposal_to_leadership(users) -> None:
    """Asha proposed a role, Priya accepted it, Asha took the lead role's seat."""
    if Proposal.objects.filter(title=PROPOSAL_TITLE).exists():
        return
    asha = users["asha@crowddo.test"]
    proposal = services.proposal_submit(
        initiative=Initiative.objects.get(slug="school-improvement-ludhiana"), author=asha,
        title=PROPOSAL_TITLE,
        description="A weekly corner where parents read with children while they wait.")
    lead = services.proposal_accept(proposal=proposal, orchestrator=users["priya@crowddo.test"],
                                    hours_per_week=1, seats=2, capability=Capability.RELATING,
                                    supporting_titles=["Book collector"])
    services.waitlist_offer_accept(entry=WaitlistEntry.objects.get(role=lead, volunteer=asha),
                                   volunteer=asha)


def seed(users) -> None:
    _closed_initiative(users)
    _proposal_to_leadership(users)
