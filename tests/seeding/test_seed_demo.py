from django.core.management import call_command

from dashboards.models import InitiativeProgress
from initiatives.models import Initiative
from people.models import User
from roles.models import Claim, Contribution


def counts():
    return (User.objects.count(), Initiative.objects.count(), Claim.objects.count(),
            Contribution.objects.count())


def test_seed_demo_is_idempotent_and_the_home_page_shows_it(db, client):
    call_command("seed_demo", "--force", verbosity=0)
    first = counts()
    call_command("seed_demo", "--force", verbosity=0)
    assert counts() == first
    assert first[0] >= 10 and first[1] >= 5 and first[2] >= 5 and first[3] >= 10

    response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Every classroom a little better" in page
    assert "Board succession" not in page  # a private initiative is not open data


def test_seed_demo_refuses_without_debug(db, settings):
    import pytest
    from django.core.management.base import CommandError

    settings.DEBUG = settings.LOCAL = False
    with pytest.raises(CommandError, match="DEBUG and DEMO_MODE off"):
        call_command("seed_demo", verbosity=0)


def test_rollup_command_recomputes_from_raw_rows(db):
    call_command("seed_demo", "--force", verbosity=0)
    InitiativeProgress.objects.all().delete()
    call_command("rollup", verbosity=0)
    progress = InitiativeProgress.objects.get(initiative__slug="school-improvement-ludhiana")
    raw = Contribution.objects.filter(claim__role__initiative__slug="school-improvement-ludhiana",
                                      status__in=Contribution.COUNTED)  # the counting rule
    assert progress.micro_improvements == sum(c.micro_improvements for c in raw)
    assert progress.contributions == raw.count()


def test_seed_demo_pairs_an_apprentice_with_a_mentor(db):
    call_command("seed_demo", "--force", verbosity=0)
    call_command("seed_demo", "--force", verbosity=0)
    apprentice = Claim.objects.get(kind=Claim.Kind.APPRENTICE)
    assert apprentice.role.apprentice_seats == 2
    assert (apprentice.volunteer.email, apprentice.mentor.email) == ("chidi@crowddo.test",
                                                                      "asha@crowddo.test")


def test_seed_demo_has_a_sent_back_contribution_its_contributor_sees(db, client):
    call_command("seed_demo", "--force", verbosity=0)
    sent_back = Contribution.objects.get(status=Contribution.Status.SENT_BACK)
    verdict = sent_back.verifications.get()
    assert verdict.comment and verdict.by_past_holder  # Asha held the role before Ben
    client.force_login(sent_back.claim.volunteer)
    page = client.get("/me/").content.decode()
    assert "Needs changes" in page and verdict.comment in page


def test_seed_demo_prints_no_mail_and_ends_with_the_logins(db, capsys, settings):
    """The seeding's e-mails are held back; the logins are the last lines printed."""
    from django.core import mail

    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    before = len(mail.outbox)
    call_command("seed_demo", "--force")
    out = capsys.readouterr().out
    assert "Subject:" not in out
    assert out.rstrip().splitlines()[-1].strip().startswith("dana@crowddo.test")
    assert len(mail.outbox) >= before
