"""Read-only roll-up figures: written only by the roll-up tasks, never by hand."""

from django.contrib import admin

from dashboards.models import InitiativeProgress
from people.admin.tenancy import ReadOnlyTenantAdmin


@admin.register(InitiativeProgress)
class InitiativeProgressAdmin(ReadOnlyTenantAdmin):
    tenant_lookup = "initiative__organization"
    list_display = ("initiative", "micro_improvements", "hours", "contributions",
                    "active_claims", "completed_claims", "verified_claims", "volunteers",
                    "computed_at")
    list_select_related = ("initiative",)
    search_fields = ("initiative__name",)

    def has_change_permission(self, request, obj=None):
        return False
