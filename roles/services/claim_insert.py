"""A new claim and its history row, written in one statement.

simple_history writes a claim's history row from `post_save`: a second INSERT built through
the ORM (a historical instance, its save), which cost a claim about a millisecond of CPU and
a round trip. On PostgreSQL, `insert_claim` writes both in one statement instead:

    WITH c AS (INSERT INTO roles_claim (…) VALUES (…) RETURNING *)
    INSERT INTO roles_historicalclaim (…) SELECT c.…, <history fields> FROM c RETURNING id

The history row carries every field simple_history gives it: the claim's columns as stored,
`history_type` '+', `history_date`, `history_user` (the request's user, from the history
middleware, or the instance's `_history_user`) and `history_change_reason` — asked of the
same `HistoricalRecords` (`roles.models.CLAIM_HISTORY`), so they cannot differ
(`tests/roles/test_claim_insert.py` compares the two rows). The column lists are read from
both models, so a field added to Claim flows into the statement. Elsewhere (SQLite, the
embedded default) or with SIMPLE_HISTORY_ENABLED off, the ORM's create and simple_history's
signal, as before.
"""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.db import connection
from django.utils import timezone

from roles.models import CLAIM_HISTORY, Claim

# The history's own fields, given as parameters; the others are the claim's columns.
_HISTORY_OWN = ("history_date", "history_change_reason", "history_type", "history_user_id")


@cache
def _statement() -> tuple[str, list]:
    """The SQL and the claim fields whose values it takes, in order (built once)."""
    fields = [f for f in Claim._meta.concrete_fields if not f.primary_key]
    history = Claim.history.model
    own = [history._meta.get_field(name.removesuffix("_id")) for name in _HISTORY_OWN]
    copied = [f for f in history._meta.concrete_fields
              if f not in own and f.attname != "history_id"]
    q = connection.ops.quote_name
    columns = ", ".join(q(f.column) for f in fields)
    history_columns = ", ".join(q(f.column) for f in copied + own)
    sql = (f"WITH c AS (INSERT INTO {q(Claim._meta.db_table)} ({columns}) "  # noqa: S608
           f"VALUES ({', '.join(['%s'] * len(fields))}) RETURNING *) "
           f"INSERT INTO {q(history._meta.db_table)} ({history_columns}) "
           f"SELECT {', '.join('c.' + q(f.column) for f in copied)}, "
           f"{', '.join(['%s'] * len(own))} FROM c RETURNING {q('id')}")
    return sql, fields


def insert_claim(**values) -> Claim:
    """Create the claim (`values` as for `Claim.objects.create`) with its history row '+'."""
    claim = Claim(**values)
    if connection.vendor != "postgresql" or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        claim.save(force_insert=True)  # the ORM's create; simple_history decides on history
        return claim
    sql, fields = _statement()
    params = [f.get_db_prep_save(f.pre_save(claim, True), connection) for f in fields]
    user = CLAIM_HISTORY.get_history_user(claim)
    params += [getattr(claim, "_history_date", timezone.now()),
               CLAIM_HISTORY.get_change_reason_for_object(claim, "+", None),
               "+", getattr(user, "pk", user)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        claim.pk = cursor.fetchone()[0]
    claim._state.adding, claim._state.db = False, connection.alias
    return claim
