"""Every write that matters about people: API keys, memberships, profiles.

The admin, the API, views and management commands call these functions and nothing else.
Each runs in one transaction and raises a `crowddo.errors.DomainError` whose message a person
can act on; who may do it is asked of `people.access`.
"""

from people.services.keys import api_key_authenticate, api_key_create, api_key_revoke
from people.services.memberships import (
    invitation_accept,
    invitation_decline,
    invitations_withdraw,
    membership_change,
    membership_invite,
    membership_remove,
    staff_sync,
)
from people.services.profiles import (
    language_remember,
    messages_opt_out_token,
    messages_stop,
    profile_update,
)

__all__ = [
    "api_key_authenticate", "api_key_create", "api_key_revoke", "invitation_accept",
    "invitation_decline", "invitations_withdraw", "language_remember", "membership_change",
    "membership_invite", "membership_remove", "messages_opt_out_token", "messages_stop",
    "profile_update", "staff_sync",
]
