"""Admin of the shared indicator registry (issue 10).

The collective's coordinating organization adds and changes its indicators; orchestrators of
the collective's active member organizations may read them. Retiring (is_active off) replaces
deleting: reports keep pointing at the definition, and the history keeps every version.
"""

from django.contrib import admin
from django.db.models import Q
from simple_history.admin import SimpleHistoryAdmin

from initiatives import indicator_services
from initiatives.models import Collective, CollectiveMembership, Indicator
from people import access
from people.admin.tenancy import TenantAdmin, TenantScopedMixin, managed_ids


def _member_collectives(user):
    return CollectiveMembership.objects.filter(
        organization_id__in=managed_ids(user), status=CollectiveMembership.Status.ACTIVE
    ).values("collective_id")


@admin.register(Indicator)
class IndicatorAdmin(TenantAdmin, SimpleHistoryAdmin):
    allow_delete = False
    list_display = ("name", "collective", "unit", "aggregation", "is_active", "updated_at")
    list_filter = ("aggregation", "is_active", "collective")
    list_select_related = ("collective",)
    search_fields = ("name", "slug", "definition")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("regions",)
    fields = ("collective", "name", "slug", "definition", "unit", "aggregation", "regions",
              "is_active")

    def get_queryset(self, request):
        qs = super(TenantScopedMixin, self).get_queryset(request)
        if access.is_superuser(request.user):
            return qs
        orgs = managed_ids(request.user)
        return qs.filter(Q(organization_id__in=orgs)
                         | Q(collective_id__in=_member_collectives(request.user)))

    def has_view_permission(self, request, obj=None):
        if obj is None or self._may_touch(request, obj):
            return self._may_enter(request)
        return self._may_enter(request) and self.get_queryset(request).filter(
            pk=obj.pk).exists()

    def has_add_permission(self, request, *args):
        return self._may_enter(request) and (
            access.is_superuser(request.user)
            or Collective.objects.filter(coordinator_id__in=managed_ids(request.user)).exists())

    def save_model(self, request, obj, form, change):
        indicator_services.indicator_save(indicator=obj, actor=request.user)
