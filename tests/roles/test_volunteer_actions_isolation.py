"""Isolation and bad input on the volunteer-side endpoints (first written for a review).

A second organization, a plain member, anonymous callers and other people's ids get 404 (or
the login page); wrong states and bad values are a 4xx or a message, never a 500, and nothing
is half-written.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from people.models import Membership
from roles import services
from roles.models import Claim, Contribution, Resubmission, Role, Verification, WaitlistEntry
from roles.services import feedback
from tests import builders, factories
from tests.builders import person, staff


@pytest.fixture
def private(db):
    """A private initiative's role with a member's contribution sent back with a comment."""
    role = factories.RoleFactory(initiative__is_public=False, seats=3, term_weeks=4,
                                 title="Secret shelter rota")
    author, peer = person(20), person(20)
    for who in (author, peer):
        factories.MembershipFactory(organization=role.organization, user=who)
    claim = services.claim_role(role=role, volunteer=author)
    builders.give_standing(peer, role.initiative, role=role)  # verified work of their own
    work = services.contribution_log(claim=claim, volunteer=author, date=timezone.localdate(),
                                     hours=Decimal("2"), micro_improvements=1)
    feedback.contribution_send_back(contribution=work, verifier=peer,
                                    comment="Name the shelter on Elm Street.")
    return {"role": role, "author": author, "peer": peer, "claim": claim, "work": work}


OUTSIDERS = ["other_org_owner", "other_org_orchestrator", "other_org_member"]


def _outsider(kind):
    level = {"other_org_owner": Membership.Level.OWNER,
             "other_org_orchestrator": Membership.Level.ORCHESTRATOR,
             "other_org_member": Membership.Level.MEMBER}[kind]
    return staff(factories.OrganizationFactory(), level)


def _unchanged(p):
    claim = Claim.objects.get(pk=p["claim"].pk)
    work = Contribution.objects.get(pk=p["work"].pk)
    assert claim.status == Claim.Status.ACTIVE and claim.renewed_at is None
    assert work.status == Contribution.Status.SENT_BACK and work.hours == Decimal("2")
    assert Verification.objects.filter(contribution=work).count() == 1
    assert not Resubmission.objects.exists()


@pytest.mark.parametrize("kind", OUTSIDERS)
def test_second_organization_gets_404_on_every_volunteer_url_of_a_private_role(client, private,
                                                                             kind):
    client.force_login(_outsider(kind))
    role, claim, work = private["role"], private["claim"], private["work"]
    gets = [f"/roles/{role.pk}/", f"/me/contributions/{work.pk}/resubmit/",
            f"/me/verify/contributions/{work.pk}/send-back/"]
    posts = {f"/roles/{role.pk}/apprentice/": {},
             f"/me/claims/{claim.pk}/renew-term/": {},
             f"/me/claims/{claim.pk}/hand-over/": {"handoff_note": "x"},
             f"/me/claims/{claim.pk}/log/": {"date": "2026-11-01", "hours": "1",
                                             "micro_improvements": "0"},
             f"/me/contributions/{work.pk}/resubmit/": {"hours": "1", "micro_improvements": "0",
                                                        "note": "x"},
             f"/me/verify/contributions/{work.pk}/send-back/": {"comment": "x"},
             f"/me/verify/contributions/{work.pk}/": {}}
    for url in gets:
        assert client.get(url).status_code == 404, url
    for url, data in posts.items():
        assert client.post(url, data).status_code == 404, url
    page = client.get("/me/").content.decode()
    assert role.title not in page and "Elm Street" not in page
    _unchanged(private)


def test_anonymous_is_sent_to_log_in_and_nothing_changes(client, private):
    claim, work = private["claim"], private["work"]
    for url, data in {f"/me/claims/{claim.pk}/renew-term/": {},
                      f"/me/claims/{claim.pk}/hand-over/": {},
                      f"/me/contributions/{work.pk}/resubmit/": {"hours": "1",
                                                                 "micro_improvements": "0",
                                                                 "note": "x"}}.items():
        response = client.post(url, data)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
    assert client.get(f"/roles/{private['role'].pk}/").status_code == 404
    assert client.post(f"/roles/{private['role'].pk}/apprentice/").status_code == 404
    _unchanged(private)


def test_a_colleague_in_the_same_organization_cannot_act_on_my_rows(client, private):
    """Same organization, but not the holder: other people's ids are 404 as well."""
    client.force_login(private["peer"])
    claim, work = private["claim"], private["work"]
    assert client.post(f"/me/claims/{claim.pk}/renew-term/").status_code == 404
    assert client.post(f"/me/claims/{claim.pk}/hand-over/").status_code == 404
    assert client.get(f"/me/contributions/{work.pk}/resubmit/").status_code == 404
    _unchanged(private)


