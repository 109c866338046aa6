"""Message the people of a role or an initiative: Celery-queued e-mails to
the holders or the waitlist, each with an opt-out link, recorded in the audit log."""

import pytest
from django.core import mail

from people.models import AuditEvent, User
from roles.models import Claim
from tests import builders, factories

MESSAGE = {"apply": "1", "audience": "holders", "subject": "Survey on Saturday",
           "body": "Meet at the bridge at nine."}


@pytest.fixture
def as_orchestrator(client, orchestrator):
    orchestrator.is_staff = True
    orchestrator.save()
    client.force_login(orchestrator)
    return client


@pytest.fixture
def role_with_people(org):
    role = factories.RoleFactory(initiative__organization=org, seats=3)
    holder, quiet = builders.person(), builders.person()
    User.objects.filter(pk=quiet.pk).update(wants_messages=False)
    for person in (holder, quiet):
        factories.ClaimFactory(role=role, volunteer=person)
    factories.ClaimFactory(role=role, status=Claim.Status.RELEASED)  # a former holder
    waiting = factories.WaitlistEntryFactory(role=role).volunteer
    return role, holder, quiet, waiting


def _send(client, path, pks, django_capture_on_commit_callbacks, **extra):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(path, {"action": extra.pop("action"),
                                  "_selected_action": [str(pk) for pk in pks],
                                  **MESSAGE, **extra})


def test_holders_get_it_with_an_opt_out_link_opted_out_and_others_do_not(
        as_orchestrator, org, role_with_people, django_capture_on_commit_callbacks, client):
    role, holder, quiet, waiting = role_with_people
    form = as_orchestrator.post("/admin/roles/role/", {
        "action": "message_people", "_selected_action": [str(role.pk)]})
    assert "Message the people of these roles" in form.content.decode()  # asks first
    assert mail.outbox == []
    _send(as_orchestrator, "/admin/roles/role/", [role.pk], django_capture_on_commit_callbacks,
          action="message_people")
    assert [m.to for m in mail.outbox] == [[holder.email]]
    sent = mail.outbox[0]
    assert sent.subject == "Survey on Saturday" and "Meet at the bridge" in sent.body
    stop = next(line for line in sent.body.splitlines() if "/messages/stop/" in line).strip()
    event = AuditEvent.objects.get(event_type="people_messaged")
    assert event.organization_id == org.pk
    assert event.details == {"audience": "holders", "recipients": 1}  # never the text

    # The link stops them: GET asks, POST stops (a mail scanner's GET changes nothing).
    path = stop.split("testserver")[-1] if "testserver" in stop else "/" + stop.split("/", 3)[3]
    assert client.get(path).status_code == 200
    assert User.objects.get(pk=holder.pk).wants_messages
    client.post(path)
    assert not User.objects.get(pk=holder.pk).wants_messages
    assert client.post("/messages/stop/forged/").status_code == 400


def test_the_waitlist_of_an_initiatives_roles(as_orchestrator, role_with_people,
                                              django_capture_on_commit_callbacks):
    role, holder, quiet, waiting = role_with_people
    _send(as_orchestrator, "/admin/initiatives/initiative/", [role.initiative_id],
          django_capture_on_commit_callbacks, action="message_initiative_people",
          audience="waitlist")
    assert [m.to for m in mail.outbox] == [[waiting.email]]


def test_another_organizations_people_get_nothing(as_orchestrator, other_org,
                                                  django_capture_on_commit_callbacks):
    theirs = factories.RoleFactory(initiative__organization=other_org)
    factories.ClaimFactory(role=theirs)
    _send(as_orchestrator, "/admin/roles/role/", [theirs.pk], django_capture_on_commit_callbacks,
          action="message_people")
    _send(as_orchestrator, "/admin/initiatives/initiative/", [theirs.initiative_id],
          django_capture_on_commit_callbacks, action="message_initiative_people")
    assert mail.outbox == []
    assert not AuditEvent.objects.filter(event_type="people_messaged").exists()


def test_milestone_e_mails_honour_the_opt_out(db):
    """The opt-out covers celebrations too (dashboards.services.milestones)."""
    from dashboards.models import Milestone
    from dashboards.services.milestones import milestone_announce

    wants, quiet = builders.person(), builders.person()
    User.objects.filter(pk=quiet.pk).update(wants_messages=False)
    for person in (wants, quiet):
        milestone = Milestone.objects.create(key=f"level:{person.pk}", kind="level_up",
                                             volunteer=person, level=1)
        milestone_announce(milestone_id=milestone.pk)
    assert [m.bcc for m in mail.outbox] == [[wants.email]]
    assert "/me/profile/" in mail.outbox[0].body  # where to stop them
