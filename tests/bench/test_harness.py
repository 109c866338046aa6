"""The benchmark harness's own logic (no timing is asserted anywhere)."""

import psycopg2
import pytest
from django.db import connection

from bench import claims, rawapp, refresh, rollup
from bench.common import Row, pct
from crowddo.errors import RoleFull
from dashboards import services as dashboards_services
from dashboards.models import InitiativeProgress
from dashboards.services import sql
from roles import services
from roles.models import Claim, Contribution, Role
from tests import factories


def test_row_ratio_and_target_decide_pass_or_fail():
    assert Row("x", "req/s", 60, 100, ">= 0.5").passed is True
    assert Row("x", "req/s", 40, 100, ">= 0.5").passed is False
    assert Row("x", "s", 3, 1, "<= 2").passed is False
    assert Row("x", "queries", 4, 4, "== 1").passed is True
    assert Row("x", "seats", 0, 0, "value == 0").passed is True
    assert Row("x", "seats", 1, 0, "value == 0").passed is False
    assert Row("x", "ms", 5, 1, "").passed is None
    assert Row("x", "ms", 5, 1, "").as_json()["ratio"] == 5


def test_percentiles_are_nearest_rank():
    values = [float(n) for n in range(1, 101)]
    assert pct(values, 50) == 50 and pct(values, 95) == 95 and pct(values, 100) == 100
    assert pct([], 95) == 0.0


def _raw_connection():
    s = connection.settings_dict
    return psycopg2.connect(dbname=s["NAME"], user=s["USER"], host=s["HOST"] or "127.0.0.1",
                            port=s["PORT"] or 5432, password=s["PASSWORD"] or None)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_raw_claim_baseline_refuses_what_claim_role_refuses():
    """The baseline must do the same work: a full role, a held role, a capacity overrun."""
    role = factories.RoleFactory(seats=1, hours_per_week=3)
    first, second = (factories.ProfileFactory(weekly_capacity_hours=4).user for _ in range(2))
    busy = factories.ProfileFactory(weekly_capacity_hours=2).user
    conn = _raw_connection()
    try:
        assert claims._raw_attempt(conn, role.pk, busy.pk) is False  # 3 h > 2 h capacity
        assert claims._raw_attempt(conn, role.pk, first.pk) is True
        assert claims._raw_attempt(conn, role.pk, first.pk) is False  # already held
        assert claims._raw_attempt(conn, role.pk, second.pk) is False  # full
    finally:
        conn.close()
    assert Claim.objects.filter(role=role, status="active").count() == 1
    assert claims.overbooked([role.pk]) == 0
    with pytest.raises(RoleFull):  # and the service agrees on the same data
        services.claim_role(role=role, volunteer=second)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_minimal_claim_baseline_is_the_counter_update_and_never_overbooks():
    role = factories.RoleFactory(seats=1, hours_per_week=3)
    first, second = (factories.ProfileFactory(weekly_capacity_hours=4).user for _ in range(2))
    conn = _raw_connection()
    try:
        assert claims._minimal_attempt(conn, role.pk, first.pk) is True
        assert claims._minimal_attempt(conn, role.pk, second.pk) is False  # full
    finally:
        conn.close()
    assert claims.overbooked([role.pk]) == 0
    role.refresh_from_db()
    assert role.seats_taken == 1
    with pytest.raises(RoleFull):  # the service reads the same counter
        services.claim_role(role=role, volunteer=second)


@pytest.mark.postgres
def test_raw_page_app_serves_public_initiatives_only(db, monkeypatch):
    public = factories.InitiativeFactory(status="active", is_public=True)
    private = factories.InitiativeFactory(status="active", is_public=False)
    monkeypatch.setattr(rawapp, "_cursor", lambda: connection.cursor())
    assert rawapp.initiative(public.slug)[0] == 200
    assert rawapp.initiative(private.slug)[0] == 404
    slugs = [i["slug"] for i in rawapp.home("")[1]["initiatives"]]
    assert public.slug in slugs and private.slug not in slugs


def test_the_raw_page_app_states_the_rules_as_the_rollups_generate_them():
    """The raw app runs without Django, so it spells the shared rules out: they must read
    exactly as the one definitions generate them."""
    assert sql.open_data("i") == rawapp.OPEN_DATA
    assert sql.takes_seat("c") == rawapp.TAKES_SEAT


@pytest.fixture
def every_state(db):
    """One initiative: claims of both kinds in every status, work in every status, a draft
    role and a full one."""
    initiative = factories.InitiativeFactory()
    role = factories.RoleFactory(initiative=initiative, seats=2)
    factories.RoleFactory(initiative=initiative, status=Role.Status.DRAFT)
    full = factories.RoleFactory(initiative=initiative, seats=1)
    factories.ClaimFactory(role=full)
    for n, (kind, status) in enumerate((k, s) for k in Claim.Kind for s in Claim.Status):
        claim = factories.ClaimFactory(role=role, kind=kind, status=status)
        for work in Contribution.Status:
            factories.ContributionFactory(claim=claim, date="2026-11-02", hours=n + 1,
                                          micro_improvements=10 * n + 1, status=work)
    return initiative


