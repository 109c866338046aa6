"""Errors a person can act on: every database constraint of the app models has a message in
plain words, and no constraint name reaches the page."""

import re

import pytest
from django.apps import apps
from django.db import IntegrityError

from initiatives.models import Decision
from people.admin.tenancy import UNKNOWN_CONFLICT, constraint_message
from roles.models import Role
from tests import factories

APPS = ("people", "initiatives", "roles", "governance", "dashboards", "webhooks")
CONSTRAINTS = sorted(
    ((model, constraint) for model in apps.get_models() if model._meta.app_label in APPS
     for constraint in model._meta.constraints),
    key=lambda mc: mc[1].name)


def test_the_walk_finds_every_constraint():
    assert len(CONSTRAINTS) >= 40  # a refactor that hides them from the walk fails here


@pytest.mark.parametrize(("model", "constraint"), CONSTRAINTS,
                         ids=[c.name for _, c in CONSTRAINTS])
def test_every_constraint_has_a_plain_words_message(model, constraint):
    message = str(constraint.violation_error_message)
    assert message != str(constraint.default_violation_error_message), \
        f"{model._meta.label}.{constraint.name}: give it a violation_error_message"
    assert constraint.name not in message
    assert not re.search(r"\w_\w", message), message  # no field or constraint names
    assert message[0].isupper() and message.endswith("."), message
    # A write the form could not check (the database refused it) shows the same words.
    refused = IntegrityError(f'new row for relation "{model._meta.db_table}" violates check '
                             f'constraint "{constraint.name}"')
    assert constraint_message(refused) == message


def test_an_unknown_database_refusal_still_reads_as_words():
    assert constraint_message(IntegrityError('violates "something_else"')) == \
        str(UNKNOWN_CONFLICT)


@pytest.fixture
def as_orchestrator(client, orchestrator):
    client.force_login(orchestrator)
    return client


def test_seats_0_on_a_new_role_is_a_form_error_in_plain_words(as_orchestrator, org):
    initiative = factories.InitiativeFactory(organization=org)
    page = as_orchestrator.post("/admin/roles/role/add/", {
        "initiative": initiative.pk, "title": "Mapper", "responsibility": "Map",
        "hours_per_week": "2", "duration_weeks": "4", "seats": "0", "apprentice_seats": "0",
        "capability": "sensemaking", "status": "open", "stale_after_days": "14",
        "claims-TOTAL_FORMS": "0", "claims-INITIAL_FORMS": "0"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "role_seats_gte_1" not in text and "Constraint" not in text
    errors = str(page.context["adminform"].form.errors)
    assert "seat" in errors
    assert not Role.objects.exists()


def test_a_decision_without_a_target_is_a_form_error_in_plain_words(as_orchestrator, org):
    page = as_orchestrator.post("/admin/initiatives/decision/add/", {
        "decided_on": "2026-03-01", "title": "Meet monthly", "rationale": "Less churn",
        "decided_by": "The board"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "decision_one_target" not in text and "Constraint" not in text
    assert "choose exactly one of the two" in text
    assert not Decision.objects.exists()
