"""The demo's cast and content, drawn from the seed articles: organizations, people, regions,
skills, initiatives, roles and the claims and weekly reports that give the dashboards a
history. Plain data; the other modules of `seeding.demo` write it through the services."""

from people.models import Membership
from roles.models import Capability, Claim

OWNER, MEMBER = Membership.Level.OWNER, Membership.Level.MEMBER

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
    ("priya@crowddo.test", "Priya (orchestrator)", 6, "bright-schools", OWNER),
    ("tomas@crowddo.test", "Tomás (orchestrator)", 6, "open-land-data", OWNER),
    ("grace@crowddo.test", "Grace (orchestrator)", 6, "homes-for-all", OWNER),
    ("omar@crowddo.test", "Omar", 4, "open-classrooms", OWNER),
    ("lena@crowddo.test", "Lena", 4, "district-learning", OWNER),
    ("asha@crowddo.test", "Asha", 6, "bright-schools", MEMBER),
    ("ben@crowddo.test", "Ben", 4, "open-classrooms", MEMBER),
    ("chidi@crowddo.test", "Chidi", 5, "open-land-data", MEMBER),
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
     Capability.SENSEMAKING, 2, 3, ["Teaching"], False),
    ("school-improvement-ludhiana", "Improvement story writer",
     "Turn each week's verified improvements into a short story for parents.",
     Capability.RELATING, 2, 2, ["Writing"], True),
    ("school-improvement-ludhiana", "Progress data steward",
     "Keep the district's micro-improvement sheet accurate and up to date.",
     Capability.SENSEMAKING, 1, 1, ["Spreadsheets", "Data analysis"], True),
    ("teacher-circles-amritsar", "Teacher circle host",
     "Host one 45-minute teacher circle a week and log what was tried.",
     Capability.RELATING, 2, 4, ["Facilitation", "Teaching"], False),
    ("teacher-circles-amritsar", "Practice library curator",
     "Collect the practices that worked into a shared, searchable toolkit.",
     Capability.INVENTING, 2, 1, ["Writing"], True),
    ("parent-voices-patiala", "School walk organizer",
     "Organize one parent school walk a month and gather the ideas it produces.",
     Capability.VISIONING, 2, 2, ["Outreach"], False),
    ("parent-voices-patiala", "Idea-to-action tracker",
     "Follow each parent idea until the school says yes, no or later.",
     Capability.INVENTING, 1, 2, ["Spreadsheets"], True),
    ("mapping-land-cover", "Field validation lead (Belém)",
     "Check ten map tiles a week against field photos and flag mismatches.",
     Capability.SENSEMAKING, 3, 5, ["Mapping (GIS)"], True),
    ("mapping-land-cover", "Method explainer",
     "Explain the land-cover method to new partners in plain words.",
     Capability.VISIONING, 2, 2, ["Writing", "Design"], True),
    ("built-for-zero-rockford", "By-name list keeper",
     "Keep the weekly by-name list current with the outreach teams.",
     Capability.SENSEMAKING, 3, 2, ["Spreadsheets"], False),
    ("built-for-zero-rockford", "Landlord outreach lead",
     "Meet one landlord a week to open homes for people on the list.",
     Capability.RELATING, 2, 3, ["Outreach"], False),
    ("board-succession", "Board mentor",
     "Mentor one future board member through a quarter.",
     Capability.VISIONING, 1, 2, [], True),
]

CLAIMS = [
    # volunteer, role title, contributions [(days ago, hours, count)], final state
    ("asha@crowddo.test", "Classroom walk-through lead", [(20, 2, 6), (13, 2, 9), (6, 2, 7)],
     Claim.Status.VERIFIED),
    ("asha@crowddo.test", "Progress data steward", [(9, 1, 3), (2, 1, 4)], Claim.Status.ACTIVE),
    ("ben@crowddo.test", "Teacher circle host", [(15, 2, 5), (8, 2, 8), (1, 2, 6)],
     Claim.Status.COMPLETED),
    ("ben@crowddo.test", "Classroom walk-through lead", [(5, 2, 4)], Claim.Status.ACTIVE),
    ("chidi@crowddo.test", "Field validation lead (Belém)", [(18, 3, 10), (11, 3, 12), (4, 3, 9)],
     Claim.Status.ACTIVE),
    ("dana@crowddo.test", "Idea-to-action tracker", [(7, 1, 2)], Claim.Status.ACTIVE),
    ("omar@crowddo.test", "Improvement story writer", [(10, 2, 3)], Claim.Status.ACTIVE),
]


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


# --- governance: charter, commitments, coverage with gaps, stories

THEMES = ["Classroom practice", "Parent engagement", "Teacher circles"]
COVERED = [  # (district, theme, organization) — the rest of the grid stays a visible gap
    ("Ludhiana", "Classroom practice", "bright-schools"),
    ("Ludhiana", "Parent engagement", "bright-schools"),
    ("Amritsar", "Teacher circles", "open-classrooms"),
    ("Amritsar", "Classroom practice", "open-classrooms"),
    ("Patiala", "Parent engagement", "district-learning"),
    ("Ludhiana", "Teacher circles", "open-classrooms"),
]
