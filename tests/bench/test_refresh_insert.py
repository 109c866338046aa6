"""The refresh row's raw INSERT (bench/refresh.py) against the migrated schema: it went
stale twice when columns were added, and nothing but the full-size benchmark ran it."""

import pytest
from django.db import connection

from bench import refresh
from dashboards import services as dashboards_services
from dashboards.models import InitiativeProgress
from roles.models import Claim, Contribution
from tests import factories


@pytest.mark.postgres
def test_raw_contribution_insert_writes_a_valid_contribution_awaiting_a_peer(db):
    claim = factories.ClaimFactory(status=Claim.Status.ACTIVE)
    initiative_id = claim.role.initiative_id

    with connection.cursor() as cur:
        pk = refresh.insert_raw_contribution(cur, claim)

    work = Contribution.objects.get(pk=pk)
    work.full_clean()  # every field valid as the model defines it
    assert (work.claim_id, work.organization_id) == (claim.pk, claim.organization_id)
    assert work.status in Contribution.AWAITING_PEER and work.hours == 1
    # The roll-up counts it where the refresh row waits for it: awaiting a peer, not counted.
    dashboards_services.rollup_initiative(initiative_id=initiative_id)
    progress = InitiativeProgress.objects.get(initiative_id=initiative_id)
    assert (progress.awaiting_contributions, progress.contributions) == (1, 0)
    with connection.cursor() as cur:
        cur.execute(refresh.PROGRESS, [initiative_id])
        assert cur.fetchone()[0] == 1
