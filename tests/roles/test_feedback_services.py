"""Send back with a comment, resubmit, verify after resubmit; the exchange stays with the work."""

from decimal import Decimal

import pytest
from django.utils import timezone

from crowddo.errors import Invalid, InvalidState, NotAllowed
from people.models import Membership
from roles import services
from roles.models import Claim, Contribution, Resubmission, Verification
from roles.services import feedback
from tests import builders, factories
from tests.builders import person


@pytest.fixture
def world(db):
    """A contributor with one submitted contribution and a peer in the same initiative."""
    role = factories.RoleFactory(seats=3)
    author, peer = person(20), person(20)
    claim = services.claim_role(role=role, volunteer=author)
    builders.give_standing(peer, role.initiative, role=role)  # verified work of their own
    work = services.contribution_log(claim=claim, volunteer=author, date=timezone.localdate(),
                                     hours=Decimal("2"), micro_improvements=3)
    return {"role": role, "author": author, "peer": peer, "claim": claim, "work": work}


def _send_back(w, comment="Add the school's name, please."):
    return feedback.contribution_send_back(contribution=w["work"], verifier=w["peer"],
                                           comment=comment)


def _resubmit(w, hours="1.5", count=2, note="Named it: Lincoln Primary."):
    return feedback.contribution_resubmit(contribution=w["work"], volunteer=w["author"],
                                          hours=Decimal(hours), micro_improvements=count,
                                          note=note)


def test_send_back_records_the_comment_and_marks_the_work(world):
    done = _send_back(world)
    assert done.status == Contribution.Status.SENT_BACK
    v = Verification.objects.get(contribution=world["work"])
    assert (v.outcome, v.comment, v.verifier) == ("sent_back", "Add the school's name, please.",
                                                  world["peer"])


def test_resubmit_keeps_what_changed_and_the_answer(world):
    _send_back(world)
    Claim.objects.filter(pk=world["claim"].pk).update(
        last_activity_at=timezone.now() - timezone.timedelta(days=9))
    r = _resubmit(world)
    work = Contribution.objects.get(pk=world["work"].pk)
    assert work.status == Contribution.Status.RESUBMITTED
    assert (work.hours, work.micro_improvements) == (Decimal("1.5"), 2)
    assert (r.hours_before, r.hours_after, r.note) == (Decimal("2"), Decimal("1.5"),
                                                       "Named it: Lincoln Primary.")
    claim = Claim.objects.get(pk=world["claim"].pk)
    assert timezone.now() - claim.last_activity_at < timezone.timedelta(minutes=1)


def test_verify_after_resubmit_keeps_the_whole_exchange_in_order(world):
    _send_back(world)
    _resubmit(world)
    services.contribution_verify(contribution=world["work"], verifier=world["peer"])
    assert Contribution.objects.get(pk=world["work"].pk).status == Contribution.Status.VERIFIED
    outcomes = list(Verification.objects.filter(contribution=world["work"])
                    .values_list("outcome", flat=True))
    assert outcomes == ["sent_back", "verified"]
    assert Resubmission.objects.filter(contribution=world["work"]).count() == 1


def test_a_resubmission_can_be_sent_back_again(world):
    _send_back(world)
    _resubmit(world)
    _send_back(world, comment="Still missing the date of the visit.")
    assert Contribution.objects.get(pk=world["work"].pk).status == Contribution.Status.SENT_BACK


def test_send_back_needs_a_comment(world):
    for empty in ("", "   "):
        with pytest.raises(Invalid, match="Say what needs to change"):
            _send_back(world, comment=empty)
    assert Contribution.objects.get(pk=world["work"].pk).status == Contribution.Status.SUBMITTED
    assert not Verification.objects.filter(contribution=world["work"]).exists()


def test_the_contributor_cannot_send_back_or_verify_their_own_work(world):
    with pytest.raises(NotAllowed):
        feedback.contribution_send_back(contribution=world["work"], verifier=world["author"],
                                        comment="Looks wrong.")
    _send_back(world)
    _resubmit(world)
    with pytest.raises(NotAllowed):
        services.contribution_verify(contribution=world["work"], verifier=world["author"])


def test_another_organizations_orchestrator_cannot_send_back(world):
    other = factories.MembershipFactory(level=Membership.Level.ORCHESTRATOR).user
    with pytest.raises(NotAllowed):
        feedback.contribution_send_back(contribution=world["work"], verifier=other,
                                        comment="Not yours to judge.")
    assert not Verification.objects.filter(contribution=world["work"]).exists()


