"""Reads of the volunteer side, always through the access policy, with flat query counts.

    browse        the role list (through `roles.filters.RoleFilterSet`) and the role page
    me            /me/: the volunteer's claims, apprentices, waitlist
    verification  THE "may verify" rule, the verification queues and the verifier marks
    journey       the volunteer's level on /me/ (the one level table: `roles.levels`)
    proposals     the author's proposals, those a manager decides
    handoffs      hand-off notes and where an expired seat went
    exchange      the feedback exchange on contributions
    indicators    which shared indicators a contribution may report against
    load          the week's load picture on /me/
    attention     what needs an orchestrator's attention (the admin home, "needs" filters)
"""

from roles.selectors.browse import Standing, open_roles, role_for, role_list, standing
from roles.selectors.handoffs import handoff_notes, may_read_handoffs, seat_after_expiry
from roles.selectors.journey import LEVELS, Journey, journey
from roles.selectors.me import my_apprentices, my_claims, my_waitlist
from roles.selectors.proposals import my_proposals, pending_proposals
from roles.selectors.verification import (
    can_verify,
    claims_to_verify,
    contributions_to_verify,
    may_verify_q,
    verifier_marks,
)

__all__ = [
    "LEVELS", "Journey", "Standing", "can_verify", "claims_to_verify",
    "contributions_to_verify", "handoff_notes", "journey", "may_read_handoffs", "may_verify_q",
    "my_apprentices", "my_claims", "my_proposals", "my_waitlist", "open_roles",
    "pending_proposals", "role_for", "role_list", "seat_after_expiry", "standing",
    "verifier_marks",
]
