"""What the volunteer pages show beyond claims: a waitlist, a proposal, an apprentice, work
sent back with a comment, and a term ending soon with a hand-off to read."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from initiatives.models import Decision, Initiative, Resource
from roles import services
from roles.models import Claim, Contribution, Proposal, Role, WaitlistEntry


def extras(users):
    """What the volunteer pages show beyond claims: a waitlist, a proposal, a local record."""
    dana, full = users["dana@crowddo.test"], Role.objects.get(title="Progress data steward")
    if not WaitlistEntry.objects.filter(role=full, volunteer=dana).exists():
        services.waitlist_join(role=full, volunteer=dana)
    ludhiana = Initiative.objects.get(slug="school-improvement-ludhiana")
    if not Proposal.objects.filter(initiative=ludhiana, author=dana).exists():
        services.proposal_submit(
            initiative=ludhiana, author=dana, kind=Proposal.Kind.IMPROVEMENT,
            title="A five-minute parent corner at pick-up time",
            description="One parent volunteer answers questions at the gate once a week.")
    Decision.objects.get_or_create(
        initiative=ludhiana, title="Walk-throughs note strengths before gaps",
        defaults={"organization": ludhiana.organization, "decided_on": dt.date(2026, 10, 6),
                  "decided_by": "Ludhiana teacher circle",
                  "rationale": "Teachers asked for it; it keeps walk-throughs welcome."})
    Resource.objects.get_or_create(
        initiative=ludhiana, title="Weekly improvement sheet (template)",
        defaults={"organization": ludhiana.organization,
                  "url": "https://example.org/improvement-sheet",
                  "description": "One row per micro-improvement, with who verified it."})


def apprentices(users):
    """A full role with two apprentice seats: Chidi learns it beside Asha, its holder, and is
    offered Asha's seat before Dana (on the waitlist) when it frees."""
    role = Role.objects.get(title="Progress data steward")
    Role.objects.filter(pk=role.pk, apprentice_seats__lt=2).update(apprentice_seats=2)
    chidi = users["chidi@crowddo.test"]
    if not Claim.objects.filter(role=role, volunteer=chidi).exists():
        claim = services.claim_role(role=role, volunteer=chidi, kind=Claim.Kind.APPRENTICE)
        services.contribution_log(claim=claim, volunteer=chidi, hours=Decimal(1),
                                  micro_improvements=1, date=timezone.localdate(),
                                  note="Checked this week's sheet with Asha.")


def sent_back_work(users):
    """One contribution sent back with a comment: Asha, who held the walk-through role before
    Ben, asks him for a detail; Ben sees it under "Needs changes" on /me/."""
    work = Contribution.objects.filter(
        claim__volunteer=users["ben@crowddo.test"],
        claim__role__title="Classroom walk-through lead").order_by("date").first()
    if work is None or work.verifications.exists():
        return
    services.contribution_send_back(
        contribution=work, verifier=users["asha@crowddo.test"],
        comment="Which classes did you visit? Name them, so the next lead can follow up.")


def rotation(users):
    """Ben holds a role with an 8-week term ending in 5 days (renew or hand over on /me/) and
    reads Asha's hand-off on the role page. Safe to run twice."""
    role = Role.objects.get(title="Classroom walk-through lead")
    if role.term_weeks is None:
        Role.objects.filter(pk=role.pk).update(term_weeks=8)
    Claim.objects.filter(role=role, volunteer=users["asha@crowddo.test"], handoff_open="").update(
        handoff_open="Grade 7 walk-throughs not yet scheduled.",
        handoff_ask="Priya (Bright Schools) knows the head teachers.")
    Claim.objects.filter(role=role, volunteer=users["ben@crowddo.test"],
                         status=Claim.Status.ACTIVE,
                         term_ends_at__isnull=True).update(
        term_ends_at=timezone.now() + dt.timedelta(days=5))


def held_report(users):
    """One report far above the usual, held for review: Ben logs 300 micro-improvements for
    the teacher circles, where verified weekly reports are in the single digits; he reads why
    on /me/, and an orchestrator confirms or sends it back in the admin."""
    claim = Claim.objects.filter(volunteer=users["ben@crowddo.test"],
                                 role__title="Teacher circle host").first()
    if claim is None or claim.contributions.filter(status=Contribution.Status.HELD).exists():
        return
    services.contribution_log(claim=claim, volunteer=users["ben@crowddo.test"],
                              hours=Decimal(2), micro_improvements=300,
                              date=timezone.localdate(), note="Every circle this term.")
