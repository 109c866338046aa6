"""The role changelist at 100k roles (issue 17; plans in bench/README.md): a sort reads one
index either way, a column without one is not sorted by, the initiative filter never lists
a large table."""

import pytest

from people.admin.tenancy import BoundedRelatedFilter
from tests import factories

URL = "/admin/roles/role/"


@pytest.fixture
def as_orchestrator(client, orchestrator):
    client.force_login(orchestrator)
    return client


@pytest.fixture
def roles(org):
    """Created in this order: a (2 seats), b (1 seat), c (2 seats)."""
    initiative = factories.InitiativeFactory(organization=org)
    for title, seats in (("a", 2), ("b", 1), ("c", 2)):
        factories.RoleFactory(initiative=initiative, title=title, seats=seats)
    return initiative


def listed(response) -> list[str]:
    assert response.status_code == 200
    return [role.title for role in response.context["cl"].result_list]


@pytest.mark.parametrize(
    ("order", "titles"),
    [
        ("4", ["b", "a", "c"]),  # seats ascending, ties oldest first (the index read forwards)
        ("-4", ["c", "a", "b"]),  # seats descending, ties newest first (read backwards)
        ("6", ["b", "a", "c"]),  # seats free, the same both ways
        ("-6", ["c", "a", "b"]),
        ("1", ["c", "b", "a"]),  # title has no index: not sorted by, newest first
        ("2", ["c", "b", "a"]),  # initiative (a join): the same
    ],
)
def test_sorts_follow_the_column_s_direction_and_only_indexed_columns(
    as_orchestrator, roles, order, titles
):
    assert listed(as_orchestrator.get(f"{URL}?o={order}")) == titles


def _initiative_filter(response):
    """The initiative filter if the page shows it (Django lists only filters with output)."""
    specs = [
        s
        for s in response.context["cl"].filter_specs
        if getattr(s, "field_path", None) == "initiative"
    ]
    return specs[0] if specs else None


def test_the_initiative_filter_lists_a_few_initiatives_and_hides_beyond_its_limit(
    as_orchestrator, roles, org, monkeypatch
):
    monkeypatch.setattr(BoundedRelatedFilter, "limit", 2)
    second = factories.InitiativeFactory(organization=org)
    factories.RoleFactory(initiative=second, title="second")
    shown = _initiative_filter(as_orchestrator.get(URL))
    assert sorted(choice[0] for choice in shown.lookup_choices) == [roles.pk, second.pk]

    factories.InitiativeFactory(organization=org)  # a third: more than the limit
    assert _initiative_filter(as_orchestrator.get(URL)) is None
    # one chosen in the address is shown alone, and filters
    chosen = as_orchestrator.get(f"{URL}?initiative__id__exact={second.pk}")
    assert [choice[0] for choice in _initiative_filter(chosen).lookup_choices] == [second.pk]
    assert listed(chosen) == ["second"]
