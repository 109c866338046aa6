"""Governance admin: scoped to the person's organizations; writes through the services."""


import pytest

from governance import services as governance
from governance.models import Charter, Commitment, Story, Theme
from initiatives.models import Decision
from tests import factories
from tests.builders import contribution_in

ADMIN = "/admin/governance/{}/"


@pytest.fixture
def two_collectives(world):
    """World's collective (coordinated by Alpha) and another coordinated by Xeno."""
    for user in (world.coord, world.b_orch, world.x_orch):
        user.is_staff = True
        user.save()
    other = factories.CollectiveFactory(name="Other", coordinator=world.x)
    governance.charter_update(collective=world.collective, actor=world.coord, purpose="Ours")
    governance.charter_update(collective=other, actor=world.x_orch, purpose="Theirs")
    governance.theme_create(collective=other, actor=world.x_orch, name="Secret theme")
    governance.commitment_create(collective=other, actor=world.x_orch, title="Their promise",
                                 kind=Commitment.Kind.VERIFY_WITHIN)
    world.other = other
    return world


@pytest.mark.parametrize("model", ["charter", "commitment", "theme", "coveragepiece",
                                   "charteracceptance", "commitmentstatus", "coverageclaim",
                                   "story"])
def test_every_governance_admin_lists_only_the_persons_own_rows(client, two_collectives, model):
    client.force_login(two_collectives.coord)
    response = client.get(ADMIN.format(model))
    assert response.status_code == 200
    page = response.content.decode()
    for secret in ("Theirs", "Secret theme", "Their promise", "Other"):
        assert secret not in page


def test_another_organizations_charter_cannot_be_read_or_changed(client, two_collectives):
    theirs = Charter.objects.get(collective=two_collectives.other)
    client.force_login(two_collectives.coord)
    change = ADMIN.format("charter") + f"{theirs.pk}/change/"
    # 404, like a missing row, as in every tenant admin (it was a redirect to the index)
    assert client.get(change).status_code == 404
    assert client.post(change, {"purpose": "Taken over"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.purpose == "Theirs" and theirs.version == 1


def test_the_coordinator_changes_the_charter_in_the_admin_and_the_log_records_it(
        client, two_collectives):
    ours = Charter.objects.get(collective=two_collectives.collective)
    client.force_login(two_collectives.coord)
    response = client.post(ADMIN.format("charter") + f"{ours.pk}/change/",
                           {"purpose": "Ours, better", "theory_of_change": "", "principles": ""})
    assert response.status_code == 302
    ours.refresh_from_db()
    assert ours.version == 2
    assert Decision.objects.filter(collective=two_collectives.collective,
                                   title="Charter changed (version 2)").exists()


def test_adding_a_commitment_offers_only_coordinated_collectives(client, two_collectives):
    client.force_login(two_collectives.coord)
    page = client.get(ADMIN.format("commitment") + "add/").content.decode()
    assert "Every School" in page and "Other" not in page
    response = client.post(ADMIN.format("commitment") + "add/", {
        "collective": two_collectives.other.pk, "title": "Sneaky", "kind": "verify_within",
        "limit_days": 7, "remind_days_before": 3})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    response = client.post(ADMIN.format("commitment") + "add/", {
        "collective": two_collectives.collective.pk, "title": "Report monthly",
        "kind": "monthly_report", "limit_days": 7, "remind_days_before": 3})
    assert response.status_code == 302
    made = Commitment.objects.get(title="Report monthly")
    assert made.organization == two_collectives.a and made.statuses.count() == 2


def test_a_member_that_does_not_coordinate_cannot_add_themes_to_the_collective(
        client, two_collectives):
    client.force_login(two_collectives.b_orch)
    response = client.post(ADMIN.format("theme") + "add/", {
        "collective": two_collectives.collective.pk, "name": "Art"})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not Theme.objects.filter(name="Art").exists()


def test_a_refused_service_call_in_the_admin_adds_nothing_and_says_why(client, two_collectives):
    invited = factories.CollectiveMembershipFactory(collective=two_collectives.collective,
                                                    status="invited").organization
    client.force_login(two_collectives.coord)
    response = client.post(ADMIN.format("commitment") + "add/", {
        "collective": two_collectives.collective.pk, "title": "Share the plan",
        "kind": "marked", "owner": invited.pk, "due_on": "2030-01-01",
        "limit_days": 7, "remind_days_before": 3}, follow=True)
    assert f"{invited.name} is not a member" in response.content.decode()
    assert response.redirect_chain[-1][0].endswith("/commitment/add/")
    assert not Commitment.objects.filter(title="Share the plan").exists()


def test_the_feature_action_ignores_stories_of_another_organizations_private_work(
        client, two_collectives, media):
    private = governance.story_attach(actor=two_collectives.b_orch, title="Private", text="t",
                                      contribution=contribution_in(two_collectives.b_private))
    public = governance.story_attach(actor=two_collectives.b_orch, title="Public", text="t",
                                     contribution=contribution_in(two_collectives.b_initiative))
    client.force_login(two_collectives.coord)
    page = client.get(ADMIN.format("story")).content.decode()
    assert "Public" in page and "Private" not in page
    client.post(ADMIN.format("story"), {"action": "feature",
                                        "_selected_action": [private.pk, public.pk]})
    assert set(Story.objects.filter(featured_at__isnull=False)
               .values_list("title", flat=True)) == {"Public"}


def test_a_plain_member_sees_no_governance_admin(client, world):
    world.b_member.is_staff = True
    world.b_member.save()
    client.force_login(world.b_member)
    assert client.get(ADMIN.format("charter")).status_code == 403
