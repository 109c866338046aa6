"""The feedback exchange in "download my data" and "delete my account"."""

from decimal import Decimal

from django.utils import timezone

from people.privacy import ERASED, privacy_delete, privacy_export
from roles import services
from roles.models import Resubmission
from roles.services import feedback
from tests import builders, factories


def test_resubmission_answers_are_exported_and_erased(db):
    person = factories.ProfileFactory(weekly_capacity_hours=10).user
    peer = factories.ProfileFactory(weekly_capacity_hours=10).user
    role = factories.RoleFactory(seats=2)
    claim = services.claim_role(role=role, volunteer=person)
    builders.give_standing(peer, role.initiative, role=role)  # verified work of their own
    work = services.contribution_log(claim=claim, volunteer=person, date=timezone.localdate(),
                                     hours=Decimal("2"))
    feedback.contribution_send_back(contribution=work, verifier=peer, comment="Which school?")
    feedback.contribution_resubmit(contribution=work, volunteer=person, hours=1,
                                   micro_improvements=0, note="Call Zainab on 555-0101.")

    exported = privacy_export(person)["resubmissions"]
    assert [(r["note"], r["hours_before"]) for r in exported] == [
        ("Call Zainab on 555-0101.", "2.00")]

    privacy_delete(user=person)
    assert list(Resubmission.objects.values_list("note", flat=True)) == [ERASED]