def test_ids_that_do_not_exist_are_404_not_500(client, private):
    client.force_login(private["author"])
    for url in ("/me/claims/999999/renew-term/", "/me/claims/999999/hand-over/",
                "/me/contributions/999999/resubmit/",
                "/me/verify/contributions/999999/send-back/", "/roles/999999/apprentice/",
                "/me/waitlist/999999/accept/", "/proposals/999999/accept/"):
        assert client.post(url, {}).status_code == 404, url


@pytest.mark.parametrize("data", [
    {"hours": "-1", "micro_improvements": "0", "note": "x"},
    {"hours": "0", "micro_improvements": "0", "note": "x"},
    {"hours": "99999999999", "micro_improvements": "0", "note": "x"},
    {"hours": "NaN", "micro_improvements": "0", "note": "x"},
    {"hours": "1", "micro_improvements": "-3", "note": "x"},
    {"hours": "1", "micro_improvements": "10" * 20, "note": "x"},
    {"hours": "1", "micro_improvements": "0", "note": "nul\x00here"},
    {"hours": "1", "micro_improvements": "0", "note": "x" * 50_000},
    {"hours": "1", "micro_improvements": "0", "note": "   "},
    {},
])
def test_bad_resubmissions_are_a_400_and_write_nothing(client, private, data):
    client.force_login(private["author"])
    response = client.post(f"/me/contributions/{private['work'].pk}/resubmit/", data)
    assert response.status_code == 400
    _unchanged(private)


@pytest.mark.parametrize("comment", ["", "   ", "nul\x00here", "x" * 50_000])
def test_bad_send_back_comments_are_a_400_and_write_nothing(client, private, comment):
    work = services.contribution_log(claim=private["claim"], volunteer=private["author"],
                                     date=timezone.localdate(), hours=Decimal("1"),
                                     micro_improvements=0)
    client.force_login(private["peer"])
    response = client.post(f"/me/verify/contributions/{work.pk}/send-back/",
                           {"comment": comment})
    assert response.status_code == 400
    work.refresh_from_db()
    assert work.status == Contribution.Status.SUBMITTED and not work.verifications.exists()


def test_resubmitting_twice_is_refused_the_second_time(client, private):
    client.force_login(private["author"])
    url = f"/me/contributions/{private['work'].pk}/resubmit/"
    data = {"hours": "1.5", "micro_improvements": "1", "note": "Named it."}
    assert client.post(url, data).status_code == 302
    again = client.post(url, {**data, "hours": "20"})
    assert again.status_code == 409 and "Only a contribution sent back" in again.content.decode()
    work = Contribution.objects.get(pk=private["work"].pk)
    assert work.hours == Decimal("1.5") and Resubmission.objects.count() == 1


def test_verified_work_cannot_be_sent_back(client, private):
    client.force_login(private["author"])
    client.post(f"/me/contributions/{private['work'].pk}/resubmit/",
                {"hours": "1", "micro_improvements": "1", "note": "Named it."})
    services.contribution_verify(contribution=private["work"], verifier=private["peer"])
    client.force_login(private["peer"])
    url = f"/me/verify/contributions/{private['work'].pk}/send-back/"
    assert client.post(url, {"comment": "Changed my mind."}).status_code == 404
    work = Contribution.objects.get(pk=private["work"].pk)
    assert work.status == Contribution.Status.VERIFIED
    assert not work.verifications.filter(comment="Changed my mind.").exists()


@pytest.mark.parametrize("status", [Claim.Status.RELEASED, Claim.Status.COMPLETED])
def test_renewing_or_handing_over_an_ended_claim_says_why(client, private, status):
    claim = private["claim"]
    Claim.objects.filter(pk=claim.pk).update(
        status=status, term_ends_at=timezone.now() + dt.timedelta(days=2))
    client.force_login(private["author"])
    for url in (f"/me/claims/{claim.pk}/renew-term/", f"/me/claims/{claim.pk}/hand-over/"):
        response = client.post(url, {}, follow=True)
        assert response.status_code == 200
        assert "error" in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == status and claim.renewed_at is None


@pytest.mark.parametrize("data", [{"handoff_note": "nul\x00here"},
                                  {"handoff_ask": "x" * 301},
                                  {"handoff_open": "x" * 5000}])
