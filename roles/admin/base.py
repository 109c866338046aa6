"""What the roles admins share."""

from people.admin.tenancy import ReadOnlyTenantAdmin


class ServiceOnlyAdmin(ReadOnlyTenantAdmin):
    """Read-only forms; the actions (which call services) need the `manage` permission."""

    def has_change_permission(self, request, obj=None):
        return False

    def has_manage_permission(self, request, obj=None):
        return self._may_touch(request, obj)
