"""Domain signals the roles services send. Apps above (dashboards, webhooks) listen; roles
imports none of them."""

from django.dispatch import Signal

# Sent inside the service's transaction when a claim is created or a service moves it to
# another status (completed, verified, released, expired…); webhooks listen.
# kwargs: claim_id, organization_id, status, created
claim_changed = Signal()

# Sent inside the service's transaction whenever progress figures may change.
# kwargs: organization_id, initiative_id
progress_changed = Signal()

# Sent inside the transaction that offers a waitlisted volunteer a seat. kwargs: entry_id
seat_offered = Signal()

# Sent inside the transaction that marks a stale claim reminded. kwargs: claim_id
claim_reminded = Signal()

# Sent inside the transaction that sends a contribution back for changes. kwargs: contribution_id
contribution_sent_back = Signal()

# Sent inside the transaction that expires a stale claim. kwargs: claim_id
claim_expired = Signal()

# Sent inside the transaction that marks a claim's term reminded. kwargs: claim_id
term_ending = Signal()

# Sent inside the transaction in which a manager releases a claim; the holder is told why.
# kwargs: claim_id, reason
claim_released_by_manager = Signal()

# Sent inside the transaction in which an orchestrator messages people (after commit, one
# e-mail each). kwargs: user_ids, subject, body, organization_id
people_messaged = Signal()

# Sent inside the transaction in which a volunteer proposes a whole initiative to an
# organization; its orchestrators are e-mailed after commit. kwargs: proposal_id
initiative_proposed = Signal()
