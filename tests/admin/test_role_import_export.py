import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from roles.models import Role
from tests import factories

HEADER = ["id", "initiative", "title", "responsibility", "hours_per_week", "duration_weeks",
          "seats", "capability", "status", "stale_after_days", "is_remote", "skills"]


@pytest.fixture
def client(client, orchestrator):
    client.force_login(orchestrator)
    return client


def make_csv(rows) -> SimpleUploadedFile:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return SimpleUploadedFile("roles.csv", buffer.getvalue().encode(), "text/csv")


def upload(client, rows):
    return client.post("/admin/roles/role/import/",
                       {"format": "0", "import_file": make_csv(rows)})


def test_import_takes_good_rows_reports_bad_rows_by_line_and_refuses_other_orgs(
        client, org, other_org):
    mine = factories.InitiativeFactory(organization=org, slug="mine")
    theirs = factories.InitiativeFactory(organization=other_org, slug="theirs")
    skill = factories.SkillFactory(name="Writing", slug="writing")
    rows = [
        ["", "mine", "Good one", "Do X", "2", "8", "1", "sensemaking", "open", "14", "0",
         "writing"],
        ["", "mine", "Bad capability", "Do Y", "2", "8", "1", "telepathy", "open", "14", "0", ""],
        ["", "theirs", "Stolen", "Do Z", "2", "8", "1", "visioning", "open", "14", "0", ""],
        ["", "mine", "Bad hours", "Do W", "lots", "8", "1", "sensemaking", "open", "14", "0", ""],
        ["", "mine", "Good two", "Do V", "3", "4", "2", "relating", "draft", "10", "1", ""],
    ]
    preview = upload(client, rows)
    assert preview.status_code == 200
    result = preview.context["result"]
    assert [r.number for r in result.invalid_rows] == [2, 3, 4]
    errors = {r.number: str(r.error_dict) for r in result.invalid_rows}
    assert "capability" in errors[2]
    assert "No initiative 'theirs' among your organization's initiatives" in errors[3]
    assert "hours_per_week" in errors[4]
    assert not Role.objects.exists()  # the preview writes nothing

    confirm = preview.context["confirm_form"].initial
    done = client.post("/admin/roles/role/process_import/", confirm)
    assert done.status_code == 302
    created = Role.objects.order_by("title")
    assert [r.title for r in created] == ["Good one", "Good two"]
    assert {r.initiative_id for r in created} == {mine.pk}
    assert list(created[0].skills.all()) == [skill]
    assert created[1].status == "draft" and created[1].is_remote
    assert not Role.objects.filter(initiative=theirs).exists()


def test_import_cannot_update_another_organizations_role_by_id(client, org, other_org):
    factories.InitiativeFactory(organization=org, slug="mine")
    foreign = factories.RoleFactory(initiative__organization=other_org, title="Theirs")
    preview = upload(client, [[str(foreign.pk), "mine", "Hijacked", "x", "2", "8", "1",
                               "sensemaking", "open", "14", "0", ""]])
    result = preview.context["result"]
    assert [r.number for r in result.invalid_rows] == [1]
    assert "No role with id" in str(result.invalid_rows[0].error_dict)
    assert "confirm_form" not in preview.context or preview.context["confirm_form"] is None
    foreign.refresh_from_db()
    assert foreign.title == "Theirs"


def test_import_updates_own_role_through_the_service(client, org):
    role = factories.RoleFactory(initiative__organization=org, initiative__slug="mine",
                                 seats=1)
    claimant = factories.ProfileFactory().user
    factories.ProfileFactory(user=claimant)
    from roles.services import claim_role

    claim_role(role=role, volunteer=claimant)
    row = [str(role.pk), "mine", "Renamed", "x", "2", "8", "0", "sensemaking", "open", "14",
           "0", ""]
    preview = upload(client, [row])
    # seats 0 is below the 1 seat taken: the role service refuses, the row is reported
    assert [r.number for r in preview.context["result"].invalid_rows] == [1]
    row[6] = "3"
    preview = upload(client, [row])
    client.post("/admin/roles/role/process_import/", preview.context["confirm_form"].initial)
    role.refresh_from_db()
    assert (role.title, role.seats) == ("Renamed", 3)


def test_export_csv_and_xlsx_hold_only_own_roles(client, org, other_org):
    factories.RoleFactory(initiative__organization=org, title="Our role")
    factories.RoleFactory(initiative__organization=other_org, title="Their role")
    page = client.get("/admin/roles/role/export/")
    fields = {n: "on" for n in page.context["form"].fields if n.startswith("roleresource_")}
    as_csv = client.post("/admin/roles/role/export/", {"format": "0", **fields})
    text = as_csv.content.decode()
    assert "Our role" in text and "Their role" not in text
    as_xlsx = client.post("/admin/roles/role/export/", {"format": "1", **fields})
    sheet = load_workbook(io.BytesIO(as_xlsx.content)).active
    titles = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert titles == ["Our role"]


@pytest.mark.parametrize("dangerous", ["=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)",
                                       "\t=cmd", "\r=cmd"])
