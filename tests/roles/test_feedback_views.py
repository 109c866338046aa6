"""/me/ shows the exchange: Verify / Send back in the queue, "Needs changes" with a resubmit
form, the history; plain forms, clear errors, 404 for other people's and organizations' rows."""

from decimal import Decimal

import pytest
from django.utils import timezone

from people.models import Membership
from roles import services
from roles.models import Contribution, Resubmission, Verification
from roles.services import feedback
from tests import builders, factories
from tests.builders import person
from tests.roles.me_queries import ME_MAX_QUERIES


@pytest.fixture
def world(db):
    role = factories.RoleFactory(seats=3, title="School visits")
    author, peer = person(20), person(20)
    claim = services.claim_role(role=role, volunteer=author)
    builders.give_standing(peer, role.initiative, role=role)  # verified work of their own
    work = services.contribution_log(claim=claim, volunteer=author, date=timezone.localdate(),
                                     hours=Decimal("2"), micro_improvements=3)
    return {"role": role, "author": author, "peer": peer, "work": work}


def _status(w):
    return Contribution.objects.get(pk=w["work"].pk).status


def test_the_review_page_offers_verify_and_send_back_without_javascript(client, world):
    client.force_login(world["peer"])
    page = client.get("/me/?tab=verify").content.decode()
    assert f'href="/me/verify/contributions/{world["work"].pk}/"' in page  # the review page
    page = client.get(f"/me/verify/contributions/{world['work'].pk}/").content.decode()
    assert f'action="/me/verify/contributions/{world["work"].pk}/"' in page
    assert f'action="/me/verify/contributions/{world["work"].pk}/send-back/"' in page


def test_send_back_from_me_then_the_contributor_sees_it_and_resubmits(client, world,
                                                                     mailoutbox):
    w = world
    client.force_login(w["peer"])
    response = client.post(f"/me/verify/contributions/{w['work'].pk}/send-back/",
                           {"comment": "Which school was it?"}, follow=True)
    assert "Sent back with your comment" in response.content.decode()
    assert _status(w) == Contribution.Status.SENT_BACK

    client.force_login(w["author"])
    page = client.get("/me/").content.decode()
    assert "Needs changes" in page and "Which school was it?" in page
    assert f'action="/me/contributions/{w["work"].pk}/resubmit/"' in page
    response = client.post(f"/me/contributions/{w['work'].pk}/resubmit/",
                           {"hours": "1.5", "micro_improvements": "2",
                            "note": "Lincoln Primary."}, follow=True)
    assert "Resubmitted" in response.content.decode()
    assert _status(w) == Contribution.Status.RESUBMITTED

    client.force_login(w["peer"])
    page = client.get("/me/?tab=verify").content.decode()
    assert "resubmitted" in page and "Lincoln Primary." in page  # the answer, in the queue
    client.post(f"/me/verify/contributions/{w['work'].pk}/", {"comment": ""})
    assert _status(w) == Contribution.Status.VERIFIED

    client.force_login(w["author"])
    page = client.get("/me/").content.decode()
    assert "Earlier exchanges" in page
    assert page.index("Which school was it?") < page.index("Lincoln Primary.")


def test_send_back_without_a_comment_is_a_form_error(client, world):
    client.force_login(world["peer"])
    response = client.post(f"/me/verify/contributions/{world['work'].pk}/send-back/",
                           {"comment": "  "})
    assert response.status_code == 400
    assert "Say what needs to change" in response.content.decode()
    assert _status(world) == Contribution.Status.SUBMITTED
    assert not Verification.objects.filter(contribution=world["work"]).exists()


def test_send_back_lives_on_the_verifiers_page(client, world):
    client.force_login(world["peer"])
    response = client.get(f"/me/verify/contributions/{world['work'].pk}/send-back/",
                          follow=True)
    assert response.redirect_chain == [(f"/me/verify/contributions/{world['work'].pk}/", 302)]
    page = response.content.decode()
    assert '<label for="id_comment">' in page and '<label for="id_verify_comment">' in page


