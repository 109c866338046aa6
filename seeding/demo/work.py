"""Claims, weekly reports and verifications: the demo's work, written through the services and
backdated so the dashboards have weeks of history."""

import datetime as dt
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.utils import timezone

from initiatives.models import Region
from people.models import Membership, User, VolunteerProfile
from roles import services
from roles.models import Claim, Role
from seeding.demo.data import CLAIMS, HISTORY_PEOPLE, HISTORY_WEEKS, PASSWORD, VERIFIERS

VERIFIED_AFTER_DAYS = 7


def _orchestrator_for(role, volunteer):
    """An owner or orchestrator of the role's organization other than the volunteer."""
    membership = (Membership.objects.filter(organization_id=role.organization_id,
                                            level__in=Membership.MANAGING)
                  .exclude(user=volunteer).select_related("user").order_by("id").first())
    return membership.user if membership else None


def claims(users):
    orchestrators = {"bright-schools": users["priya@crowddo.test"],
                     "open-classrooms": users["omar@crowddo.test"]}
    for email, title, work, final in CLAIMS:
        volunteer, role = users[email], Role.objects.get(title=title)
        if Claim.objects.filter(volunteer=volunteer, role=role).exists():
            continue
        claim = services.claim_role(role=role, volunteer=volunteer)
        started = timezone.now() - dt.timedelta(days=max(d for d, _, _ in work) + 1)
        Claim.objects.filter(pk=claim.pk).update(claimed_at=started, last_activity_at=started)
        claim.refresh_from_db()
        verifier = _orchestrator_for(role, volunteer)
        for days_ago, hours, count in work:
            logged = services.contribution_log(
                claim=claim, volunteer=volunteer, hours=Decimal(hours), micro_improvements=count,
                date=timezone.localdate() - dt.timedelta(days=days_ago),
                note="Logged by the demo seed.",
            )
            if days_ago > VERIFIED_AFTER_DAYS and verifier is not None:
                # older work was verified; the last week's still awaits a peer
                services.contribution_verify(contribution=logged, verifier=verifier)
        if final in (Claim.Status.COMPLETED, Claim.Status.VERIFIED):
            services.claim_complete(claim=claim, volunteer=volunteer,
                                    handoff_note="All notes are in the shared sheet.")
        if final == Claim.Status.VERIFIED:
            verifier = orchestrators.get(role.organization.slug) or users["admin@crowddo.test"]
            services.claim_verify(claim=claim, verifier=verifier, comment="Seen in person.")


def _history_claim(volunteer, role, district, pattern, verified):
    claim = services.claim_role(role=role, volunteer=volunteer)
    started = timezone.now() - dt.timedelta(days=7 * HISTORY_WEEKS + 3)
    Claim.objects.filter(pk=claim.pk).update(claimed_at=started, last_activity_at=started)
    claim.refresh_from_db()
    verifier = User.objects.get(email=VERIFIERS[role.organization.slug])
    region = Region.objects.get(name=district)
    for week in range(HISTORY_WEEKS):
        days_ago = 7 * (HISTORY_WEEKS - week) - pattern % 3
        work = services.contribution_log(
            claim=claim, volunteer=volunteer, hours=Decimal(1 + (week + pattern) % 3),
            micro_improvements=2 + (pattern * (week + 1)) % 9, region=region,
            date=timezone.localdate() - dt.timedelta(days=days_ago), note="Weekly report.",
        )
        if days_ago > 14:
            services.contribution_verify(contribution=work, verifier=verifier)
    if verified:
        services.claim_complete(claim=claim, volunteer=volunteer, handoff_note="Notes shared.")
        services.claim_verify(claim=claim, verifier=verifier, comment="Seen the tally sheets.")


def dashboard_history():
    for email, name, claims, verified in HISTORY_PEOPLE:
        volunteer = User.objects.filter(email=email).first()
        if volunteer is None:
            volunteer = User.objects.create_user(email, PASSWORD, display_name=name,
                                                 show_in_reports=True)
            EmailAddress.objects.get_or_create(
                user=volunteer, email=email, defaults={"verified": True, "primary": True})
        VolunteerProfile.objects.update_or_create(user=volunteer,
                                                  defaults={"weekly_capacity_hours": 6})
        for title, district, pattern in claims:
            role = Role.objects.get(title=title)
            if not Claim.objects.filter(volunteer=volunteer, role=role).exists():
                _history_claim(volunteer, role, district, pattern, verified)
