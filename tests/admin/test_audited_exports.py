"""Every admin export is recorded in the audit log: one place,
people.admin.exports.AuditedExportMixin, used by every ModelAdmin that exports."""

from django.contrib import admin
from django.test import RequestFactory
from import_export.admin import ExportMixin
from import_export.formats.base_formats import CSV

from people.admin.exports import AuditedExportMixin
from people.models import AuditEvent
from roles.admin.claims import ClaimAdmin
from roles.models import Claim
from tests import builders


def test_every_admin_that_exports_records_it():
    """Guard: a ModelAdmin with django-import-export's ExportMixin (ImportExportMixin,
    ExportActionMixin…) must have AuditedExportMixin before it, or its exports go unrecorded."""
    exporting = {type(ma): type(ma).__mro__ for ma in admin.site._registry.values()
                 if isinstance(ma, ExportMixin)}
    assert exporting  # the role admin exports: the walk really looked
    unaudited = [cls.__name__ for cls, mro in exporting.items()
                 if AuditedExportMixin not in mro
                 or mro.index(AuditedExportMixin) > mro.index(ExportMixin)]
    assert not unaudited, f"exports not audited: {unaudited} (add AuditedExportMixin first)"


class ExportingClaimAdmin(AuditedExportMixin, ExportMixin, ClaimAdmin):
    """An exporting admin whose organization is reached through a path, not a column."""

    tenant_lookup = "role__initiative__organization"


def test_one_event_per_organization_found_through_the_admins_tenant_lookup(
        db, org, other_org, orchestrator):
    mine = [builders.idle_claim(2, initiative__organization=org) for _ in range(2)]
    theirs = builders.idle_claim(2, initiative__organization=other_org)
    request = RequestFactory().post("/admin/roles/claim/export/", REMOTE_ADDR="203.0.113.9")
    request.user = orchestrator
    model_admin = ExportingClaimAdmin(Claim, admin.site)
    before = AuditEvent.objects.count()
    data = model_admin.get_export_data(CSV(), request, Claim.objects.all())
    assert str(mine[0].pk) in data and str(theirs.pk) in data
    events = AuditEvent.objects.order_by("pk")[before:]
    found = {(e.organization_id, e.actor_id, e.details["rows"]) for e in events}
    assert found == {(org.pk, orchestrator.pk, 2), (other_org.pk, orchestrator.pk, 1)}
    assert {(e.event_type, e.details["model"], e.details["format"], e.ip) for e in events} \
        == {("rows_exported", "claim", "csv", "203.0.113.9")}
