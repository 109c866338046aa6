import pytest

from crowddo.errors import InvalidState, NotAllowed
from governance import selectors as selectors_governance
from governance import services as governance
from governance.models import CoverageClaim
from tests import factories


@pytest.fixture
def pieces(world):
    regions = [factories.RegionFactory(name=n) for n in ("Amritsar", "Ludhiana")]
    themes = [factories.ThemeFactory(collective=world.collective, name=n)
              for n in ("Reading", "Maths")]
    return {(r.name, t.name): factories.CoveragePieceFactory(theme=t, region=r)
            for r in regions for t in themes}


def test_coverage_grid_equals_the_claimed_pieces_and_shows_the_gaps(world, pieces,
                                                                    django_assert_max_num_queries):
    claims = [(("Amritsar", "Reading"), world.a, world.coord),
              (("Amritsar", "Reading"), world.b, world.b_orch),
              (("Ludhiana", "Maths"), world.b, world.b_orch)]
    for key, org, actor in claims:
        governance.coverage_claim(piece=pieces[key], organization=org, actor=actor)
    with django_assert_max_num_queries(3):
        grid = selectors_governance.coverage_grid(world.collective)
        shown = {(region.name, cell.theme.name, org.name)
                 for region, cells in grid.rows for cell in cells for org in cell.organizations}
    assert shown == {("Amritsar", "Reading", "Alpha"), ("Amritsar", "Reading", "Beta"),
                     ("Ludhiana", "Maths", "Beta")}
    assert {(p.region.name, p.theme.name) for p in grid.gaps} == {
        ("Amritsar", "Maths"), ("Ludhiana", "Reading")}
    assert len(selectors_governance.claimed_pieces(world.collective)) == len(shown)


def test_a_piece_is_claimed_once_per_organization_and_can_be_released(world, pieces):
    piece = pieces[("Ludhiana", "Reading")]
    governance.coverage_claim(piece=piece, organization=world.b, actor=world.b_orch)
    with pytest.raises(InvalidState, match="covers .* already"):
        governance.coverage_claim(piece=piece, organization=world.b, actor=world.b_orch)
    governance.coverage_release(piece=piece, organization=world.b, actor=world.b_orch)
    assert not CoverageClaim.objects.exists()
    with pytest.raises(InvalidState, match="does not cover"):
        governance.coverage_release(piece=piece, organization=world.b, actor=world.b_orch)


def test_outsiders_cannot_claim_or_release_pieces(world, pieces):
    piece = pieces[("Ludhiana", "Reading")]
    with pytest.raises(NotAllowed, match="not a member"):
        governance.coverage_claim(piece=piece, organization=world.x, actor=world.x_orch)
    with pytest.raises(NotAllowed):  # another organization's orchestrator, for Beta
        governance.coverage_claim(piece=piece, organization=world.b, actor=world.x_orch)
    with pytest.raises(NotAllowed):  # a plain member is not an orchestrator
        governance.coverage_claim(piece=piece, organization=world.b, actor=world.b_member)
    governance.coverage_claim(piece=piece, organization=world.b, actor=world.b_orch)
    with pytest.raises(NotAllowed):
        governance.coverage_release(piece=piece, organization=world.b, actor=world.x_orch)
    assert CoverageClaim.objects.count() == 1


def test_only_the_coordinator_defines_themes_and_pieces(world):
    with pytest.raises(NotAllowed):
        governance.theme_create(collective=world.collective, actor=world.b_orch, name="Art")
    theme = governance.theme_create(collective=world.collective, actor=world.coord, name="Art")
    region = factories.RegionFactory()
    with pytest.raises(NotAllowed):
        governance.coverage_piece_define(collective=world.collective, actor=world.x_orch,
                                         region=region, theme=theme)
    piece = governance.coverage_piece_define(collective=world.collective, actor=world.coord,
                                             region=region, theme=theme)
    again = governance.coverage_piece_define(collective=world.collective, actor=world.coord,
                                             region=region, theme=theme)
    assert again.pk == piece.pk and piece.organization_id == world.a.pk


def test_a_gap_becomes_a_draft_role_and_the_organization_covers_it(world, pieces):
    from roles.models import Role

    piece = pieces[("Ludhiana", "Maths")]
    with pytest.raises(NotAllowed):  # not Xeno's initiative to add roles to
        governance.coverage_gap_role(piece=piece, initiative=world.b_initiative,
                                     actor=world.x_orch)
    role = governance.coverage_gap_role(piece=piece, initiative=world.b_initiative,
                                        actor=world.b_orch)
    assert (role.title, role.status, role.region) == ("Maths in Ludhiana", "draft", piece.region)
    assert list(piece.claims.values_list("organization__name", flat=True)) == ["Beta"]
    with pytest.raises(InvalidState, match="not a gap"):
        governance.coverage_gap_role(piece=piece, initiative=world.b_initiative,
                                     actor=world.b_orch)
    assert Role.objects.count() == 1
