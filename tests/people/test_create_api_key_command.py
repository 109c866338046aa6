import io

import pytest
from django.core.management import CommandError, call_command

from people import services
from people.models import ApiKey


def test_command_prints_a_working_read_only_key_once(org):
    out, err = io.StringIO(), io.StringIO()
    call_command("create_api_key", "--org", org.slug, "--name", "Partner", stdout=out, stderr=err)
    plaintext = out.getvalue().strip()
    key = services.api_key_authenticate(plaintext)
    assert key is not None and key.organization == org and not key.can_write
    assert plaintext.split(".")[1] not in ApiKey.objects.get().hashed_secret


def test_command_with_write_makes_a_writing_key(org):
    out = io.StringIO()
    call_command("create_api_key", "--org", org.slug, "--name", "P", "--write", stdout=out,
                 stderr=io.StringIO())
    assert services.api_key_authenticate(out.getvalue().strip()).can_write


def test_command_refuses_an_unknown_organization(db):
    with pytest.raises(CommandError, match="No organization"):
        call_command("create_api_key", "--org", "nope", "--name", "P")
    assert not ApiKey.objects.exists()
