"""E-mails are written in the recipient's stored language (people.mail), whatever language
the worker or the sender's page is in; the switcher, the profile and sign-up store it."""

import pytest
from django.core import mail
from django.test import Client
from django.utils import translation

from dashboards.models import Milestone
from dashboards.services.milestones import milestone_announce
from roles import services, tasks
from roles.models import WaitlistEntry
from tests import factories
from tests.builders import person


@pytest.fixture
def offer(db):
    """A seat offer to `waiter`, e-mailed by the task (not yet sent)."""

    def make(**user):
        role = factories.RoleFactory(seats=1, hours_per_week=2, title="Map the wells")
        holder = person()
        claim = services.claim_role(role=role, volunteer=holder)
        waiter = person(**user)
        services.waitlist_join(role=role, volunteer=waiter)
        services.claim_release(claim=claim, volunteer=holder)
        mail.outbox.clear()
        return WaitlistEntry.objects.get(volunteer=waiter)

    return make


def test_a_task_email_to_a_hindi_reader_is_in_hindi(offer):
    entry = offer(language="hi")
    with translation.override("es"):  # whatever the worker happens to have active
        assert tasks.send_seat_offer(entry.pk)
    [message] = mail.outbox
    assert message.to == [entry.volunteer.email]
    assert message.subject.startswith("48 ") and "के लिए एक स्थान आपका है: Map the wells" in (
        message.subject
    )
    assert "में एक स्थान खुला है, और प्रतीक्षा सूची में आप पहले हैं" in message.body
    assert "Good news" not in message.body and "Buenas" not in message.body


def test_a_task_email_to_someone_without_a_preference_is_in_the_default(offer):
    entry = offer()
    assert entry.volunteer.language == ""
    with translation.override("hi"):
        assert tasks.send_seat_offer(entry.pk)
    [message] = mail.outbox
    assert message.subject == "A seat is yours for 48 hours: Map the wells"
    assert 'Good news: a seat opened in "Map the wells"' in message.body


def test_a_celebration_goes_once_per_language_each_in_its_own(db):
    initiative = factories.InitiativeFactory(name="Clean rivers")
    readers = [person(language="hi"), person(language="pt-br"), person(), person(language="hi")]
    role = factories.RoleFactory(initiative=initiative, seats=len(readers))
    for reader in readers:
        factories.ContributionFactory(
            claim=services.claim_role(role=role, volunteer=reader), status="verified"
        )
    goal = Milestone.objects.create(
        key="t:goal", kind=Milestone.Kind.GOAL, initiative=initiative, percent=50
    )
    mail.outbox.clear()
    assert milestone_announce(milestone_id=goal.pk)
    sent = {tuple(sorted(m.bcc)): m for m in mail.outbox}
    hindi = sent[tuple(sorted([readers[0].email, readers[3].email]))]
    assert hindi.to == [] and "Clean rivers" in hindi.subject
    assert "Clean rivers ने अपने लक्ष्य" in hindi.subject, hindi.subject
    assert "Clean rivers chegou a 50% da meta" in sent[(readers[1].email,)].subject
    assert sent[(readers[2].email,)].subject == "CrowdDo: Clean rivers reached 50% of its goal"
    assert len(mail.outbox) == 3


def test_the_switcher_stores_the_choice_of_a_signed_in_person(client, db):
    user = person()
    client.force_login(user)
    response = client.post("/i18n/setlang/", {"language": "pt-br", "next": "/roles/"})
    assert response.status_code == 302 and response["Location"] == "/roles/"
    user.refresh_from_db()
    assert user.language == "pt-br"
    assert '<html lang="pt-br">' in client.get("/roles/").content.decode()
    client.post("/i18n/setlang/", {"language": "xx", "next": "/roles/"})  # not offered
    user.refresh_from_db()
    assert user.language == "pt-br"


def test_a_forged_switch_changes_the_cookie_but_not_the_stored_choice(db):
    user = person(language="hi")
    forged = Client(enforce_csrf_checks=True)
    forged.force_login(user)
    response = forged.post("/i18n/setlang/", {"language": "es", "next": "/roles/"})
    assert response.status_code == 302  # Django's switcher still answers as it did
    user.refresh_from_db()
    assert user.language == "hi"
    # The switcher on a signed-in page carries the token: the same post from it is stored.
    page = forged.get("/me/profile/").content.decode()
    token = page.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    forged.post(
        "/i18n/setlang/", {"language": "es", "next": "/roles/", "csrfmiddlewaretoken": token}
    )
    user.refresh_from_db()
    assert user.language == "es"


def test_the_profile_form_saves_the_language(client, db):
    user = person()
    client.force_login(user)
    page = client.get("/me/profile/").content.decode()
    assert 'name="language"' in page
    response = client.post("/me/profile/", {"weekly_capacity_hours": "4", "language": "hi"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.language == "hi"
    client.post("/me/profile/", {"weekly_capacity_hours": "4", "language": ""})
    user.refresh_from_db()
    assert user.language == ""
    refused = client.post("/me/profile/", {"weekly_capacity_hours": "4", "language": "xx"})
    assert refused.status_code == 200 and 'name="language"' in refused.content.decode()
    user.refresh_from_db()
    assert user.language == ""


def test_signing_up_stores_the_language_of_the_page(client, db, django_capture_on_commit_callbacks):
    from people.models import User

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/accounts/signup/",
            {
                "email": "nova@example.org",
                "password1": "a-long-pass-phrase-42",
                "password2": "a-long-pass-phrase-42",
                "display_name": "Nova",
            },
            HTTP_ACCEPT_LANGUAGE="es",
        )
    assert User.objects.get(email="nova@example.org").language == "es"
    [confirmation] = mail.outbox  # the sign-up e-mail, in the page's language
    assert confirmation.subject == (
        "[CrowdDo] Por favor, confirme su dirección de correo electrónico"
    )


def test_an_account_email_follows_the_stored_language_over_the_page(
    client, db, django_capture_on_commit_callbacks
):
    from tests.builders import verified

    user = verified(person(language="pt-br"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": user.email}, HTTP_ACCEPT_LANGUAGE="en")
    [reset] = mail.outbox
    assert reset.subject == "[CrowdDo] E-mail de redefinição de senha"
    assert "Clique no link abaixo para redefinir sua senha" in reset.body
