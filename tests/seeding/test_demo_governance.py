from django.core.management import call_command

from governance import selectors as selectors_governance
from governance.models import CommitmentStatus, CoverageClaim, Story
from initiatives.models import Collective


def test_seed_demo_adds_governance_once_with_a_visible_gap(db, client, media):
    call_command("seed_demo", "--force", verbosity=0)
    counts = (CoverageClaim.objects.count(), Story.objects.count(),
              CommitmentStatus.objects.count())
    call_command("seed_demo", "--force", verbosity=0)
    assert (CoverageClaim.objects.count(), Story.objects.count(),
            CommitmentStatus.objects.count()) == counts
    collective = Collective.objects.get(slug="every-school-improving")
    grid = selectors_governance.coverage_grid(collective)
    assert grid.pieces == 9 and len(grid.gaps) == 3
    assert len(selectors_governance.featured_stories(None, collective)) == 2
    assert client.get("/collectives/every-school-improving/charter/").status_code == 200
