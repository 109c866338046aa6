"""People's admin pages and the tenant-scoped admin base every app's admin builds on."""

from people.admin import accounts  # noqa: F401  (registers the ModelAdmins)
