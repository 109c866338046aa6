"""Every write that matters about roles, one module per entity.

Views, admin, API, tasks and receivers call these functions and nothing else. Each write runs
in one transaction and raises a `crowddo.errors.DomainError` whose message a person can act
on. The public entry points are re-exported here (`roles.services.claim_role` is a DESIGN
contract); bounds come from `roles.limits`, who may verify from
`roles.selectors.verification`, who may manage from `people.access.require_manager`.

    seats         THE seat rule and "claimable" for writes: the locked count, the burnout guard
    claims        claim, accept an offer, release, complete, hand over, expire, remind, sweep
    waitlist      join, offer the next seat, hold a seat for someone, leave, lapse
    apprentices   apprentice seats: who may take one, who mentors, who is offered a seat first
    contributions log work, with its indicator reports (bounded)
    plausibility  hold a report far above the usual; an orchestrator confirms it
    verification  verify a completed claim or a contribution; retract verified work
    feedback      send work back, resubmit it (corrected in full)
    rotation      terms (renew, remind) and the signed renew link
    proposals     propose, accept (lead role + offer to the proposer), decline
    roles         create and change roles; the admin's bulk actions on roles
    closing       an initiative closes: its roles, claims and offers close with it
"""

from roles.selectors.verification import can_verify, verifier_marks
from roles.services.claims import (
    claim_complete,
    claim_expire,
    claim_hand_over,
    claim_release,
    claim_remind,
    claim_role,
    claims_expire,
    claims_nudge,
    claims_release,
    claims_sweep_stale,
    waitlist_offer_accept,
)
from roles.services.closing import initiative_roles_close
from roles.services.contributions import contribution_log, indicator_reports_write
from roles.services.feedback import (
    contribution_resubmit,
    contribution_send_back,
    contributions_send_back,
)
from roles.services.messages import people_message
from roles.services.plausibility import contribution_hold_confirm, contributions_hold_confirm
from roles.services.proposals import (
    proposal_accept,
    proposal_decline,
    proposal_submit,
    proposals_accept,
    proposals_decline,
)
from roles.services.roles import (
    ROLE_FIELDS,
    role_create,
    role_update,
    roles_duplicate,
    roles_extend_stale,
    roles_set_status,
)
from roles.services.rotation import (
    claim_for_token,
    claim_renew_from_link,
    claim_renew_term,
    claim_term_remind,
    claims_remind_terms,
    renew_token,
    term_end,
)
from roles.services.seats import active_hours
from roles.services.templates import initiative_clone, initiatives_clone
from roles.services.verification import (
    claim_verify,
    contribution_for_verdict,
    contribution_retract,
    contribution_verify,
    contributions_retract,
    contributions_verify,
)
from roles.services.waitlist import (
    seat_offer,
    waitlist_join,
    waitlist_lapse_offers,
    waitlist_leave,
    waitlist_offer_next,
)

__all__ = [
    "ROLE_FIELDS", "active_hours", "can_verify", "claim_complete", "claim_expire",
    "claim_for_token", "claim_hand_over", "claim_release", "claim_remind",
    "claim_renew_from_link", "claim_renew_term", "claim_role", "claim_term_remind",
    "claim_verify", "claims_expire", "claims_nudge", "claims_release", "claims_remind_terms",
    "claims_sweep_stale", "contribution_for_verdict", "contribution_hold_confirm",
    "contribution_log", "contribution_retract", "contributions_hold_confirm",
    "contributions_retract", "initiative_clone", "initiatives_clone", "people_message",
    "contribution_resubmit", "contribution_send_back", "contribution_verify",
    "contributions_send_back", "contributions_verify", "indicator_reports_write",
    "initiative_roles_close", "proposal_accept", "proposal_decline", "proposal_submit",
    "proposals_accept", "proposals_decline", "renew_token", "role_create", "role_update",
    "roles_duplicate", "roles_extend_stale", "roles_set_status", "seat_offer", "term_end",
    "verifier_marks", "waitlist_join", "waitlist_lapse_offers", "waitlist_leave",
    "waitlist_offer_accept", "waitlist_offer_next",
]
