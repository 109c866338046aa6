"""Initiative proposals in the admin: an organization's orchestrators list them (pending
first), accept one into a draft initiative or decline it with a reason, on the row or as a bulk
action; another organization's managers never see or decide them. A new proposal e-mails the
organization's owners and orchestrators who still want messages, with a link from SITE_URL."""

import re

import pytest
from django.core import mail
from django.utils import translation

from initiatives.models import Initiative
from people.models import AuditEvent, Membership, User
from roles.models import InitiativeProposal, Role
from roles.services.initiative_proposals import initiative_proposal_submit
from tests import factories
from tests.builders import person, staff

LIST = "/admin/roles/initiativeproposal/"


@pytest.fixture
def as_orchestrator(client, org):
    client.force_login(staff(org, is_staff=True))
    return client


def propose(org, name="Clean wells", **fields):
    return initiative_proposal_submit(organization=org, author=person(8), name=name,
                                      purpose="Every village well tested monthly.",
                                      first_roles="Tester", **fields)


def test_accept_and_decline_from_the_row(as_orchestrator, org):
    one, two = propose(org), propose(org, name="Bake sale")
    listing = as_orchestrator.get(LIST).content.decode()
    assert "Clean wells" in listing and "Bake sale" in listing
    assert f"{LIST}{one.pk}/decide/accept/" in listing
    page = as_orchestrator.get(f"{LIST}{one.pk}/decide/accept/")
    assert page.status_code == 200 and "Clean wells" in page.content.decode()
    done = as_orchestrator.post(f"{LIST}{one.pk}/decide/accept/",
                                {"apply": "1", "hours_per_week": "3"})
    assert done.status_code == 302
    one.refresh_from_db()
    assert one.status == "accepted" and one.initiative.status == Initiative.Status.DRAFT
    assert set(Role.objects.filter(initiative=one.initiative)
               .values_list("title", "hours_per_week")) == {("Lead: Clean wells", 3),
                                                            ("Tester", 3)}
    # No reason: the form again, nothing decided.
    again = as_orchestrator.post(f"{LIST}{two.pk}/decide/decline/", {"apply": "1", "reason": " "})
    assert again.status_code == 200
    assert InitiativeProposal.objects.get(pk=two.pk).status == "pending"
    as_orchestrator.post(f"{LIST}{two.pk}/decide/decline/",
                         {"apply": "1", "reason": "We lack funds this year."})
    two.refresh_from_db()
    assert two.status == "declined" and two.decline_reason == "We lack funds this year."
    assert AuditEvent.objects.filter(event_type="proposals_declined",
                                     details={"initiative_proposal_id": two.pk}).exists()
    assert as_orchestrator.get(f"{LIST}{two.pk}/decide/accept/").status_code == 404


def test_bulk_decline_with_a_reason(as_orchestrator, org):
    ids = [str(propose(org, name=n).pk) for n in ("A plan", "B plan")]
    form = as_orchestrator.post(LIST, {"action": "decline_initiative_proposals",
                                       "_selected_action": ids})
    assert "Reason (the proposer will read it)" in form.content.decode()
    as_orchestrator.post(LIST, {"action": "decline_initiative_proposals",
                                "_selected_action": ids, "apply": "1", "reason": "Not now."})
    assert set(InitiativeProposal.objects.values_list("status", flat=True)) == {"declined"}


def test_another_organizations_managers_never_see_or_decide(as_orchestrator, org, other_org):
    theirs = propose(other_org, name="Their private plan")
    mine = propose(org, name="Our plan")
    listing = as_orchestrator.get(LIST).content.decode()
    assert "Our plan" in listing and "Their private plan" not in listing
    for verdict in ("accept", "decline"):
        assert as_orchestrator.get(f"{LIST}{theirs.pk}/decide/{verdict}/").status_code == 404
    assert as_orchestrator.get(f"{LIST}{theirs.pk}/change/").status_code == 404
    as_orchestrator.post(f"{LIST}{theirs.pk}/decide/decline/", {"apply": "1", "reason": "x"})
    as_orchestrator.post(LIST, {"action": "decline_initiative_proposals", "apply": "1",
                                "_selected_action": [str(theirs.pk)], "reason": "x"})
    theirs.refresh_from_db()
    assert theirs.status == "pending" and mine.status == "pending"


