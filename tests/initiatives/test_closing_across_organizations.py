"""Closing with an outcome and who hears of it, across organizations.

The close page and the admin close view answer 404 to anyone outside the organization's
orchestrators (and to ids that do not exist), bad statements are a 400 form error that
changes nothing, and outcome e-mails reach only the people involved.
"""

import pytest
from django.core import mail
from django.utils import timezone

from dashboards import services as dashboard_services
from dashboards.models import Milestone
from initiatives.models import CollectiveMembership, Initiative
from initiatives.services import initiative_close
from roles import services as role_services
from roles import tasks as role_tasks
from roles.services import feedback
from tests import builders, factories
from tests.builders import person, staff

OUTCOME = "The shelter rota ran all winter; nobody was turned away."


@pytest.fixture
def private(org):
    return factories.InitiativeFactory(organization=org, is_public=False)


def _status(initiative):
    return Initiative.objects.get(pk=initiative.pk).status


@pytest.mark.parametrize("outcome, says", [
    ("x" * 1001, "at most 1000 characters"),
    ("nul\x00here", "Null characters are not allowed"),
    ("", "This field is required"),
])
def test_bad_outcome_on_the_close_page_is_a_400_form_error(client, org, private, outcome, says):
    client.force_login(staff(org, is_staff=True))
    response = client.post(f"/initiatives/{private.slug}/close/", {"outcome": outcome})
    assert response.status_code == 400 and says in response.content.decode()
    assert _status(private) == "active" and not Milestone.objects.exists()


def test_closing_a_closed_initiative_again_is_a_400_that_changes_nothing(client, org, private):
    client.force_login(staff(org, is_staff=True))
    assert client.post(f"/initiatives/{private.slug}/close/",
                       {"outcome": OUTCOME}).status_code == 302
    response = client.post(f"/initiatives/{private.slug}/close/", {"outcome": "Again."})
    assert response.status_code == 400 and "closed already" in response.content.decode()
    assert Initiative.objects.get(pk=private.pk).outcome == OUTCOME


@pytest.mark.parametrize("level", ["owner", "orchestrator", "member"])
def test_second_organization_cannot_reach_a_private_initiative_s_close_page(
        client, private, other_org, level):
    client.force_login(staff(other_org, level, is_staff=True))
    url = f"/initiatives/{private.slug}/close/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"outcome": OUTCOME}).status_code == 404
    assert client.get(private.get_absolute_url()).status_code == 404
    assert _status(private) == "active"


def test_unknown_slugs_and_admin_ids_are_404_not_500(client, org):
    client.force_login(staff(org, is_staff=True))
    assert client.post("/initiatives/no-such-thing/close/", {"outcome": OUTCOME}).status_code \
        == 404
    for object_id in ("999999", "not-a-number", "1%00"):
        response = client.post(f"/admin/initiatives/initiative/{object_id}/close/",
                               {"outcome": OUTCOME})
        assert response.status_code == 404, object_id


def test_admin_close_view_of_another_organization_s_private_initiative_is_404(
        client, private, other_org):
    client.force_login(staff(other_org, "owner", is_staff=True))
    url = f"/admin/initiatives/initiative/{private.pk}/close/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"outcome": OUTCOME}).status_code == 404
    assert _status(private) == "active"


# --- who hears of it -----------------------------------------------------------------------


def _contribute(role, who):
    claim = role_services.claim_role(role=role, volunteer=who)
    role_services.contribution_log(claim=claim, volunteer=who, date=timezone.localdate(),
                                   hours=1, micro_improvements=2)
    return claim


def test_a_private_closing_reaches_neither_another_member_organization_nor_the_public(
        client, org, other_org, django_capture_on_commit_callbacks):
    collective = factories.CollectiveFactory(coordinator=other_org)
    factories.CollectiveMembershipFactory(collective=collective, organization=org)
    initiative = factories.InitiativeFactory(organization=org, collective=collective,
                                             is_public=False)
    role = factories.RoleFactory(initiative=initiative, seats=2, hours_per_week=1)
    helper = factories.MembershipFactory(organization=org, user=person(20)).user
    _contribute(role, helper)
    coordinator_staff = staff(other_org, "owner", is_staff=True)
    plain_member = factories.MembershipFactory(organization=org, level="member").user
    with django_capture_on_commit_callbacks(execute=True):
        initiative_close(initiative=initiative, actor=staff(org, is_staff=True), outcome=OUTCOME)
    [sent] = [m for m in mail.outbox if OUTCOME in m.body]
    assert helper.email in sent.bcc
    assert coordinator_staff.email not in sent.bcc and plain_member.email not in sent.bcc
    assert OUTCOME not in client.get(f"/collectives/{collective.slug}/").content.decode()
    client.force_login(coordinator_staff)
    assert OUTCOME not in client.get("/me/").content.decode()


def test_collective_milestones_skip_organizations_only_invited(db):
    """An invited organization has not joined: its orchestrators are not told."""
    collective = factories.CollectiveFactory(goal_target=2)
    role = factories.RoleFactory(initiative__organization=collective.coordinator,
                                 initiative__collective=collective, hours_per_week=1)
    invited = factories.OrganizationFactory()
    factories.CollectiveMembershipFactory(collective=collective, organization=invited,
                                          status=CollectiveMembership.Status.INVITED)
    joined = factories.OrganizationFactory()
    factories.CollectiveMembershipFactory(collective=collective, organization=joined)
    invited_boss, joined_boss = staff(invited, is_staff=True), staff(joined, is_staff=True)
    claim = _contribute(role, person(20))
    for done in claim.contributions.all():  # counted once an orchestrator has verified it
        role_services.contribution_verify(contribution=done,
                                          verifier=staff(collective.coordinator))
    dashboard_services.rollup_everything()
    goal = Milestone.objects.get(key=f"goal:collective:{collective.pk}:100")
    mail.outbox.clear()
    assert dashboard_services.milestone_announce(milestone_id=goal.pk) is True
    told = set(mail.outbox[0].bcc)
    assert joined_boss.email in told and invited_boss.email not in told


def test_the_send_back_e_mail_reaches_only_the_contributor(db, org):
    role = factories.RoleFactory(initiative__organization=org, initiative__is_public=False,
                                 seats=2)
    author, peer = person(20), person(20)
    for who in (author, peer):
        factories.MembershipFactory(organization=org, user=who)
    claim = role_services.claim_role(role=role, volunteer=author)
    builders.give_standing(peer, role.initiative, role=role)  # verified work of their own
    work = role_services.contribution_log(claim=claim, volunteer=author,
                                          date=timezone.localdate(), hours=1)
    feedback.contribution_send_back(contribution=work, verifier=peer, comment="Which street?")
    mail.outbox.clear()
    assert role_tasks.send_contribution_sent_back(work.pk) is True
    assert [m.to for m in mail.outbox] == [[author.email]] and not mail.outbox[0].bcc
    assert role_tasks.send_contribution_sent_back(999999) is False
