"""Every write about initiatives, collectives, their public record and indicators.

Keyword-only, typed, one transaction each, DomainErrors a person can act on; who may do it
is asked of `people.access` (`require_manager` / `require_owner`).
"""

from initiatives.services.closing import initiative_close
from initiatives.services.collectives import (
    collective_accept,
    collective_invite,
    collective_join,
    collective_save,
)
from initiatives.services.indicators import indicator_save
from initiatives.services.initiatives import initiative_save, initiative_set_status
from initiatives.services.records import decision_record, resource_save

__all__ = [
    "collective_accept", "collective_invite", "collective_join", "collective_save",
    "decision_record", "indicator_save", "initiative_close", "initiative_save",
    "initiative_set_status", "resource_save",
]
