"""Demo data drawn from the seed articles. Idempotent: running it again changes nothing.

A collective of three school organizations improving schools district by district
toward one shared goal ("Every School Improving", after the Punjab Education
Collective and Teach For All), an environmental open-data initiative (after
MapBiomas), a housing initiative (after Built for Zero), and volunteers holding
micro-leadership roles across the four capabilities.
"""

import datetime as dt
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from initiatives.models import (
    Collective,
    CollectiveMembership,
    Decision,
    Initiative,
    Region,
    Resource,
)
from people.models import Membership, Organization, Skill, User, VolunteerProfile
from roles import services
from roles.models import Claim, Role
from seeding import demo_indicators
from seeding.demo_outcomes import seed_outcomes

PASSWORD = "crowddo-demo"  # noqa: S105 (demo only; printed and created only when DEBUG)

ORGS = {
    "bright-schools": ("Bright Schools Network", "A network of public schools in Punjab."),
    "open-classrooms": ("Open Classrooms Trust", "Teachers sharing practice across districts."),
    "district-learning": ("District Learning Alliance",
                          "Parents and officials for better schools."),
    "open-land-data": ("Open Land Data", "Open maps of land cover, made by volunteers."),
    "homes-for-all": ("Homes for All Coalition", "Ending street homelessness, street by street."),
}

PEOPLE = [
    # email, display name, capacity, org slug or None, membership level
    ("admin@crowddo.test", "Site admin", 4, None, None),
    ("priya@crowddo.test", "Priya (orchestrator)", 6, "bright-schools", "owner"),
    ("tomas@crowddo.test", "Tomás (orchestrator)", 6, "open-land-data", "owner"),
    ("grace@crowddo.test", "Grace (orchestrator)", 6, "homes-for-all", "owner"),
    ("omar@crowddo.test", "Omar", 4, "open-classrooms", "owner"),
    ("lena@crowddo.test", "Lena", 4, "district-learning", "owner"),
    ("asha@crowddo.test", "Asha", 6, "bright-schools", "member"),
    ("ben@crowddo.test", "Ben", 4, "open-classrooms", "member"),
    ("chidi@crowddo.test", "Chidi", 5, "open-land-data", "member"),
    ("dana@crowddo.test", "Dana", 4, None, None),
]

REGIONS = {
    "India": {"Punjab": ["Ludhiana", "Amritsar", "Patiala"]},
    "Brazil": {"Pará": ["Belém", "Santarém"], "Amazonas": ["Manaus"]},
    "United States": {"Illinois": ["Rockford"]},
}

SKILLS = ["Facilitation", "Data analysis", "Mapping (GIS)", "Writing", "Teaching",
          "Outreach", "Design", "Spreadsheets"]

INITIATIVES = [
    # slug, org, name, summary, sdgs, target, region path, collective?, public
    ("school-improvement-ludhiana", "bright-schools", "Every classroom a little better: Ludhiana",
     "Teachers and parents make small, visible improvements to school practice.",
     [4, 10], 400, ("India", "Punjab", "Ludhiana"), True, True),
    ("teacher-circles-amritsar", "open-classrooms", "Teacher circles in Amritsar",
     "Weekly peer circles where teachers try one micro-improvement and report back.",
     [4], 300, ("India", "Punjab", "Amritsar"), True, True),
    ("parent-voices-patiala", "district-learning", "Parent voices in Patiala",
     "Parents run short school walks and turn what they see into improvement ideas.",
     [4, 16], 300, ("India", "Punjab", "Patiala"), True, True),
    ("mapping-land-cover", "open-land-data", "Mapping land cover, region by region",
     "Volunteers check satellite land-cover maps against what is on the ground.",
     [13, 15, 17], 1000, ("Brazil", "Pará", "Belém"), False, True),
    ("built-for-zero-rockford", "homes-for-all", "Functional zero in Rockford",
     "A by-name list of everyone without a home, updated every week.",
     [1, 11], 200, ("United States", "Illinois", "Rockford"), False, True),
    ("board-succession", "homes-for-all", "Board succession planning (internal)",
     "Private: preparing the next generation of board members.",
     [16], 10, None, False, False),
]