def _progress(initiative_id: int) -> tuple:
    p = InitiativeProgress.objects.get(initiative_id=initiative_id)
    return (p.contributions, p.hours, p.micro_improvements, p.active_claims,
            p.completed_claims, p.verified_claims, p.volunteers, p.roles_open, p.roles_filled,
            p.awaiting_contributions, p.awaiting_micro_improvements)


@pytest.mark.postgres
def test_raw_group_by_counts_what_the_rollup_counts(every_state):
    dashboards_services.rollup_initiative(initiative_id=every_state.pk)
    with connection.cursor() as cursor:
        cursor.execute(rollup.GROUP_BY)
        rows = {row[0]: row[1:] for row in cursor.fetchall()}
    (active, completed, verified, volunteers, contributions, hours, micro, awaiting,
     awaiting_micro) = rows[every_state.pk]
    p = _progress(every_state.pk)
    assert (contributions, hours, micro, active, completed, verified, volunteers) == p[:7]
    assert (awaiting, awaiting_micro) == p[9:]
    # verified work only; submitted and resubmitted are awaiting, sent back and held nowhere
    assert contributions == Contribution.objects.filter(status="verified").count()
    assert awaiting == Contribution.objects.filter(
        status__in=("submitted", "resubmitted")).count()


@pytest.mark.postgres
def test_raw_inline_refresh_writes_the_row_the_rollup_writes(every_state):
    dashboards_services.rollup_initiative(initiative_id=every_state.pk)
    expected = _progress(every_state.pk)
    InitiativeProgress.objects.all().delete()
    with connection.cursor() as cursor:
        cursor.execute(refresh.INLINE_UPSERT, {"i": every_state.pk})
    assert _progress(every_state.pk) == expected
    # open: two seats, one regular claim (the apprentice takes none); filled: the one-seat role
    assert expected[7:9] == (1, 1)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kind", ["crowddo", "raw", "minimal"])
def test_threads_on_one_role_fill_its_seats_after_one_warm_up_claim_each(kind):
    """The one-role race of the `… threads on one role` rows (8 threads here, not 32: the
    test database shares max_connections with the 40-thread race test): every attempt is
    counted, the seats fill and none is overbooked; each thread's warm-up claim is on the
    round's warm-up role, outside the figures."""
    rnd = claims.prepare_round(f"test-{kind}", 16, roles=1, clients=8)
    (role_id,) = rnd.role_ids

    result = claims.run_threads(kind, rnd, 8)

    seats = Role.objects.get(pk=role_id).seats
    assert seats == 12  # three quarters of the demand
    assert (result["attempts"], result["claimed"], result["overbooked"]) == (16, seats, 0)
    assert Claim.objects.filter(role_id=role_id, status="active").count() == seats
    warm = Claim.objects.filter(role_id=rnd.warm_role_id, status="active")
    assert sorted(warm.values_list("volunteer_id", flat=True)) == sorted(rnd.warm_volunteer_ids)


def test_the_one_role_rows_are_the_thread_races_against_both_baselines(monkeypatch):
    """`claims_rows` builds the `32 threads on one role` rows from the thread races (not the
    process rounds), against the full raw transaction and the minimal UPDATE."""
    rates = {"crowddo": 40.0, "raw": 100.0, "minimal": 200.0}
    seen = []

    def fake(kind, rnd, n, scale):
        seen.append((kind, n))
        return {"attempts": 1, "claimed": 1, "per_second": rates[kind] * scale, "p50_ms": 1.0,
                "p95_ms": 2.0, "overbooked": 0}

    monkeypatch.setattr(claims, "prepare_round", lambda *a, **k: claims.Round([1], [1]))
    monkeypatch.setattr(claims, "run_round", lambda kind, rnd, n: fake(kind, rnd, n, 1))
    monkeypatch.setattr(claims, "run_threads", lambda kind, rnd, n: fake(kind, rnd, n, 3))

    rows = {row.name: row for row in claims.claims_rows(32, 1, 1)}

    assert sorted(seen) == sorted([(k, 32) for k in rates] + [(k, claims.THREADS)
                                                              for k in rates])
    full = rows[f"claim contention, {claims.THREADS} threads on one role: attempts/s"]
    minimal = rows[f"claim contention, {claims.THREADS} threads on one role vs the minimal "
                   "conditional UPDATE: attempts/s"]
    assert (full.crowddo, full.baseline, full.ratio) == (120.0, 300.0, 0.4)
    assert (minimal.crowddo, minimal.baseline, minimal.ratio) == (120.0, 600.0, 0.2)
    assert full.passed is False and full.target == ">= 0.5"
    assert rows["claim contention: attempts/s"].ratio == 0.4  # the process rounds, apart