def test_the_workbench_counts_pending_initiative_proposals(as_orchestrator, org):
    propose(org)
    home = as_orchestrator.get("/admin/").content.decode()
    assert "Initiative proposals waiting for a decision" in home
    assert f"{LIST}?needs=pending&amp;organization__exact={org.pk}" in home


def test_a_new_proposal_emails_the_organizations_managers_who_want_messages(
        org, other_org, settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = "http://demo.example:8231"
    orchestrator = staff(org)
    owner = staff(org, Membership.Level.OWNER)
    quiet = staff(org)
    User.objects.filter(pk=quiet.pk).update(wants_messages=False)
    staff(org, Membership.Level.MEMBER)  # a plain member is not told
    staff(other_org)  # nor another organization's orchestrator
    with django_capture_on_commit_callbacks(execute=True):
        proposal = propose(org)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([orchestrator.email, owner.email])
    sent = mail.outbox[0]
    assert "Clean wells" in sent.subject
    assert "Every village well tested monthly." in sent.body and "Tester" in sent.body
    assert "http://demo.example:8231/admin/roles/initiativeproposal/?needs=pending" in sent.body
    assert "127.0.0.1:8000" not in sent.body
    assert proposal.status == "pending"


def test_the_proposal_email_speaks_each_managers_language(org,
                                                         django_capture_on_commit_callbacks):
    manager = staff(org, language="hi")
    with translation.override("es"), django_capture_on_commit_callbacks(execute=True):
        propose(org)
    [sent] = mail.outbox
    assert sent.to == [manager.email] and sent.subject.startswith("एक स्वयंसेवक")


def test_nothing_is_sent_for_a_proposal_decided_before_the_mail_went(org):
    from roles import tasks

    staff(org)
    proposal = propose(org)
    InitiativeProposal.objects.filter(pk=proposal.pk).update(status="declined")
    assert tasks.send_initiative_proposal_notice(proposal.pk) == 0
    assert mail.outbox == []


def test_the_api_lists_them_to_their_organizations_key_only(client, org, other_org):
    from tests.builders import api_key, bearer

    propose(org, name="Our plan")
    propose(other_org, name="Their plan")
    _, raw = api_key(org)
    page = client.get("/api/v1/initiative-proposals/", **bearer(raw))
    assert page.status_code == 200
    names = [row["name"] for row in page.json()["results"]]
    assert names == ["Our plan"]
    assert client.get("/api/v1/initiative-proposals/").status_code in (401, 403)


@pytest.mark.parametrize(("url", "name_column"), [
    (LIST, "field-name"), ("/admin/roles/proposal/", "field-title")])
def test_the_decision_comes_first_on_the_row(as_orchestrator, org, url, name_column):
    """On a phone the changelist scrolls sideways: the buttons come right after the row's
    checkbox, the name (the link to the row) after them, and the buttons' labels never wrap."""
    if "initiativeproposal" in url:
        propose(org)
    else:
        factories.ProposalFactory(initiative=factories.InitiativeFactory(organization=org))
    page = as_orchestrator.get(url).content.decode()
    row = re.search(r'<tr>\s*<td class="action-checkbox">.*?</tr>', page, re.S).group(0)
    cells = re.findall(r'<t[dh] class="([^"]+)"', row)
    assert cells[:2] == ["action-checkbox", "field-decide"]
    assert cells[2].split()[0] == name_column
    decide = re.search(r'<td class="field-decide">(.*?)</td>', row, re.S).group(1)
    assert decide.count('class="button decide"') == 2 and "/change/" not in decide
    assert "admin/crowddo_decide.css" in page