ROLES = [
    # initiative slug, title, responsibility, capability, hours, seats, skills, remote
    ("school-improvement-ludhiana", "Classroom walk-through lead",
     "Run one short classroom walk-through a week and note one thing that works.",
     "sensemaking", 2, 3, ["Teaching"], False),
    ("school-improvement-ludhiana", "Improvement story writer",
     "Turn each week's verified improvements into a short story for parents.",
     "relating", 2, 2, ["Writing"], True),
    ("school-improvement-ludhiana", "Progress data steward",
     "Keep the district's micro-improvement sheet accurate and up to date.",
     "sensemaking", 1, 1, ["Spreadsheets", "Data analysis"], True),
    ("teacher-circles-amritsar", "Teacher circle host",
     "Host one 45-minute teacher circle a week and log what was tried.",
     "relating", 2, 4, ["Facilitation", "Teaching"], False),
    ("teacher-circles-amritsar", "Practice library curator",
     "Collect the practices that worked into a shared, searchable toolkit.",
     "inventing", 2, 1, ["Writing"], True),
    ("parent-voices-patiala", "School walk organizer",
     "Organize one parent school walk a month and gather the ideas it produces.",
     "visioning", 2, 2, ["Outreach"], False),
    ("parent-voices-patiala", "Idea-to-action tracker",
     "Follow each parent idea until the school says yes, no or later.",
     "inventing", 1, 2, ["Spreadsheets"], True),
    ("mapping-land-cover", "Field validation lead (Belém)",
     "Check ten map tiles a week against field photos and flag mismatches.",
     "sensemaking", 3, 5, ["Mapping (GIS)"], True),
    ("mapping-land-cover", "Method explainer",
     "Explain the land-cover method to new partners in plain words.",
     "visioning", 2, 2, ["Writing", "Design"], True),
    ("built-for-zero-rockford", "By-name list keeper",
     "Keep the weekly by-name list current with the outreach teams.",
     "sensemaking", 3, 2, ["Spreadsheets"], False),
    ("built-for-zero-rockford", "Landlord outreach lead",
     "Meet one landlord a week to open homes for people on the list.",
     "relating", 2, 3, ["Outreach"], False),
    ("board-succession", "Board mentor",
     "Mentor one future board member through a quarter.",
     "visioning", 1, 2, [], True),
]

CLAIMS = [
    # volunteer, role title, contributions [(days ago, hours, count)], final state
    ("asha@crowddo.test", "Classroom walk-through lead", [(20, 2, 6), (13, 2, 9), (6, 2, 7)],
     "verified"),
    ("asha@crowddo.test", "Progress data steward", [(9, 1, 3), (2, 1, 4)], "active"),
    ("ben@crowddo.test", "Teacher circle host", [(15, 2, 5), (8, 2, 8), (1, 2, 6)], "completed"),
    ("ben@crowddo.test", "Classroom walk-through lead", [(5, 2, 4)], "active"),
    ("chidi@crowddo.test", "Field validation lead (Belém)", [(18, 3, 10), (11, 3, 12), (4, 3, 9)],
     "active"),
    ("dana@crowddo.test", "Idea-to-action tracker", [(7, 1, 2)], "active"),
    ("omar@crowddo.test", "Improvement story writer", [(10, 2, 3)], "active"),
]


def _region(path):
    node = None
    for name in path or ():
        node = Region.objects.get(name=name, parent=node)
    return node


def _users():
    users = {}
    for email, name, capacity, org_slug, level in PEOPLE:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, PASSWORD, display_name=name)
        if email.startswith("admin@"):
            User.objects.filter(pk=user.pk).update(is_staff=True, is_superuser=True)
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        VolunteerProfile.objects.update_or_create(
            user=user, defaults={"weekly_capacity_hours": capacity}
        )
        if org_slug:
            Membership.objects.get_or_create(
                user=user, organization=Organization.objects.get(slug=org_slug),
                defaults={"level": level},
            )
        users[email] = user
    return users


def _base():
    for slug, (name, description) in ORGS.items():
        Organization.objects.get_or_create(slug=slug, defaults={"name": name,
                                                                "description": description})
    for country, states in REGIONS.items():
        c, _ = Region.objects.get_or_create(name=country, parent=None,
                                            defaults={"slug": _slug(country), "level": "country"})
        for state, districts in states.items():
            s, _ = Region.objects.get_or_create(name=state, parent=c,
                                                defaults={"slug": _slug(state), "level": "state"})
            for district in districts:
                Region.objects.get_or_create(name=district, parent=s,
                                             defaults={"slug": _slug(district),
                                                       "level": "district"})
    for name in SKILLS:
        Skill.objects.get_or_create(slug=_slug(name), defaults={"name": name})


