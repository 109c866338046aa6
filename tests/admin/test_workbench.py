"""The admin home: what needs doing, per organization the person manages (and per collective
it coordinates). Each count is right for its organization and absent from another's."""

import datetime as dt

import pytest
from django.contrib import admin
from django.utils import timezone

from dashboards.adminsite import WorkbenchSite, workbench
from governance.models import CommitmentStatus
from people import services as people_services
from people.models import Membership
from roles.models import Claim, Contribution, Proposal, Verification
from tests import builders, factories


@pytest.fixture
def a_and_b(db):
    """Two organizations with an orchestrator each; B's rows must never count for A."""
    a, b = factories.OrganizationFactory(name="Alpha"), factories.OrganizationFactory(name="Beta")
    return (a, builders.staff(a, is_staff=True), b, builders.staff(b, is_staff=True))


def _count(user, org, label) -> int | None:
    for panel in workbench(admin.site, user):
        if panel.title == org.name:
            for item in panel.attention + panel.figures:
                if str(item.label) == label:
                    return item.count
    return None


def _page_count(client, user, label) -> str:
    """The count as the home page shows it (the page renders, the link is there)."""
    client.force_login(user)
    page = client.get("/admin/")
    assert page.status_code == 200
    return page.content.decode()


def test_the_site_is_the_workbench():
    assert isinstance(admin.site._wrapped, WorkbenchSite)


def test_stale_claim_counts_for_its_organization_only(a_and_b, client):
    a, orch_a, b, orch_b = a_and_b
    stale = builders.idle_claim(11, stale_after_days=14, initiative__organization=a)  # 79 %
    builders.idle_claim(5, stale_after_days=14, initiative__organization=a)  # 36 %: fine
    builders.idle_claim(13, stale_after_days=14, initiative__organization=b)
    label = "Stale claims (past the warning point)"
    assert _count(orch_a, a, label) == 1
    assert _count(orch_b, b, label) == 1
    assert _count(orch_a, b, label) is None  # no panel for an organization A does not manage
    # The link lists exactly that claim, oldest first.
    client.force_login(orch_a)
    listed = client.get(f"/admin/roles/claim/?needs=stale&organization__exact={a.pk}")
    assert [c.pk for c in listed.context["cl"].result_list] == [stale.pk]
    assert listed.context["cl"].result_list[0].is_stale is True


def test_pending_proposal_counts_and_decided_ones_do_not(a_and_b, client):
    a, orch_a, b, orch_b = a_and_b
    factories.ProposalFactory(initiative__organization=a)
    factories.ProposalFactory(initiative__organization=a, status=Proposal.Status.DECLINED)
    factories.ProposalFactory(initiative__organization=b)
    factories.ProposalFactory(initiative__organization=b)
    label = "Proposals waiting for a decision"
    assert _count(orch_a, a, label) == 1
    assert _count(orch_b, b, label) == 2
    client.force_login(orch_a)
    listed = client.get(f"/admin/roles/proposal/?needs=pending&organization__exact={b.pk}")
    assert list(listed.context["cl"].result_list) == []  # B's rows stay out of A's list


def test_held_report_and_work_waiting_for_a_peer(a_and_b):
    a, orch_a, b, orch_b = a_and_b
    initiative_a = factories.InitiativeFactory(organization=a)
    builders.contribution_in(initiative_a, status=Contribution.Status.HELD)
    old = builders.contribution_in(initiative_a, status=Contribution.Status.SUBMITTED)
    builders.contribution_in(initiative_a, status=Contribution.Status.SUBMITTED)  # fresh
    Contribution.objects.filter(pk=old.pk).update(updated_at=timezone.now() - dt.timedelta(days=8))
    builders.contribution_in(factories.InitiativeFactory(organization=b),
                             status=Contribution.Status.HELD)
    assert _count(orch_a, a, "Reports held for review") == 1
    assert _count(orch_a, a, "Work waiting for a peer for more than a week") == 1
    assert _count(orch_b, b, "Reports held for review") == 1
    assert _count(orch_b, b, "Work waiting for a peer for more than a week") == 0