def test_resubmit_form_errors_are_shown_and_nothing_is_written(client, world):
    feedback.contribution_send_back(contribution=world["work"], verifier=world["peer"],
                                    comment="Which school?")
    client.force_login(world["author"])
    url = f"/me/contributions/{world['work'].pk}/resubmit/"
    response = client.post(url, {"hours": "99", "micro_improvements": "x", "note": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Answer the comment" in page
    assert not Resubmission.objects.exists()
    assert client.get(url).status_code == 200


def test_resubmitting_work_that_was_not_sent_back_says_why(client, world):
    client.force_login(world["author"])
    response = client.post(f"/me/contributions/{world['work'].pk}/resubmit/",
                           {"hours": "1", "micro_improvements": "0", "note": "Fixed."})
    assert response.status_code == 409
    assert "Only a contribution sent back" in response.content.decode()


def test_contributor_cannot_send_back_own_work(client, world):
    client.force_login(world["author"])
    url = f"/me/verify/contributions/{world['work'].pk}/send-back/"
    assert client.post(url, {"comment": "Mine is wrong."}).status_code == 404
    assert _status(world) == Contribution.Status.SUBMITTED


def test_another_organization_cannot_read_or_change_the_exchange(client, world):
    feedback.contribution_send_back(contribution=world["work"], verifier=world["peer"],
                                    comment="Private remark about a school.")
    outsider = factories.MembershipFactory(level=Membership.Level.OWNER).user
    client.force_login(outsider)
    pk = world["work"].pk
    assert client.get(f"/me/contributions/{pk}/resubmit/").status_code == 404
    assert client.post(f"/me/contributions/{pk}/resubmit/",
                       {"hours": "1", "micro_improvements": "0", "note": "x"}).status_code == 404
    assert client.get(f"/me/verify/contributions/{pk}/send-back/").status_code == 404
    assert client.post(f"/me/verify/contributions/{pk}/send-back/",
                       {"comment": "x"}).status_code == 404
    assert "Private remark" not in client.get("/me/").content.decode()
    assert _status(world) == Contribution.Status.SENT_BACK
    assert not Resubmission.objects.exists()


def test_anonymous_is_sent_to_log_in(client, world):
    response = client.post(f"/me/verify/contributions/{world['work'].pk}/send-back/",
                           {"comment": "x"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_past_holder_is_marked_on_the_page(client, world):
    veteran = person(20)
    old = services.claim_role(role=world["role"], volunteer=veteran)
    services.claim_release(claim=old, volunteer=veteran)
    builders.give_standing(veteran, world["role"].initiative)  # still works there, verified
    feedback.contribution_send_back(contribution=world["work"], verifier=veteran,
                                    comment="Which school?")
    client.force_login(world["author"])
    assert "held this role before" in client.get("/me/").content.decode()


@pytest.mark.parametrize("n", [1, 8])
def test_me_queries_stay_flat_with_exchanges(client, world, django_assert_max_num_queries, n):
    """The contributor's exchanges and the verifier's queue with histories: flat counts."""
    author, peer = person(capacity=80), person(capacity=80)
    for _ in range(n):
        role = factories.RoleFactory(seats=2, hours_per_week=1)
        mine = services.claim_role(role=role, volunteer=author)
        builders.give_standing(peer, role.initiative, role=role)
        back, again = (services.contribution_log(claim=mine, volunteer=author,
                                                 date=timezone.localdate(), hours=1)
                       for _ in range(2))
        for c in (back, again):
            feedback.contribution_send_back(contribution=c, verifier=peer, comment="Why?")
        feedback.contribution_resubmit(contribution=again, volunteer=author, hours=1,
                                       micro_improvements=0, note="Because.")
    for user in (author, peer):
        client.force_login(user)
        with django_assert_max_num_queries(ME_MAX_QUERIES):
            response = client.get("/me/")
        assert response.status_code == 200
    client.force_login(author)
    assert len(client.get("/me/").context["needs_changes"]) == n