def test_bad_hand_over_notes_are_a_message_and_change_nothing(client, private, data):
    claim = private["claim"]
    Claim.objects.filter(pk=claim.pk).update(term_ends_at=timezone.now() + dt.timedelta(days=2))
    client.force_login(private["author"])
    response = client.post(f"/me/claims/{claim.pk}/hand-over/", data, follow=True)
    assert response.status_code == 200 and "at most" in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == Claim.Status.ACTIVE and claim.handoff_note == ""


def _offer(role, who, expires_in):
    entry = WaitlistEntry.objects.create(
        role=role, volunteer=who, organization_id=role.organization_id,
        status=WaitlistEntry.Status.OFFERED, offered_at=timezone.now() - dt.timedelta(days=2),
        offer_expires_at=timezone.now() + expires_in)
    return entry


def test_accepting_an_offer_after_it_lapsed_is_refused(client, db):
    role = factories.RoleFactory(seats=1)
    who = person(20)
    entry = _offer(role, who, -dt.timedelta(minutes=1))  # lapsed, not yet swept
    client.force_login(who)
    page = client.post(f"/me/waitlist/{entry.pk}/accept/", follow=True).content.decode()
    assert "no longer open" in page
    assert not Claim.objects.filter(role=role).exists()


def test_someone_else_s_offer_is_404(client, db):
    role = factories.RoleFactory(seats=1, initiative__is_public=False)
    entry = _offer(role, person(20), dt.timedelta(hours=40))
    client.force_login(_outsider("other_org_orchestrator"))
    assert client.post(f"/me/waitlist/{entry.pk}/accept/").status_code == 404
    assert client.post(f"/me/waitlist/{entry.pk}/leave/").status_code == 404
    entry.refresh_from_db()
    assert entry.status == WaitlistEntry.Status.OFFERED
    assert not Claim.objects.filter(role=role).exists()


def test_a_lapsed_offer_no_longer_opens_the_hand_off_notes(client, db):
    """Notes go to whoever is offered a seat *now*; an offer past its hold is not that."""
    role = factories.RoleFactory(seats=1)
    earlier = services.claim_role(role=role, volunteer=person(20))
    services.claim_release(claim=earlier, volunteer=earlier.volunteer,
                           handoff_note="Keys are with Rosa at 12 Elm Street.")
    current = services.claim_role(role=role, volunteer=person(20))
    assert current.status == Claim.Status.ACTIVE
    who = person(20)
    entry = _offer(role, who, dt.timedelta(hours=1))
    client.force_login(who)
    assert "Elm Street" in client.get(f"/roles/{role.pk}/").content.decode()
    WaitlistEntry.objects.filter(pk=entry.pk).update(
        offer_expires_at=timezone.now() - dt.timedelta(minutes=1))
    assert "Elm Street" not in client.get(f"/roles/{role.pk}/").content.decode()


# --- proposals to leadership (initiative page forms) ---------------------------------------


@pytest.fixture
def proposal(db):
    initiative = factories.InitiativeFactory(is_public=False)
    author = person(6)
    factories.MembershipFactory(organization=initiative.organization, user=author)
    return services.proposal_submit(initiative=initiative, author=author,
                                    title="Repair café", description="Monthly repair evening.")


ACCEPT = {"hours_per_week": "2", "seats": "1", "capability": "inventing"}


def test_a_plain_member_cannot_accept_or_decline(client, proposal):
    client.force_login(staff(proposal.organization, Membership.Level.MEMBER))
    assert client.post(f"/proposals/{proposal.pk}/accept/", ACCEPT).status_code == 404
    assert client.post(f"/proposals/{proposal.pk}/decline/",
                       {"reason": "No."}).status_code == 404
    proposal.refresh_from_db()
    assert proposal.status == proposal.Status.PENDING and not Role.objects.exists()


@pytest.mark.parametrize("data", [
    {**ACCEPT, "hours_per_week": "-2"}, {**ACCEPT, "seats": "100000"},
    {**ACCEPT, "capability": "ruling"}, {**ACCEPT, "supporting_titles": "a\x00b"},
    {**ACCEPT, "supporting_titles": "x" * 200}, {**ACCEPT, "supporting_titles": "a\nb\nc\nd\ne\nf"},
])
def test_bad_accept_input_is_a_message_and_writes_nothing(client, proposal, data):
    client.force_login(staff(proposal.organization))
    response = client.post(f"/proposals/{proposal.pk}/accept/", data, follow=True)
    assert response.status_code == 200 and "error" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == proposal.Status.PENDING
    assert not Role.objects.exists() and not WaitlistEntry.objects.exists()


