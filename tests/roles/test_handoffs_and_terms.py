"""Hand-off notes (what is done, open, whom to ask) and terms: renew or hand over."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from crowddo.errors import Invalid, InvalidState, NotAllowed
from roles import services, tasks
from roles.models import Claim, WaitlistEntry
from roles.services import rotation
from tests import factories
from tests.builders import person, staff

HANDOFF = {"handoff_note": "Mapped the north side.", "handoff_open": "South side not started.",
           "handoff_ask": "Ask Rosa at the depot."}


# --- hand-off notes ------------------------------------------------------------------------


@pytest.mark.parametrize("service", [services.claim_release, services.claim_complete])
def test_release_and_complete_store_the_three_handoff_fields(db, service):
    claim = services.claim_role(role=factories.RoleFactory(), volunteer=person())
    service(claim=claim, volunteer=claim.volunteer, **HANDOFF)
    claim.refresh_from_db()
    assert (claim.handoff_note, claim.handoff_open, claim.handoff_ask) == tuple(HANDOFF.values())


def test_handoff_with_a_nul_or_too_long_is_refused_and_nothing_changes(db):
    claim = services.claim_role(role=factories.RoleFactory(), volunteer=person())
    with pytest.raises(Invalid):
        services.claim_release(claim=claim, volunteer=claim.volunteer, handoff_ask="x" * 301)
    with pytest.raises(Invalid):
        services.claim_complete(claim=claim, volunteer=claim.volunteer, handoff_open="a\x00b")
    claim.refresh_from_db()
    assert claim.status == Claim.Status.ACTIVE and claim.handoff_ask == ""


def test_me_forms_post_the_three_fields(client, db):
    user = person()
    claim = services.claim_role(role=factories.RoleFactory(), volunteer=user)
    client.force_login(user)
    page = client.get("/me/").content.decode()
    assert f'for="finish-open-{claim.pk}"' in page and 'name="handoff_ask"' in page
    response = client.post(f"/me/claims/{claim.pk}/complete/", HANDOFF)
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == Claim.Status.COMPLETED and claim.handoff_ask == HANDOFF["handoff_ask"]


def test_me_asks_for_the_handoff_once_and_both_buttons_send_it(client, db):
    # Two stacked copies of the fields lost the note typed into the one whose button was
    # not pressed; one form with two buttons sends what was typed, whichever is pressed.
    user = person()
    claim = services.claim_role(role=factories.RoleFactory(), volunteer=user)
    client.force_login(user)
    page = client.get("/me/").content.decode()
    assert page.count('name="handoff_note"') == 1
    form = page[page.index(f'action="/me/claims/{claim.pk}/complete/"'):]
    form = form[:form.index("</form>")]
    assert 'name="handoff_note"' in form
    assert f'formaction="/me/claims/{claim.pk}/release/"' in form


def test_too_long_whom_to_ask_from_me_is_a_message_not_a_500(client, db):
    user = person()
    claim = services.claim_role(role=factories.RoleFactory(), volunteer=user)
    client.force_login(user)
    response = client.post(f"/me/claims/{claim.pk}/release/", {"handoff_ask": "x" * 301},
                           follow=True)
    assert "300 for whom to ask" in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == Claim.Status.ACTIVE


def _role_with_history(**role_kwargs):
    """A role whose two earlier holders left notes (the older one first)."""
    role = factories.RoleFactory(seats=2, **role_kwargs)
    first, second = person(), person()
    for holder in (first, second):  # members, so private roles can be claimed too
        factories.MembershipFactory(organization=role.organization, user=holder)
    first = services.claim_role(role=role, volunteer=first)
    services.claim_release(claim=first, volunteer=first.volunteer, handoff_note="Older note")
    Claim.objects.filter(pk=first.pk).update(ended_at=timezone.now() - dt.timedelta(days=30))
    second = services.claim_role(role=role, volunteer=second)
    services.claim_complete(claim=second, volunteer=second.volunteer, **HANDOFF)
    return role


def test_the_current_holder_reads_earlier_notes_newest_first(client, db):
    role = _role_with_history()
    holder = person()
    services.claim_role(role=role, volunteer=holder)
    client.force_login(holder)
    page = client.get(f"/roles/{role.pk}/").content.decode()
    assert "Earlier holders' hand-off notes" in page
    assert page.index(HANDOFF["handoff_note"]) < page.index("Older note")
    assert HANDOFF["handoff_open"] in page and "Ask Rosa at the depot." in page


def test_someone_offered_a_seat_reads_the_notes(client, db):
    role = _role_with_history()
    holder = services.claim_role(role=role, volunteer=person())
    services.claim_role(role=role, volunteer=person())  # now full
    waiter = person()
    services.waitlist_join(role=role, volunteer=waiter)
    client.force_login(waiter)
    assert "Older note" not in client.get(f"/roles/{role.pk}/").content.decode()  # only waiting
    services.claim_release(claim=holder, volunteer=holder.volunteer)
    assert WaitlistEntry.objects.get(volunteer=waiter).status == WaitlistEntry.Status.OFFERED
    assert "Older note" in client.get(f"/roles/{role.pk}/").content.decode()


def test_the_organization_s_orchestrator_reads_the_notes(client, db):
    role = _role_with_history()
    client.force_login(staff(role.organization))
    assert "Older note" in client.get(f"/roles/{role.pk}/").content.decode()


@pytest.mark.parametrize("who", ["anonymous", "volunteer", "other_org_orchestrator",
                                 "earlier_holder"])
def test_the_public_and_other_organizations_do_not_read_the_notes(client, db, who):
    role = _role_with_history()
    if who == "volunteer":
        client.force_login(person())
    elif who == "other_org_orchestrator":
        client.force_login(staff(factories.OrganizationFactory()))
    elif who == "earlier_holder":  # a past holder no longer holds the role
        client.force_login(Claim.objects.filter(role=role).first().volunteer)
    page = client.get(f"/roles/{role.pk}/").content.decode()
    assert "Older note" not in page and "hand-off notes" not in page


def test_a_second_organization_s_orchestrator_gets_404_on_a_private_role(client, db):
    role = _role_with_history(initiative__is_public=False)
    client.force_login(staff(factories.OrganizationFactory()))
    assert client.get(f"/roles/{role.pk}/").status_code == 404


# --- terms ---------------------------------------------------------------------------------


def test_claim_sets_the_term_end_only_for_roles_with_a_term(db):
    termed = services.claim_role(role=factories.RoleFactory(term_weeks=8), volunteer=person())
    plain = services.claim_role(role=factories.RoleFactory(), volunteer=person())
    expected = timezone.now() + dt.timedelta(weeks=8)
    assert abs(termed.term_ends_at - expected) < dt.timedelta(minutes=1)
    assert plain.term_ends_at is None


def _termed_claim(days_left=3, **role_kwargs):
    role = factories.RoleFactory(term_weeks=8, **role_kwargs)
    volunteer = person()
    factories.MembershipFactory(organization=role.organization, user=volunteer)
    claim = services.claim_role(role=role, volunteer=volunteer)
    Claim.objects.filter(pk=claim.pk).update(
        term_ends_at=timezone.now() + dt.timedelta(days=days_left))
    claim.refresh_from_db()
    return claim


def test_renew_extends_by_one_term_in_the_last_week(db):
    claim = _termed_claim(days_left=3)
    Claim.objects.filter(pk=claim.pk).update(term_reminded_at=timezone.now(),
                                             reminded_at=timezone.now())
    old_end = claim.term_ends_at
    renewed = rotation.claim_renew_term(claim=claim, volunteer=claim.volunteer)
    assert renewed.term_ends_at == old_end + dt.timedelta(weeks=8)
    assert renewed.renewed_at is not None and renewed.term_reminded_at is None
    renewed.refresh_from_db()
    assert renewed.reminded_at is None  # staying is activity: the stale clock restarts too


def test_renew_past_the_end_counts_from_now(db):
    claim = _termed_claim(days_left=-10)
    renewed = rotation.claim_renew_term(claim=claim, volunteer=claim.volunteer)
    assert renewed.term_ends_at > timezone.now() + dt.timedelta(weeks=8, minutes=-1)


def test_renew_is_refused_early_for_others_and_without_a_term(db):
    early = _termed_claim(days_left=30)
    with pytest.raises(InvalidState, match="last week of your term"):
        rotation.claim_renew_term(claim=early, volunteer=early.volunteer)
    due = _termed_claim(days_left=2)
    with pytest.raises(NotAllowed):
        rotation.claim_renew_term(claim=due, volunteer=person())
    plain = services.claim_role(role=factories.RoleFactory(), volunteer=person())
    with pytest.raises(InvalidState, match="no term"):
        rotation.claim_renew_term(claim=plain, volunteer=plain.volunteer)


def test_hand_over_completes_with_notes_and_offers_the_seat_on(
    db, django_capture_on_commit_callbacks
):
    claim = _termed_claim(days_left=2)
    waiter = person()
    services.waitlist_join(role=claim.role, volunteer=waiter)
    with django_capture_on_commit_callbacks(execute=True):
        services.claim_hand_over(claim=claim, volunteer=claim.volunteer, **HANDOFF)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.COMPLETED and claim.handoff_open == HANDOFF["handoff_open"]
    assert WaitlistEntry.objects.get(volunteer=waiter).status == WaitlistEntry.Status.OFFERED
    assert [m.to for m in mail.outbox] == [[waiter.email]]


def test_hand_over_by_someone_else_is_refused(db):
    claim = _termed_claim()
    with pytest.raises(NotAllowed):
        services.claim_hand_over(claim=claim, volunteer=person())
    claim.refresh_from_db()
    assert claim.status == Claim.Status.ACTIVE


def test_term_reminder_is_sent_once_a_week_before_with_both_choices(
    db, django_capture_on_commit_callbacks
):
    due = _termed_claim(days_left=6)
    _termed_claim(days_left=20)  # not yet
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.remind_terms() == 1
        assert tasks.remind_terms() == 0
    assert [m.to for m in mail.outbox] == [[due.volunteer.email]]
    body = mail.outbox[0].body
    assert "Renew" in body and "Hand over" in body and f"/me/#claim-{due.pk}" in body


def test_past_the_term_end_nothing_is_taken_away(db):
    claim = _termed_claim(days_left=-30)
    services.claims_sweep_stale()  # recent activity: the stale rule does not apply either
    rotation.claims_remind_terms()
    claim.refresh_from_db()
    assert claim.status == Claim.Status.ACTIVE


def test_term_beat_task_is_scheduled(settings):
    assert settings.CELERY_BEAT_SCHEDULE["roles-remind-terms"]["task"] == "roles.tasks.remind_terms"


def test_me_shows_renew_or_hand_over_and_both_buttons_work(client, db):
    claim = _termed_claim(days_left=3)
    client.force_login(claim.volunteer)
    page = client.get("/me/").content.decode()
    assert "Your term ends on" in page and "renew or hand over" in page
    assert f'action="/me/claims/{claim.pk}/renew-term/"' in page
    assert f'action="/me/claims/{claim.pk}/hand-over/"' in page
    client.post(f"/me/claims/{claim.pk}/renew-term/")
    claim.refresh_from_db()
    assert claim.renewed_at is not None
    assert "Your term ends on" not in client.get("/me/").content.decode()  # next week, not now
    Claim.objects.filter(pk=claim.pk).update(term_ends_at=timezone.now() + dt.timedelta(days=1))
    client.post(f"/me/claims/{claim.pk}/hand-over/", HANDOFF)
    claim.refresh_from_db()
    assert claim.status == Claim.Status.COMPLETED and claim.handoff_ask == HANDOFF["handoff_ask"]


def test_another_volunteer_cannot_renew_or_hand_over_my_claim_from_the_web(client, db):
    claim = _termed_claim(days_left=3)
    client.force_login(person())
    assert client.post(f"/me/claims/{claim.pk}/renew-term/").status_code == 404
    assert client.post(f"/me/claims/{claim.pk}/hand-over/", HANDOFF).status_code == 404
    claim.refresh_from_db()
    assert claim.renewed_at is None and claim.status == Claim.Status.ACTIVE


def test_term_views_refuse_a_second_organization_s_orchestrator(client, db):
    claim = _termed_claim(days_left=3, initiative__is_public=False)
    client.force_login(staff(factories.OrganizationFactory()))
    assert client.post(f"/me/claims/{claim.pk}/renew-term/").status_code == 404
    assert client.post(f"/me/claims/{claim.pk}/hand-over/").status_code == 404


def test_orchestrators_set_a_term_through_the_role_service_and_the_admin(client, db):
    role = factories.RoleFactory()
    orchestrator = staff(role.organization)
    services.role_update(role=role, actor=orchestrator, term_weeks=6)
    role.refresh_from_db()
    assert role.term_weeks == 6
    with pytest.raises(Invalid):
        services.role_update(role=role, actor=orchestrator, term_weeks=0)
    with pytest.raises(NotAllowed):  # a second organization's orchestrator
        services.role_update(role=role, actor=staff(factories.OrganizationFactory()),
                             term_weeks=2)
    client.force_login(orchestrator)
    page = client.get(f"/admin/roles/role/{role.pk}/change/").content.decode()
    assert 'name="term_weeks"' in page


def test_removing_a_roles_term_ends_its_holders_terms_and_me_still_renders(client, db):
    # /me/ crashed ("Renew for None weeks") when an orchestrator emptied term_weeks while a
    # holder's term was ending.
    role = factories.RoleFactory(term_weeks=8)
    user = person()
    claim = services.claim_role(role=role, volunteer=user)
    Claim.objects.filter(pk=claim.pk).update(term_ends_at=timezone.now() + dt.timedelta(days=3))
    services.role_update(role=role, actor=staff(role.organization), term_weeks=None)
    claim.refresh_from_db()
    assert claim.term_ends_at is None and claim.status == Claim.Status.ACTIVE
    client.force_login(user)
    response = client.get("/me/")
    assert response.status_code == 200 and "Your term ends" not in response.content.decode()
