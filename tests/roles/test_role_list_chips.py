"""the role list's active filters are chips, each removing only itself."""

import html

from tests import factories


def test_each_active_filter_is_a_chip_that_removes_only_itself(client, db):
    skill = factories.SkillFactory(name="Spreadsheets", slug="spreadsheets")
    factories.RoleFactory(title="Data steward", hours_per_week=2).skills.add(skill)
    page = client.get("/roles/?skill=spreadsheets&max_hours=3&page=1").content.decode()
    assert 'class="filters-box"' in page and "<summary>Filters</summary>" in page
    chips = html.unescape(page.split('class="chips"')[1].split("</ul>")[0])
    assert 'href="?max_hours=3"' in chips and "Skill: Spreadsheets" in chips
    assert 'href="?skill=spreadsheets"' in chips and "At most hours a week: 3" in chips


def test_no_filter_no_chips(client, db):
    assert 'class="chips"' not in client.get("/roles/").content.decode()
