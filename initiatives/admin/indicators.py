"""Admin of the shared indicator registry.

The collective's coordinating organization adds and changes its indicators; orchestrators of
the collective's active member organizations may read them. Retiring (is_active off) replaces
deleting: reports keep pointing at the definition, and the history keeps every version.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from initiatives import services
from initiatives.access import collectives_open_to
from initiatives.models import Collective, Indicator
from people import access
from people.admin.tenancy import TenantAdmin, TenantScopedMixin


@admin.register(Indicator)
class IndicatorAdmin(TenantAdmin, SimpleHistoryAdmin):
    allow_delete = False
    list_display = ("name", "collective", "unit", "aggregation", "is_active", "updated_at")
    list_filter = ("aggregation", "is_active", "collective")
    list_select_related = ("collective",)
    search_fields = ("name", "slug", "definition")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("regions",)
    fields = ("collective", "name", "slug", "definition", "unit", "aggregation",
              "max_per_report", "regions", "is_active")

    def get_queryset(self, request):
        # Coordinated collectives' indicators, and those of collectives the user's managed
        # organizations are active members of (to read).
        qs = super(TenantScopedMixin, self).get_queryset(request)
        if access.is_superuser(request.user):
            return qs
        return qs.filter(collective__in=collectives_open_to(access.managed_org_ids(request.user)))

    def has_view_permission(self, request, obj=None):
        if obj is None or self._may_touch(request, obj):
            return self._may_enter(request)
        return self._may_enter(request) and self.get_queryset(request).filter(
            pk=obj.pk).exists()

    def has_add_permission(self, request, *args):
        coordinated = access.managed_rows(Collective.objects.all(), request.user, "coordinator")
        return self._may_enter(request) and coordinated.exists()

    def save_model(self, request, obj, form, change):
        services.indicator_save(indicator=obj, actor=request.user)