def test_exported_formula_cells_arrive_escaped_in_csv_and_xlsx(client, org, dangerous):
    """Through the one helper, crowddo.spreadsheet.neutralise: a leading ' makes it text."""
    factories.RoleFactory(initiative__organization=org, title=dangerous)
    page = client.get("/admin/roles/role/export/")
    fields = {n: "on" for n in page.context["form"].fields if n.startswith("roleresource_")}
    as_csv = client.post("/admin/roles/role/export/", {"format": "0", **fields})
    rows = list(csv.reader(io.StringIO(as_csv.content.decode())))
    assert rows[1][2] == "'" + dangerous
    as_xlsx = client.post("/admin/roles/role/export/", {"format": "1", **fields})
    sheet = load_workbook(io.BytesIO(as_xlsx.content)).active
    cell = sheet.cell(row=2, column=3)
    assert cell.data_type == "s"  # text, not a formula
    # XLSX stores a carriage return as a line feed; the leading ' is what matters.
    assert cell.value == "'" + dangerous.replace("\r", "\n")


def test_an_export_is_recorded_in_the_audit_log_of_the_organization(client, org, other_org):
    from people.models import AuditEvent

    factories.RoleFactory(initiative__organization=org)
    factories.RoleFactory(initiative__organization=org)
    page = client.get("/admin/roles/role/export/")
    fields = {n: "on" for n in page.context["form"].fields if n.startswith("roleresource_")}
    client.post("/admin/roles/role/export/", {"format": "0", **fields})
    event = AuditEvent.objects.get(event_type="rows_exported")
    assert event.organization_id == org.pk
    assert event.details == {"model": "role", "rows": 2, "format": "csv"}


IMPORT_HEADER = ["id", "initiative", "title", "responsibility", "hours_per_week",
                 "duration_weeks", "seats", "capability", "status", "stale_after_days",
                 "is_remote", "region", "skills", "apprentice_seats", "term_weeks"]


def upload_rows(client, header, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    upload_file = SimpleUploadedFile("roles.csv", buffer.getvalue().encode(), "text/csv")
    return client.post("/admin/roles/role/import/", {"format": "0", "import_file": upload_file})


def test_import_names_regions_by_name_or_path_and_skills_by_name_unknowns_are_row_errors(
        client, org):
    from initiatives.models import Region

    factories.InitiativeFactory(organization=org, slug="mine")
    india = Region.objects.create(name="India", slug="india", level="country")
    punjab = Region.objects.create(name="Punjab", slug="punjab", level="state", parent=india)
    ludhiana = Region.objects.create(name="Ludhiana", slug="ludhiana", level="district",
                                     parent=punjab)
    pakistan = Region.objects.create(name="Pakistan", slug="pakistan", level="country")
    Region.objects.create(name="Punjab", slug="punjab", level="state", parent=pakistan)
    writing = factories.SkillFactory(name="Writing", slug="writing")
    mapping = factories.SkillFactory(name="Field mapping", slug="field-mapping")
    base = ["", "mine", "", "Do X", "2", "8", "2", "sensemaking", "open", "14", "0"]
    rows = [
        base[:2] + ["By path"] + base[3:] + ["India / Punjab / Ludhiana", "Writing|field mapping",
                                            "1", "12"],
        base[:2] + ["By name"] + base[3:] + ["ludhiana", "writing", "0", ""],
        base[:2] + ["Unknown place"] + base[3:] + ["Atlantis", "Writing", "0", ""],
        base[:2] + ["Ambiguous"] + base[3:] + ["Punjab", "", "0", ""],
        base[:2] + ["Unknown skill"] + base[3:] + ["India", "Writing|Juggling", "0", ""],
    ]
    preview = upload_rows(client, IMPORT_HEADER, rows)
    result = preview.context["result"]
    assert not result.has_errors()  # no whole-file abort
    errors = {r.number: str(r.error_dict) for r in result.invalid_rows}
    assert sorted(errors) == [3, 4, 5]
    assert "No region 'Atlantis'" in errors[3] and "India / Punjab / Ludhiana" in errors[3]
    assert "More than one region is called 'Punjab'" in errors[4]
    assert "Unknown skills: Juggling" in errors[5]
    text = preview.content.decode()
    assert "DoesNotExist" not in text and "matching query" not in text

    client.post("/admin/roles/role/process_import/", preview.context["confirm_form"].initial)
    by_path, by_name = Role.objects.get(title="By path"), Role.objects.get(title="By name")
    assert by_path.region == ludhiana and by_name.region == ludhiana
    assert set(by_path.skills.all()) == {writing, mapping}
    assert (by_path.apprentice_seats, by_path.term_weeks) == (1, 12)
    assert not Role.objects.filter(title__in=["Unknown place", "Ambiguous", "Unknown skill"])

    # The export writes the path and the skill names, so a file can go round again.
    page = client.get("/admin/roles/role/export/")
    fields = {n: "on" for n in page.context["form"].fields if n.startswith("roleresource_")}
    exported = list(csv.DictReader(io.StringIO(client.post(
        "/admin/roles/role/export/", {"format": "0", **fields}).content.decode())))
    row = next(r for r in exported if r["title"] == "By path")
    assert row["region"] == "India / Punjab / Ludhiana"
    assert set(row["skills"].split("|")) == {"Writing", "Field mapping"}
