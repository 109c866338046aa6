"""The contribution admin: the exchange inline (read-only), send back with a comment through
the service, and nothing of another organization's contributions."""

from decimal import Decimal

import pytest
from django.utils import timezone

from roles import services
from roles.models import Contribution, Verification
from roles.services import feedback
from tests import factories


@pytest.fixture
def work(org, volunteer):
    role = factories.RoleFactory(initiative=factories.InitiativeFactory(organization=org),
                                 hours_per_week=1)
    claim = services.claim_role(role=role, volunteer=volunteer)
    return services.contribution_log(claim=claim, volunteer=volunteer,
                                     date=timezone.localdate(), hours=Decimal("1"))


def _login(client, org, level="orchestrator"):
    user = factories.MembershipFactory(organization=org, level=level).user
    client.force_login(user)
    return user


def _send_back(client, pks, **extra):
    return client.post("/admin/roles/contribution/", {
        "action": "send_back_contributions", "_selected_action": [str(pk) for pk in pks],
        **extra})


def test_send_back_asks_for_a_comment_then_calls_the_service(client, org, work, mailoutbox,
                                                             django_capture_on_commit_callbacks):
    _login(client, org)
    form = _send_back(client, [work.pk])
    assert form.status_code == 200 and "comment" in form.context["form"].fields
    assert Contribution.objects.get(pk=work.pk).status == Contribution.Status.SUBMITTED
    with django_capture_on_commit_callbacks(execute=True):
        _send_back(client, [work.pk], apply="1", comment="Add the school's name.")
    assert Contribution.objects.get(pk=work.pk).status == Contribution.Status.SENT_BACK
    assert Verification.objects.get(contribution=work).comment == "Add the school's name."
    assert len(mailoutbox) == 1


def test_change_page_shows_the_exchange_read_only(client, org, work, volunteer):
    boss = _login(client, org)
    feedback.contribution_send_back(contribution=work, verifier=boss, comment="Which school?")
    feedback.contribution_resubmit(contribution=work, volunteer=volunteer, hours=2,
                                   micro_improvements=1, note="Lincoln Primary.")
    page = client.get(f"/admin/roles/contribution/{work.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Which school?" in html and "Lincoln Primary." in html
    assert 'name="verifications-0-comment"' not in html  # read-only, no inputs


def test_another_organization_cannot_see_or_send_back(client, org, other_org, work):
    _login(client, other_org)
    assert client.get(f"/admin/roles/contribution/{work.pk}/change/").status_code in (302, 404)
    _send_back(client, [work.pk], apply="1", comment="Not yours.")
    assert Contribution.objects.get(pk=work.pk).status == Contribution.Status.SUBMITTED
    assert not Verification.objects.exists()
