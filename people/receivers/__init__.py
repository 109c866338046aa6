"""People's receivers: `is_staff` follows memberships; auth events go to the audit log.

Imported from PeopleConfig.ready(), which connects them.
"""

from people.receivers import audit, invitations, staff  # noqa: F401  (connects them)
