"""A claim and its history row are written in one statement on PostgreSQL: the history row
must be the one simple_history writes for the same claim (every field but its own id and
the moment), and the claim the one the ORM creates."""

import pytest
from django.db import connection
from django.forms.models import model_to_dict
from django.test import RequestFactory
from simple_history.models import HistoricalRecords

from roles import services
from roles.models import CLAIM_HISTORY, Claim
from roles.services.claim_insert import insert_claim
from tests import factories

MOMENT = {"history_id", "history_date"}


def _row(history) -> dict:
    return {f.attname: getattr(history, f.attname) for f in history._meta.concrete_fields
            if f.attname not in MOMENT}


def _as_simple_history_writes_it(claim: Claim) -> dict:
    """What simple_history's post_save writes for this claim, compared, then removed."""
    before = set(Claim.history.filter(id=claim.pk).values_list("history_id", flat=True))
    CLAIM_HISTORY.create_historical_record(claim, "+")
    written = Claim.history.filter(id=claim.pk).exclude(history_id__in=before).get()
    row = _row(written)
    written.delete()
    return row


@pytest.fixture
def request_by():
    """A web request by `user` (the history middleware's context), undone afterwards."""
    def start(user):
        request = RequestFactory().post("/roles/claim/")
        request.user = user
        HistoricalRecords.context.request = request
    yield start
    del HistoricalRecords.context.request


@pytest.mark.postgres
def test_the_history_row_is_the_one_simple_history_writes(db, request_by):
    role = factories.RoleFactory(seats=2, hours_per_week=1, term_weeks=12)
    person = factories.ProfileFactory(weekly_capacity_hours=8).user
    request_by(person)

    claim = services.claim_role(role=role, volunteer=person)

    history = Claim.history.get(id=claim.pk)
    assert history.history_type == "+"
    assert history.history_user_id == person.pk
    assert history.history_change_reason is None
    assert claim.claimed_at <= history.history_date
    assert history.term_ends_at == claim.term_ends_at is not None
    assert _row(history) == _as_simple_history_writes_it(claim)


@pytest.mark.postgres
def test_without_a_request_the_history_row_has_no_user_as_simple_history_writes(db):
    role = factories.RoleFactory(seats=2, hours_per_week=1)
    person = factories.ProfileFactory(weekly_capacity_hours=8).user
    claim = services.claim_role(role=role, volunteer=person)
    history = Claim.history.get(id=claim.pk)
    assert history.history_user_id is None
    assert _row(history) == _as_simple_history_writes_it(claim)


@pytest.mark.postgres
def test_the_claim_is_the_one_the_orm_creates(db, monkeypatch):
    role = factories.RoleFactory(seats=2, hours_per_week=1)
    first, second = (factories.ProfileFactory(weekly_capacity_hours=8).user for _ in range(2))
    values = {"role": role, "organization_id": role.organization_id}

    one = insert_claim(volunteer=first, **values)
    monkeypatch.setattr(connection, "vendor", "sqlite")  # the ORM's create, simple_history
    other = insert_claim(volunteer=second, **values)

    fields = [f.name for f in Claim._meta.concrete_fields
              if f.name not in {"id", "volunteer", "claimed_at", "last_activity_at"}]
    stored = {c.pk: c for c in Claim.objects.filter(pk__in=[one.pk, other.pk])}
    for claim in (one, other):
        assert not claim._state.adding
        assert model_to_dict(stored[claim.pk], fields) == model_to_dict(claim, fields)
        assert (stored[claim.pk].claimed_at, stored[claim.pk].last_activity_at) == (
            claim.claimed_at, claim.last_activity_at)
    assert model_to_dict(one, fields) == model_to_dict(other, fields)
    assert Claim.history.filter(id__in=[one.pk, other.pk]).count() == 2
