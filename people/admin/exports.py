"""Every admin export is recorded: one `rows_exported` audit event per organization whose rows
the file holds. Mix `AuditedExportMixin` into any ModelAdmin that exports (django-import-export);
tests/admin/test_audited_exports.py fails for an exporting admin that does not."""

from django.db.models import Count

from people.audit import audit_record
from people.models import AuditEvent


class AuditedExportMixin:
    """Put it before `ImportExportMixin` / `ExportMixin`: `class X(AuditedExportMixin,
    ImportExportMixin, TenantAdmin)`. The organization is found through the admin's
    `tenant_lookup` ("organization", "initiative__organization", "pk"…)."""

    def get_export_data(self, file_format, request, queryset, **kwargs):
        data = super().get_export_data(file_format, request, queryset, **kwargs)
        lookup = getattr(self, "tenant_lookup", "organization")
        counts = queryset.order_by().values(lookup).annotate(n=Count("pk"))
        for row in counts:
            audit_record(event_type=AuditEvent.Type.ROWS_EXPORTED, actor=request.user,
                         organization=row[lookup], request=request,
                         details={"model": self.model._meta.model_name, "rows": row["n"],
                                  "format": file_format.get_title()})
        return data