def test_overdue_commitment_counts_for_the_member_and_the_coordinator(a_and_b):
    a, orch_a, b, orch_b = a_and_b
    collective = factories.CollectiveFactory(coordinator=a, name="Every School")
    commitment = factories.CommitmentFactory(collective=collective)
    factories.CommitmentStatusFactory(commitment=commitment, organization=b,
                                      state=CommitmentStatus.State.OVERDUE)
    factories.CommitmentStatusFactory(commitment=commitment, organization=a,
                                      state=CommitmentStatus.State.KEPT)
    assert _count(orch_b, b, "Overdue commitments") == 1
    assert _count(orch_a, a, "Overdue commitments") == 0
    coordinated = [p for p in workbench(admin.site, orch_a) if p.kind == "collective"]
    assert [(p.title, p.attention[0].count) for p in coordinated] == [("Every School", 1)]
    assert not [p for p in workbench(admin.site, orch_b) if p.kind == "collective"]


def test_full_roles_terms_and_invitations(a_and_b):
    a, orch_a, b, orch_b = a_and_b
    owner_a = builders.staff(a, Membership.Level.OWNER, is_staff=True)
    full = factories.RoleFactory(initiative__organization=a, seats=1)
    factories.ClaimFactory(role=full)
    factories.WaitlistEntryFactory(role=full)
    factories.WaitlistEntryFactory(role=factories.RoleFactory(initiative__organization=a, seats=2))
    ending = factories.ClaimFactory(role=factories.RoleFactory(initiative__organization=a))
    Claim.objects.filter(pk=ending.pk).update(term_ends_at=timezone.now() + dt.timedelta(days=5))
    people_services.membership_invite(organization=a, email="x@example.org", actor=owner_a)
    assert _count(orch_a, a, "Full roles with a waitlist") == 1
    assert _count(orch_a, a, "Terms ending within two weeks") == 1
    assert _count(owner_a, a, "Invitations to people not answered yet") == 1
    assert _count(orch_a, a, "Invitations to people not answered yet") is None  # owners only
    assert _count(orch_b, b, "Full roles with a waitlist") == 0


def test_figures_open_seats_active_and_verified(a_and_b):
    a, orch_a, b, orch_b = a_and_b
    factories.RoleFactory(initiative__organization=a, seats=3)
    role = factories.RoleFactory(initiative__organization=a, seats=2)
    claim = factories.ClaimFactory(role=role)
    contribution = factories.ContributionFactory(claim=claim)
    factories.ContributionFactory(claim=claim, status=Contribution.Status.SUBMITTED)
    Verification.objects.create(organization=a, verifier=orch_a, contribution=contribution)
    assert _count(orch_a, a, "Open seats") == 4  # 3 + (2 − 1 taken)
    assert _count(orch_a, a, "Volunteers active this month") == 1
    assert _count(orch_a, a, "Contributions verified this week") == 1
    assert _count(orch_b, b, "Open seats") == 0


def test_the_home_page_renders_the_panels_with_a_flat_number_of_queries(
        a_and_b, client, django_assert_max_num_queries):
    a, orch_a, b, orch_b = a_and_b
    builders.idle_claim(11, initiative__organization=a)
    factories.ProposalFactory(initiative__organization=a)
    text = _page_count(client, orch_a, "")
    assert "Alpha" in text and "Stale claims (past the warning point)" in text
    assert "Beta" not in text
    assert "Initiatives and roles" in text and "Where members stand on commitments" in text
    second = factories.OrganizationFactory(name="Gamma")
    Membership.objects.create(user=orch_a, organization=second, level="orchestrator")
    with django_assert_max_num_queries(45):
        page = client.get("/admin/")
    assert "Gamma" in page.content.decode()


def test_every_needs_link_of_the_home_lists_the_counted_rows(a_and_b, client):
    """Each count's link opens its changelist with exactly that many rows (same rule)."""
    a, orch_a, b, orch_b = a_and_b
    full = factories.RoleFactory(initiative__organization=a, seats=1)
    factories.ClaimFactory(role=full)
    factories.WaitlistEntryFactory(role=full)
    builders.idle_claim(12, initiative__organization=a)
    factories.ProposalFactory(initiative__organization=a)
    builders.contribution_in(factories.InitiativeFactory(organization=a),
                             status=Contribution.Status.HELD)
    client.force_login(orch_a)
    checked = 0
    for panel in workbench(admin.site, orch_a):
        for item in panel.attention:
            page = client.get(item.url)
            assert page.status_code == 200, item.url
            assert page.context["cl"].result_count == item.count, (item.label, item.url)
            checked += 1
    assert checked >= 9
