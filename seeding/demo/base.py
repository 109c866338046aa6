"""The demo's organizations, people, regions, skills, collective, initiatives and roles."""

import datetime as dt

from allauth.account.models import EmailAddress
from django.utils import timezone
from django.utils.text import slugify

from initiatives.models import (
    Collective,
    CollectiveMembership,
    Decision,
    Initiative,
    Region,
    Resource,
)
from people.models import Membership, Organization, Skill, User, VolunteerProfile
from roles.models import Role
from seeding.demo.data import INITIATIVES, ORGS, PASSWORD, PEOPLE, REGIONS, ROLES, SKILLS


def region_at(path):
    node = None
    for name in path or ():
        node = Region.objects.get(name=name, parent=node)
    return node


def users():
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


def reference_data():
    for slug, (name, description) in ORGS.items():
        Organization.objects.get_or_create(slug=slug, defaults={"name": name,
                                                                "description": description})
    for country, states in REGIONS.items():
        c, _ = Region.objects.get_or_create(name=country, parent=None,
                                            defaults={"slug": slugify(country),
                                                      "level": Region.Level.COUNTRY})
        for state, districts in states.items():
            s, _ = Region.objects.get_or_create(name=state, parent=c,
                                                defaults={"slug": slugify(state),
                                                          "level": Region.Level.STATE})
            for district in districts:
                Region.objects.get_or_create(name=district, parent=s,
                                             defaults={"slug": slugify(district),
                                                       "level": Region.Level.DISTRICT})
    for name in SKILLS:
        Skill.objects.get_or_create(slug=slugify(name), defaults={"name": name})


def collective():
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
            defaults={"status": CollectiveMembership.Status.ACTIVE, "accepted_at": timezone.now()},
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


def initiatives(collective):
    for slug, org, name, summary, sdgs, target, region, in_collective, public in INITIATIVES:
        initiative, _ = Initiative.objects.get_or_create(
            slug=slug,
            defaults={"organization": Organization.objects.get(slug=org), "name": name,
                      "summary": summary, "goal_target": target,
                      "status": Initiative.Status.ACTIVE,
                      "is_public": public, "region": region_at(region),
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
