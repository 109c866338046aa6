"""Property-based bad input (hypothesis) for the forms and services on this branch:
always a 4xx or a form error with a message, never a 500, never a partial write.
The API gets the same treatment with schemathesis once it exists (tests/api)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crowddo.errors import DomainError
from people.models import User
from roles import services
from roles.models import Claim, Contribution
from tests import factories

FUZZ = settings(max_examples=25, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])
nasty_text = st.one_of(
    st.text(max_size=300),
    st.sampled_from(["\x00", "a\x00b", "<script>alert(1)</script>", "' OR 1=1 --", "🙂" * 50,
                     "x" * 5000, " ", "@", "user@", "@example.org", "a@b", "\u202e"]),
)
form_values = st.one_of(nasty_text, st.integers().map(str), st.just(""))


pytestmark = pytest.mark.usefixtures("fresh_cache")  # rate limiters count in the cache


@FUZZ
@given(email=form_values, password1=form_values, password2=form_values)
def test_signup_never_fails_with_a_server_error(client, db, email, password1, password2):
    users_before = User.objects.count()
    response = client.post("/accounts/signup/",
                           {"email": email, "password1": password1, "password2": password2})
    assert response.status_code < 500
    if response.status_code == 200:  # the form came back with errors: nothing was written
        assert User.objects.count() == users_before
        assert "errorlist" in response.content.decode() or "error" in response.content.decode()


@FUZZ
@given(login=form_values, password=form_values)
def test_login_never_fails_with_a_server_error(client, db, login, password):
    response = client.post("/accounts/login/", {"login": login, "password": password})
    assert response.status_code in (200, 400, 429)
    assert "_auth_user_id" not in client.session


@FUZZ
@given(password=form_values, confirm=st.sampled_from(["", "on", "yes", "\x00", "0"]))
def test_account_deletion_form_refuses_bad_input_with_a_message(client, db, password, confirm):
    person = factories.UserFactory()
    client.force_login(person)
    response = client.post("/me/delete/", {"password": password, "confirm": confirm})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()  # the error is shown next to the field
    person.refresh_from_db()
    assert person.is_active and person.email.endswith("@example.org")


@pytest.fixture
def claim(db):
    volunteer = factories.ProfileFactory(weekly_capacity_hours=10).user
    claim = services.claim_role(role=factories.RoleFactory(seats=3), volunteer=volunteer)
    Claim.objects.filter(pk=claim.pk).update(claimed_at=timezone.now() - dt.timedelta(days=10))
    claim.refresh_from_db()
    return claim


@FUZZ
@given(
    days_ago=st.integers(min_value=-400, max_value=800),
    hours=st.one_of(st.decimals(allow_nan=False, allow_infinity=False, places=2,
                                min_value=-1000, max_value=1000),
                    st.sampled_from([Decimal("0"), Decimal("0.01"), Decimal("24"),
                                     Decimal("24.01")])),
    count=st.integers(min_value=-(10**12), max_value=10**12),
    note=nasty_text,
)
def test_contribution_log_accepts_valid_values_and_refuses_others_whole(
        claim, days_ago, hours, count, note):
    before = Contribution.objects.filter(claim=claim).count()
    activity_before = Claim.objects.get(pk=claim.pk).last_activity_at
    try:
        services.contribution_log(
            claim=claim, volunteer=claim.volunteer, hours=hours, micro_improvements=count,
            date=timezone.localdate() - dt.timedelta(days=days_ago), note=note)
    except DomainError as exc:
        assert exc.status_code in (400, 403, 409) and exc.message.endswith(".")
        assert Contribution.objects.filter(claim=claim).count() == before
        assert Claim.objects.get(pk=claim.pk).last_activity_at == activity_before
    else:
        assert Contribution.objects.filter(claim=claim).count() == before + 1
        assert 0 <= days_ago <= 10 and Decimal("0") < hours <= Decimal("24")


@pytest.mark.parametrize("note", ["\x00", "before\x00after"])
def test_a_nul_character_in_free_text_is_refused_with_a_message(claim, note):
    with pytest.raises(DomainError, match="NUL character"):
        services.contribution_log(claim=claim, volunteer=claim.volunteer, hours=Decimal("1"),
                                  date=timezone.localdate(), note=note)
    with pytest.raises(DomainError, match="NUL character"):
        services.claim_release(claim=claim, volunteer=claim.volunteer, handoff_note=note)
    with pytest.raises(DomainError, match="NUL character"):
        services.claim_complete(claim=claim, volunteer=claim.volunteer, handoff_note=note)
    claim.refresh_from_db()
    assert claim.status == "active" and claim.contributions.count() == 0
