"""The role search's trigram indexes take new rows straight into the index (no pending list)."""

import pytest
from django.db import connection

INDEXES = ("role_title_trgm", "role_responsibility_trgm", "initiative_name_trgm")


@pytest.mark.postgres
@pytest.mark.django_db
def test_search_gin_indexes_have_fastupdate_off():
    with connection.cursor() as cur:
        cur.execute("SELECT relname, reloptions FROM pg_class WHERE relname = ANY(%s)",
                    [list(INDEXES)])
        options = dict(cur.fetchall())
    assert options == {name: ["fastupdate=off"] for name in INDEXES}
