"""Every write about how a collective governs itself: charter, commitments, coverage, stories,
and the commitment statuses computed from the data (`commitment_status`).

Views, admin, API and tasks call these functions and nothing else. Each runs in one
transaction and raises a `crowddo.errors.DomainError` whose message a person can act on.
The coordinating organization's orchestrators define the charter, commitments, themes and
coverage pieces; a member organization's orchestrators accept the charter, mark their own
commitments and claim pieces; volunteers and orchestrators tell stories about verified work.
Who may do it is asked of `people.access` (`require_manager`, `require_owner`).
"""

from governance.services.charter import charter_accept, charter_update
from governance.services.commitments import (
    commitment_correct,
    commitment_create,
    commitment_mark,
)
from governance.services.coverage import (
    coverage_claim,
    coverage_gap_role,
    coverage_piece_define,
    coverage_release,
    theme_create,
)
from governance.services.stories import story_attach, story_feature

__all__ = [
    "charter_accept", "charter_update", "commitment_correct", "commitment_create",
    "commitment_mark",
    "coverage_claim", "coverage_gap_role", "coverage_piece_define", "coverage_release",
    "story_attach", "story_feature", "theme_create",
]
