import datetime as dt
import hashlib
import hmac

import pytest
from django.conf import settings
from django.utils import timezone

from crowddo.errors import Invalid, InvalidState, NotAllowed
from people import services
from people.models import ApiKey
from tests import factories


def test_created_key_is_shown_once_and_stored_only_as_a_keyed_hash(org):
    key, plaintext = services.api_key_create(organization=org, name="Partner")
    prefix, secret = plaintext.split(".")
    assert key.prefix == prefix
    assert secret not in key.hashed_secret
    expected = hmac.new(settings.API_KEY_HASH_SECRET.encode(), secret.encode(),
                        hashlib.sha256).hexdigest()
    assert ApiKey.objects.get(pk=key.pk).hashed_secret == expected
    assert key.can_write is False


def test_authenticate_returns_the_key_for_the_right_secret(org):
    key, plaintext = services.api_key_create(organization=org, name="Partner", can_write=True)
    found = services.api_key_authenticate(plaintext)
    assert found == key and found.can_write
    assert ApiKey.objects.get(pk=key.pk).last_used_at is not None


@pytest.mark.parametrize("raw", ["", "nodot", "a.b.c", ".secret", "prefix.", None, 42,
                                 "x" * 40 + ".secret"])
def test_authenticate_refuses_malformed_keys(org, raw):
    services.api_key_create(organization=org, name="Partner")
    assert services.api_key_authenticate(raw) is None


def test_authenticate_refuses_a_wrong_secret_and_an_unknown_prefix(org):
    key, plaintext = services.api_key_create(organization=org, name="Partner")
    assert services.api_key_authenticate(f"{key.prefix}.wrong") is None
    assert services.api_key_authenticate("ffffffffffff." + plaintext.split(".")[1]) is None


def test_revoked_key_no_longer_authenticates(org):
    owner = factories.MembershipFactory(organization=org, level="owner").user
    key, plaintext = services.api_key_create(organization=org, name="Partner")
    services.api_key_revoke(key=key, actor=owner)
    assert services.api_key_authenticate(plaintext) is None
    with pytest.raises(InvalidState):
        services.api_key_revoke(key=key, actor=owner)


def test_another_organizations_orchestrator_cannot_revoke(org, other_org):
    outsider = factories.MembershipFactory(organization=other_org, level="orchestrator").user
    key, plaintext = services.api_key_create(organization=org, name="Partner")
    with pytest.raises(NotAllowed):
        services.api_key_revoke(key=key, actor=outsider)
    assert services.api_key_authenticate(plaintext) == key


def test_last_used_is_written_at_most_once_a_minute(org, django_assert_num_queries):
    key, plaintext = services.api_key_create(organization=org, name="Partner")
    services.api_key_authenticate(plaintext)
    with django_assert_num_queries(1):  # the lookup only, no UPDATE
        services.api_key_authenticate(plaintext)
    ApiKey.objects.filter(pk=key.pk).update(last_used_at=timezone.now() - dt.timedelta(minutes=2))
    with django_assert_num_queries(2):
        services.api_key_authenticate(plaintext)


def test_key_needs_a_name(org):
    with pytest.raises(Invalid, match="name"):
        services.api_key_create(organization=org, name="  ")
    assert not ApiKey.objects.exists()
