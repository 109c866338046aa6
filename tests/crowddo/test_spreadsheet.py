"""Spreadsheet formula escaping (crowddo.spreadsheet): one rule for the API's CSV, the chart
CSVs and the admin's CSV and XLSX exports. A cell starting with `=`, or with a tab (or a
carriage return) before the `=`, arrives as text behind a `'`."""

import csv
import io

import pytest
from django.core.cache import cache
from openpyxl import load_workbook

from crowddo.spreadsheet import neutralise
from dashboards import services as dashboards_services
from tests import factories

FORMULA, HIDDEN_FORMULA = "=HYPERLINK(\"http://evil\")", "\t=1+1"
SAFE = {f"'{FORMULA}", f"'{HIDDEN_FORMULA}"}


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"])
def test_a_cell_that_a_spreadsheet_would_run_gets_a_quote(value):
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize("value", ["Plain", " =1", "", 12, -3, None])
def test_other_cells_are_left_alone(value):
    assert neutralise(value) == value


@pytest.fixture
def org(db):
    org = factories.OrganizationFactory()
    for name in (FORMULA, HIDDEN_FORMULA):
        role = factories.RoleFactory(initiative__organization=org, initiative__name=name,
                                     title=name)
        dashboards_services.refresh_initiative(initiative_id=role.initiative_id)
    return org


def _cells(text: str, column: str) -> set[str]:
    return {row[column] for row in csv.DictReader(io.StringIO(text))}


def test_api_csv(org, client):
    cache.clear()  # no throttle counts from earlier tests
    text = client.get("/api/v1/roles/?format=csv").content.decode()
    assert _cells(text, "title") == SAFE


def test_chart_csv(org, client):
    client.force_login(factories.MembershipFactory(organization=org).user)
    text = client.get(f"/organizations/{org.slug}/dashboard/charts/initiatives.csv")
    assert {row[0] for row in csv.reader(io.StringIO(text.content.decode()))} >= SAFE


def _export(client, org, fmt: str):
    client.force_login(factories.MembershipFactory(organization=org, level="orchestrator").user)
    page = client.get("/admin/roles/role/export/")
    fields = {n: "on" for n in page.context["form"].fields if n.startswith("roleresource_")}
    return client.post("/admin/roles/role/export/", {"format": fmt, **fields})


def test_admin_csv_export(org, client):
    assert _cells(_export(client, org, "0").content.decode(), "title") == SAFE


def test_admin_xlsx_export(org, client):
    sheet = load_workbook(io.BytesIO(_export(client, org, "1").content)).active
    header = [cell.value for cell in sheet[1]]
    titles = {row[header.index("title")] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert titles == SAFE
    # written as text, not as a formula openpyxl would store for a leading "="
    assert all(cell.data_type == "s" for cell in sheet["C"][1:])
