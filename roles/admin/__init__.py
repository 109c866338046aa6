"""Roles, claims, contributions, proposals in the admin: scoped by people.admin.tenancy, written
through roles.services (bulk actions included). Importing the package registers every admin."""

from roles.admin import claims, contributions, proposals, roles  # noqa: F401  (registration)
