"""May verify — one definition (`roles.selectors.verification.may_verify_q`): the queue on
/me/, the verify and send-back actions and the admin all answer the same for every pair."""

import datetime as dt

import pytest
from django.utils import timezone

from crowddo.errors import NotAllowed
from people.models import AuditEvent, Membership
from roles import selectors, services
from roles.models import Claim, Contribution, Verification
from tests import builders, factories


def person(org=None, level=Membership.Level.MEMBER, **kwargs):
    user = factories.ProfileFactory(weekly_capacity_hours=20, **kwargs).user
    if org is not None:
        factories.MembershipFactory(organization=org, user=user, level=level)
    return user


@pytest.fixture
def world(db):
    org = factories.OrganizationFactory()
    initiative = factories.InitiativeFactory(organization=org, is_public=False)
    role = factories.RoleFactory(initiative=initiative, seats=5, apprentice_seats=1)
    other_role = factories.RoleFactory(initiative=initiative, seats=5)
    people = {
        "doer": person(org), "peer": person(org), "left_peer": person(org),
        "inactive_peer": person(org), "manager": person(org, Membership.Level.ORCHESTRATOR),
        "member": person(org), "stranger": person(), "apprentice": person(org),
        "superuser": person(user__is_superuser=True, user__is_staff=True),
        "unverified_peer": person(org), "past_peer": person(org),
    }
    work = services.claim_role(role=role, volunteer=people["doer"])
    builders.give_standing(people["peer"], initiative, role=other_role)
    services.claim_role(role=other_role, volunteer=people["unverified_peer"])
    past = builders.give_standing(people["past_peer"], initiative, role=other_role)
    services.claim_release(claim=past, volunteer=people["past_peer"])
    services.claim_role(role=other_role, volunteer=people["inactive_peer"])
    left = services.claim_role(role=other_role, volunteer=people["left_peer"])
    services.claim_release(claim=left, volunteer=people["left_peer"])
    learning = services.claim_role(role=role, volunteer=people["apprentice"],
                                   kind=Claim.Kind.APPRENTICE)
    assert learning.mentor == people["doer"]
    contribution = services.contribution_log(
        claim=learning, volunteer=people["apprentice"], date=timezone.localdate(), hours=1)
    services.contribution_log(claim=work, volunteer=people["doer"],
                              date=timezone.localdate(), hours=1)
    services.claim_complete(claim=work, volunteer=people["doer"])
    people["inactive_peer"].is_active = False
    people["inactive_peer"].save(update_fields=["is_active"])
    return {"people": people, "work": work, "learning": learning,
            "contribution": contribution, "org": org}


EXPECTED = {  # who may verify the doer's completed claim
    "doer": False,  # never the person who did the work
    "peer": True,  # holds a role in the same initiative and has verified work there
    "unverified_peer": False,  # holds a role there, but no verified work of their own yet
    "past_peer": True,  # held a role there (released) and has verified work there
    "left_peer": False,  # released their seat without verified work: no standing
    "inactive_peer": False,  # a deactivated account verifies nothing
    "manager": True,  # manages the organization
    "member": False,  # a member without a seat in the initiative
    "stranger": False,
    "apprentice": False,  # holds an apprentice seat, no verified work yet
    "superuser": False,  # not a peer: holds nothing and manages nothing there
}


@pytest.mark.parametrize("who", EXPECTED)
def test_the_queue_and_the_check_give_the_same_answer(world, who):
    user = world["people"][who]
    queue = set(selectors.claims_to_verify(user).values_list("pk", flat=True))
    completed = Claim.objects.filter(status=Claim.Status.COMPLETED)
    assert queue == {c.pk for c in completed if selectors.can_verify(verifier=user, claim=c)}
    assert (world["work"].pk in queue) is EXPECTED[who]
    assert selectors.can_verify(verifier=user, claim=world["work"]) is EXPECTED[who]


@pytest.mark.parametrize("who", EXPECTED)
def test_the_contribution_queue_follows_the_same_rule(world, who):
    user = world["people"][who]
    queued = set(selectors.contributions_to_verify(user).values_list("claim_id", flat=True))
    may = {c.pk for c in Claim.objects.all() if selectors.can_verify(verifier=user, claim=c)}
    awaiting = Claim.objects.filter(contributions__status__in=Contribution.AWAITING_PEER)
    assert queued == may & set(awaiting.values_list("pk", flat=True))