def _slug(text):
    from django.utils.text import slugify

    return slugify(text)


def _collective():
    coordinator = Organization.objects.get(slug="bright-schools")
    collective, _ = Collective.objects.get_or_create(
        slug="every-school-improving",
        defaults={
            "name": "Every School Improving (Punjab)", "coordinator": coordinator,
            "summary": "Three organizations, one goal: 1,000 micro-improvements in Punjab's "
                       "schools, tracked district by district on one shared dashboard.",
            "goal_target": 1000,
        },
    )
    collective.sdgs.add(4)
    for slug in ("bright-schools", "open-classrooms", "district-learning"):
        CollectiveMembership.objects.get_or_create(
            collective=collective, organization=Organization.objects.get(slug=slug),
            defaults={"status": "active", "accepted_at": timezone.now()},
        )
    Decision.objects.get_or_create(
        collective=collective, title="Count a micro-improvement only after a peer verifies it",
        defaults={"organization": coordinator, "decided_on": dt.date(2026, 9, 1),
                  "decided_by": "Collective steering circle",
                  "rationale": "Peer verification keeps the shared number honest."},
    )
    Resource.objects.get_or_create(
        collective=collective, title="Classroom walk-through toolkit",
        defaults={"organization": coordinator, "url": "https://example.org/walkthrough-toolkit",
                  "description": "A one-page guide and a tally sheet."},
    )
    return collective


def _initiatives(collective):
    for slug, org, name, summary, sdgs, target, region, in_collective, public in INITIATIVES:
        initiative, _ = Initiative.objects.get_or_create(
            slug=slug,
            defaults={"organization": Organization.objects.get(slug=org), "name": name,
                      "summary": summary, "goal_target": target, "status": "active",
                      "is_public": public, "region": _region(region),
                      "collective": collective if in_collective else None},
        )
        initiative.sdgs.add(*sdgs)
    for slug, title, responsibility, capability, hours, seats, skills, remote in ROLES:
        initiative = Initiative.objects.get(slug=slug)
        role, created = Role.objects.get_or_create(
            initiative=initiative, title=title,
            defaults={"responsibility": responsibility, "capability": capability,
                      "hours_per_week": hours, "seats": seats, "is_remote": remote,
                      "region": initiative.region,
                      "success_looks_like": "Done every week, written down, seen by a peer."},
        )
        if created:
            role.skills.set(Skill.objects.filter(name__in=skills))


def _claims(users):
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
        for days_ago, hours, count in work:
            services.contribution_log(
                claim=claim, volunteer=volunteer, hours=Decimal(hours), micro_improvements=count,
                date=timezone.localdate() - dt.timedelta(days=days_ago),
                note="Logged by the demo seed.",
            )
        if final in ("completed", "verified"):
            services.claim_complete(claim=claim, volunteer=volunteer,
                                    handoff_note="All notes are in the shared sheet.")
        if final == "verified":
            verifier = orchestrators.get(role.organization.slug) or users["admin@crowddo.test"]
            services.claim_verify(claim=claim, verifier=verifier, comment="Seen in person.")


# --- dashboards: weeks of backdated work across Punjab's districts, so the shared dashboard,
# its region drill-down and the "State of the collective" report have a history to show.

HISTORY_PEOPLE = [
    # email, display name, [(role title, district, weekly micro-improvement pattern)], verified?
    ("harpreet@crowddo.test", "Harpreet", [("Classroom walk-through lead", "Ludhiana", 5)], True),
    ("ishaan@crowddo.test", "Ishaan", [("Teacher circle host", "Amritsar", 3)], True),
    ("jaspreet@crowddo.test", "Jaspreet", [("Teacher circle host", "Amritsar", 7)], False),
    ("kiran@crowddo.test", "Kiran", [("School walk organizer", "Patiala", 4),
                                     ("Teacher circle host", "Amritsar", 2)], False),
    ("manpreet@crowddo.test", "Manpreet", [("Improvement story writer", "Ludhiana", 6)], True),
    ("navdeep@crowddo.test", "Navdeep", [("Idea-to-action tracker", "Patiala", 8)], False),
]
HISTORY_WEEKS = 12
VERIFIERS = {"bright-schools": "priya@crowddo.test", "open-classrooms": "omar@crowddo.test",
             "district-learning": "lena@crowddo.test"}


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


