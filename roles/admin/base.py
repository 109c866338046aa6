"""What the roles admins share."""

from django.contrib import admin

from people.admin.tenancy import ReadOnlyTenantAdmin, TenantInline


class ServiceOnlyAdmin(ReadOnlyTenantAdmin):
    """Read-only forms; the actions (which call services) need the `manage` permission."""

    def has_change_permission(self, request, obj=None):
        return False

    def has_manage_permission(self, request, obj=None):
        return self._may_touch(request, obj)


class ReadOnlyInline(TenantInline, admin.TabularInline):
    """Rows shown at a glance on their parent's page; they change through the services (or
    on their own page), never here."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