def test_accepting_twice_makes_one_role(client, proposal):
    client.force_login(staff(proposal.organization))
    client.post(f"/proposals/{proposal.pk}/accept/", ACCEPT)
    page = client.post(f"/proposals/{proposal.pk}/accept/", ACCEPT, follow=True)
    assert "accepted already" in page.content.decode()
    assert Role.objects.count() == 1 and WaitlistEntry.objects.count() == 1


# --- the renew link and the rotation e-mails -------------------------------------------------


@pytest.mark.parametrize("payload", [["c", 1], "a string", {"c": "x", "v": 1, "r": "y"},
                                     {"c": 999999, "v": 1, "r": "2026-11-01T00:00:00+00:00"},
                                     {"v": 1}, None])
def test_odd_but_signed_renew_tokens_are_a_400_that_names_nothing(client, private, payload):
    from django.core import signing

    from roles.services import rotation

    token = signing.dumps(payload, salt=rotation.RENEW_SALT, compress=True)
    for response in (client.get(f"/claims/renew/{token}/"),
                     client.post(f"/claims/renew/{token}/")):
        assert response.status_code == 400
        assert private["role"].title not in response.content.decode()
    _unchanged(private)


@pytest.mark.parametrize("token", ["%00", "a" * 5000, "a.b:c", "é"])
def test_garbage_renew_tokens_are_a_400(client, db, token):
    assert client.post(f"/claims/renew/{token}/").status_code == 400


def test_term_and_expiry_e_mails_go_to_the_holder_only(private):
    from django.core import mail

    from roles import tasks

    claim = private["claim"]
    Claim.objects.filter(pk=claim.pk).update(term_reminded_at=timezone.now(),
                                             term_ends_at=timezone.now() + dt.timedelta(days=3))
    mail.outbox.clear()
    assert tasks.send_term_reminder(claim.pk) is True
    assert tasks.send_expiry_notice(claim.pk) is False  # still active: nothing to say
    assert tasks.send_term_reminder(999999) is False
    assert [m.to for m in mail.outbox] == [[private["author"].email]]
    assert "Elm Street" not in mail.outbox[0].body  # the peer's comment is not in it


# --- apprentices: a mentor must be able to see the role ---------------------------------------


def test_a_past_holder_who_left_the_organization_is_not_made_mentor_of_a_private_role(db):
    """The mentor reads the apprentice's work in the verification queue: someone who left the
    organization would read a private initiative's rows again."""
    from people.models import Membership as M

    role = factories.RoleFactory(initiative__is_public=False, seats=1, apprentice_seats=1)
    former = person(20)
    membership = factories.MembershipFactory(organization=role.organization, user=former)
    claim = services.claim_role(role=role, volunteer=former)
    services.claim_complete(claim=claim, volunteer=former)
    M.objects.filter(pk=membership.pk).delete()
    newcomer = person(20)
    factories.MembershipFactory(organization=role.organization, user=newcomer)
    from crowddo.errors import DomainError

    try:
        apprenticeship = services.claim_role(role=role, volunteer=newcomer,
                                             kind=Claim.Kind.APPRENTICE)
    except DomainError:
        return  # nobody who may see the role can mentor: refused, which is fine
    assert apprenticeship.mentor_id != former.pk


def test_a_mentor_who_leaves_a_private_organization_loses_the_apprentice_s_work(db):
    """Paired while a member; after leaving, the apprentice's private work is out of reach."""
    from crowddo.errors import NotAllowed
    from people import access
    from roles import selectors

    role = factories.RoleFactory(initiative__is_public=False, seats=1, apprentice_seats=1)
    mentor, newcomer = person(20), person(20)
    membership = factories.MembershipFactory(organization=role.organization, user=mentor)
    factories.MembershipFactory(organization=role.organization, user=newcomer)
    seat = services.claim_role(role=role, volunteer=mentor)
    apprenticeship = services.claim_role(role=role, volunteer=newcomer, kind=Claim.Kind.APPRENTICE)
    work = services.contribution_log(claim=apprenticeship, volunteer=newcomer,
                                     date=timezone.localdate(), hours=Decimal(1))
    services.claim_release(claim=seat, volunteer=mentor)  # holds nothing here any more
    assert apprenticeship.mentor_id == mentor.pk
    assert list(selectors.contributions_to_verify(mentor)) == [work]  # still their mentor

    Membership.objects.filter(pk=membership.pk).delete()
    access.forget(mentor)
    assert list(selectors.contributions_to_verify(mentor)) == []
    with pytest.raises(NotAllowed):
        services.contribution_verify(contribution=work, verifier=mentor)
    assert Contribution.objects.get(pk=work.pk).status == Contribution.Status.SUBMITTED