def _dashboard_history():
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
def _volunteer_extras(users):
    """What the volunteer pages show beyond claims: a waitlist, a proposal, a local record."""
    from roles.models import Proposal, WaitlistEntry

    dana, full = users["dana@crowddo.test"], Role.objects.get(title="Progress data steward")
    if not WaitlistEntry.objects.filter(role=full, volunteer=dana).exists():
        services.waitlist_join(role=full, volunteer=dana)
    ludhiana = Initiative.objects.get(slug="school-improvement-ludhiana")
    if not Proposal.objects.filter(initiative=ludhiana, author=dana).exists():
        services.proposal_submit(
            initiative=ludhiana, author=dana, kind="improvement",
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


def _apprentices(users):
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


def _feedback_demo(users):
    """One contribution sent back with a comment (issue 10): Asha, who held the walk-through
    role before Ben, asks him for a detail; Ben sees it under "Needs changes" on /me/."""
    from roles.models import Contribution
    from roles.services import feedback

    work = Contribution.objects.filter(
        claim__volunteer=users["ben@crowddo.test"],
        claim__role__title="Classroom walk-through lead").order_by("date").first()
    if work is None or work.verifications.exists():
        return
    feedback.contribution_send_back(
        contribution=work, verifier=users["asha@crowddo.test"],
        comment="Which classes did you visit? Name them, so the next lead can follow up.")


def _rotation(users):
    """Ben holds a role with an 8-week term ending in 5 days (renew or hand over on /me/) and
    reads Asha's hand-off on the role page. Safe to run twice."""
    role = Role.objects.get(title="Classroom walk-through lead")
    if role.term_weeks is None:
        Role.objects.filter(pk=role.pk).update(term_weeks=8)
    Claim.objects.filter(role=role, volunteer=users["asha@crowddo.test"], handoff_open="").update(
        handoff_open="Grade 7 walk-throughs not yet scheduled.",
        handoff_ask="Priya (Bright Schools) knows the head teachers.")
    Claim.objects.filter(role=role, volunteer=users["ben@crowddo.test"], status="active",
                         term_ends_at__isnull=True).update(
        term_ends_at=timezone.now() + dt.timedelta(days=5))


@transaction.atomic
def seed() -> dict[str, int]:
    _base()
    users = _users()
    collective = _collective()
    _initiatives(collective)
    _claims(users)
    _dashboard_history()
    seed_governance(users)  # governance (issue 11)
    demo_indicators.seed_indicators(users)  # indicator registry (issue 10)
    _volunteer_extras(users)
    _apprentices(users)
    _feedback_demo(users)
    _rotation(users)  # hand-offs and terms (issue 10)
    seed_outcomes(users)  # issue 10: a closed initiative, a proposal turned into a lead role
    return {
        "organizations": Organization.objects.count(),
        "initiatives": Initiative.objects.count(),
        "roles": Role.objects.count(),
        "claims": Claim.objects.count(),
        "people": User.objects.count(),
    }


# --- Governance demo (issue 11): charter, commitments, coverage with gaps, stories ----------

THEMES = ["Classroom practice", "Parent engagement", "Teacher circles"]
COVERED = [  # (district, theme, organization) — the rest of the grid stays a visible gap
    ("Ludhiana", "Classroom practice", "bright-schools"),
    ("Ludhiana", "Parent engagement", "bright-schools"),
    ("Amritsar", "Teacher circles", "open-classrooms"),
    ("Amritsar", "Classroom practice", "open-classrooms"),
    ("Patiala", "Parent engagement", "district-learning"),
    ("Ludhiana", "Teacher circles", "open-classrooms"),
]


def _demo_picture():
    """A small generated PNG (sunrise colours) so the demo needs no binary file in git."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (480, 270), (252, 226, 180))
    draw = ImageDraw.Draw(img)
    draw.ellipse((170, 120, 310, 260), fill=(240, 150, 40))
    draw.rectangle((0, 200, 480, 270), fill=(60, 120, 80))
    buffer = io.BytesIO()
    img.save(buffer, "PNG")
    return SimpleUploadedFile("demo.png", buffer.getvalue(), content_type="image/png")


def _governance_charter(collective, users):
    from governance import services as governance
    from governance.models import Charter, Commitment

    priya = users["priya@crowddo.test"]
    if not Charter.objects.filter(collective=collective).exists():
        governance.charter_update(
            collective=collective, actor=priya, decided_by="Collective steering circle",
            purpose="Every school in Punjab improving a little every week, and every "
                    "improvement counted once, by a peer.",
            theory_of_change="Many small, verified improvements, owned by teachers and "
                             "parents, add up to better schools faster than any one big plan.",
            principles="Tools, not rules\nCount only what a peer has verified\n"
                       "Locally driven, globally supported\nTell what happened, not only how much",
            rationale="Adopted by the three founding organizations.")
        for email, slug in (("priya@crowddo.test", "bright-schools"),
                            ("omar@crowddo.test", "open-classrooms")):
            governance.charter_accept(collective=collective, actor=users[email],
                                      organization=Organization.objects.get(slug=slug))
    if not Commitment.objects.filter(collective=collective).exists():
        today = timezone.localdate()
        governance.commitment_create(
            collective=collective, actor=priya, kind=Commitment.Kind.MONTHLY_REPORT,
            title="Each member organization reports district figures monthly",
            region=Region.objects.get(name="Punjab"), starts_on=today.replace(day=1))
        governance.commitment_create(
            collective=collective, actor=priya, kind=Commitment.Kind.VERIFY_WITHIN,
            title="Verify contributions within 7 days", limit_days=7)
        governance.commitment_create(
            collective=collective, actor=priya, kind=Commitment.Kind.MARKED,
            title="Publish the quarterly state of the collective",
            owner=Organization.objects.get(slug="bright-schools"),
            due_on=today + dt.timedelta(days=10))


def _governance_coverage(collective, users):
    from governance import services as governance
    from governance.models import CoverageClaim, Theme

    priya = users["priya@crowddo.test"]
    if Theme.objects.filter(collective=collective).exists():
        return
    themes = {n: governance.theme_create(collective=collective, actor=priya, name=n)
              for n in THEMES}
    pieces = {}
    for district in ("Ludhiana", "Amritsar", "Patiala"):
        for name, theme in themes.items():
            pieces[(district, name)] = governance.coverage_piece_define(
                collective=collective, actor=priya, theme=theme,
                region=Region.objects.get(name=district))
    owners = {"bright-schools": "priya@crowddo.test", "open-classrooms": "omar@crowddo.test",
              "district-learning": "lena@crowddo.test"}
    for district, theme, slug in COVERED:
        if not CoverageClaim.objects.filter(piece=pieces[(district, theme)],
                                            organization__slug=slug).exists():
            governance.coverage_claim(piece=pieces[(district, theme)], actor=users[owners[slug]],
                                      organization=Organization.objects.get(slug=slug))


def _governance_stories(collective, users):
    from governance import services as governance
    from governance.models import Story
    from roles.models import Contribution

    if Story.objects.filter(collective=collective).exists():
        return
    asha, priya = users["asha@crowddo.test"], users["priya@crowddo.test"]
    work = Contribution.objects.filter(
        claim__volunteer=asha, claim__role__title="Classroom walk-through lead").order_by("date")
    first = work.first()
    if first.status != Contribution.Status.VERIFIED:
        services.contribution_verify(contribution=first, verifier=priya, comment="Seen it.")
    story = governance.story_attach(
        actor=asha, contribution=first, title="The reading corner in Class 4",
        text="On my walk-through, Class 4 had turned a cupboard into a reading corner. "
             "Three other classes copied it within a week.",
        image=_demo_picture(), image_alt="A drawing of a sunrise over green fields")
    moment = governance.story_attach(
        actor=priya, collective=collective, organization=Organization.objects.get(
            slug="bright-schools"), moment="The first 50 verified micro-improvements",
        title="Fifty small things, one shared number",
        text="Fifty improvements, each seen by a peer, across two districts in a month.")
    for s in (story, moment):
        governance.story_feature(story=s, actor=priya)


def seed_governance(users) -> None:
    """Charter, commitments, coverage (with gaps) and stories for the demo collective."""
    from governance import commitment_status

    collective = Collective.objects.get(slug="every-school-improving")
    _governance_charter(collective, users)
    _governance_coverage(collective, users)
    _governance_stories(collective, users)
    for commitment in collective.commitments.all():
        commitment_status.refresh_commitment(commitment)