def test_an_inactive_peer_is_refused_by_the_service_and_sees_no_queue(world):
    inactive = world["people"]["inactive_peer"]
    assert not selectors.contributions_to_verify(inactive).exists()
    with pytest.raises(NotAllowed):
        services.claim_verify(claim=world["work"], verifier=inactive)


@pytest.mark.parametrize("who", ["doer", "peer"])
def test_someone_who_left_the_private_organization_no_longer_verifies_there(world, who):
    """The mentor path checked that the person may still see the role; the standing path
    (a claim in the initiative) did not: someone who left kept a queue of private work."""
    user, org = world["people"][who], world["org"]
    assert selectors.can_verify(verifier=user, claim=world["learning"])  # mentor / peer
    Membership.objects.filter(user=user, organization=org).delete()
    user = type(user).objects.get(pk=user.pk)  # no cached memberships
    assert not selectors.can_verify(verifier=user, claim=world["learning"])
    assert not selectors.contributions_to_verify(user).exists()
    assert not selectors.claims_to_verify(user).exists()


def test_the_admin_bulk_verify_uses_the_same_rule(world):
    chosen = Contribution.objects.filter(pk=world["contribution"].pk)
    # a member, not a peer: as on /me/
    with pytest.raises(NotAllowed, match="Only an orchestrator"):
        services.contributions_verify(contributions=chosen, actor=world["people"]["member"])
    assert services.contributions_verify(contributions=chosen,
                                         actor=world["people"]["manager"]) == 1


def test_a_brand_new_account_has_an_empty_queue(world):
    newcomer = person(world["org"])  # a member of the (private) initiative's organization
    services.claim_role(role=factories.RoleFactory(initiative=world["work"].role.initiative,
                                                   seats=3), volunteer=newcomer)
    assert not selectors.contributions_to_verify(newcomer).exists()
    assert not selectors.claims_to_verify(newcomer).exists()


def _log_and_verify(claim, volunteer, verifier):
    work = services.contribution_log(claim=claim, volunteer=volunteer,
                                     date=timezone.localdate(), hours=1)
    return services.contribution_verify(contribution=work, verifier=verifier)


def test_a_peer_verifies_the_same_volunteer_at_most_the_weekly_bound(world, settings):
    settings.VERIFY_PAIR_WEEKLY_MAX = 3
    doer, peer = world["people"]["doer"], world["people"]["peer"]
    friend = services.claim_role(role=factories.RoleFactory(
        initiative=world["work"].role.initiative, seats=3), volunteer=doer)
    for _ in range(3):
        _log_and_verify(friend, doer, peer)
    more = services.contribution_log(claim=friend, volunteer=doer, date=timezone.localdate(),
                                     hours=1)
    assert not selectors.contributions_to_verify(peer).filter(pk=more.pk).exists()
    with pytest.raises(NotAllowed):
        services.contribution_verify(contribution=more, verifier=peer)
    more.refresh_from_db()
    assert more.status == Contribution.Status.SUBMITTED
    # another volunteer's work is not bounded by this pair
    assert selectors.contributions_to_verify(peer).filter(pk=world["contribution"].pk).exists()
    # a week later the pair may verify again
    Verification.objects.filter(verifier=peer).update(
        created_at=timezone.now() - dt.timedelta(days=8))
    services.contribution_verify(contribution=more, verifier=peer)


def test_orchestrators_are_not_bounded_and_their_verifications_are_audited(world, settings):
    settings.VERIFY_PAIR_WEEKLY_MAX = 2
    doer, manager = world["people"]["doer"], world["people"]["manager"]
    claim = services.claim_role(role=factories.RoleFactory(
        initiative=world["work"].role.initiative, seats=3), volunteer=doer)
    for _ in range(4):
        _log_and_verify(claim, doer, manager)
    assert AuditEvent.objects.filter(event_type="work_verified", actor=manager).count() >= 4