def test_only_the_contributor_resubmits(world):
    _send_back(world)
    with pytest.raises(NotAllowed):
        feedback.contribution_resubmit(contribution=world["work"], volunteer=world["peer"],
                                       hours=1, micro_improvements=0, note="I fixed it.")
    assert not Resubmission.objects.exists()


def test_wrong_states_are_refused(world):
    with pytest.raises(InvalidState, match="Only a contribution sent back"):
        _resubmit(world)  # still submitted
    _send_back(world)
    with pytest.raises(InvalidState, match="sent back for changes"):
        _send_back(world)
    with pytest.raises(InvalidState, match="sent back for changes"):
        services.contribution_verify(contribution=world["work"], verifier=world["peer"])
    _resubmit(world)
    services.contribution_verify(contribution=world["work"], verifier=world["peer"])
    with pytest.raises(InvalidState, match="verified already"):
        _send_back(world)


def test_resubmit_needs_an_answer_and_sane_figures(world):
    _send_back(world)
    with pytest.raises(Invalid, match="Answer the comment"):
        _resubmit(world, note=" ")
    with pytest.raises(Invalid, match="Hours"):
        _resubmit(world, hours="30")
    with pytest.raises(Invalid, match="micro-improvements"):
        _resubmit(world, count=-1)
    assert Contribution.objects.get(pk=world["work"].pk).status == Contribution.Status.SENT_BACK
    assert not Resubmission.objects.exists()


def test_past_holders_verifications_are_marked(world):
    """Someone who held a seat of the role before (released, here) and still works in the
    initiative verifies: marked. A peer who never held it: not marked."""
    role = world["role"]
    veteran = person(20)
    old = services.claim_role(role=role, volunteer=veteran)
    services.claim_release(claim=old, volunteer=veteran)
    builders.give_standing(veteran, role.initiative)  # still works there, with verified work
    feedback.contribution_send_back(contribution=world["work"], verifier=veteran,
                                    comment="Which school?")
    _resubmit(world)
    services.contribution_verify(contribution=world["work"], verifier=world["peer"])
    marks = list(Verification.objects.filter(contribution=world["work"])
                 .values_list("verifier", "by_past_holder"))
    assert marks == [(veteran.pk, True), (world["peer"].pk, False)]


def test_past_holder_mark_on_claim_verification(world):
    """The holder completes the role; a peer who completed the same role before verifies it."""
    role = world["role"]
    services.claim_complete(claim=world["claim"], volunteer=world["author"])
    peer_claim = Claim.objects.get(role=role, volunteer=world["peer"])
    services.claim_complete(claim=peer_claim, volunteer=world["peer"])
    # the peer's completed seat of the same role is a past seat; they still work in the
    # initiative through it (completed claims keep the right to verify)
    services.claim_verify(claim=world["claim"], verifier=world["peer"])
    assert Verification.objects.get(claim=world["claim"]).by_past_holder is True


def test_current_holder_is_not_a_past_holder(world):
    services.contribution_verify(contribution=world["work"], verifier=world["peer"])
    assert Verification.objects.get(contribution=world["work"]).by_past_holder is False


def test_sent_back_mail_goes_out_after_commit_only(world, mailoutbox,
                                                   django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _send_back(world)
    assert mailoutbox == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [world["author"].email]
    assert "Needs changes" in mail.subject
    assert "Add the school's name, please." in mail.body
    assert "/me/" in mail.body


def test_sent_back_mail_task_is_idempotent_once_resubmitted(world, mailoutbox):
    from roles import tasks

    _send_back(world)
    _resubmit(world)
    assert tasks.send_contribution_sent_back(world["work"].pk) is False
    assert mailoutbox == []


def test_a_refused_send_back_sends_no_mail(world, mailoutbox,
                                           django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Invalid):
        _send_back(world, comment="")
    assert mailoutbox == []


def test_each_step_signals_progress(world):
    from roles.signals import progress_changed

    seen = []

    def listen(sender, **kwargs):
        seen.append(kwargs["initiative_id"])

    progress_changed.connect(listen)
    try:
        _send_back(world)
        _resubmit(world)
        services.contribution_verify(contribution=world["work"], verifier=world["peer"])
    finally:
        progress_changed.disconnect(listen)
    assert seen == [world["role"].initiative_id] * 3
