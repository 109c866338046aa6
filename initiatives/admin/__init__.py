"""Initiatives' admin pages, one module per subject; importing them registers the ModelAdmins.

`InitiativeAdmin.extra_inlines` is the extension point apps above use (roles adds its roles).
"""

from initiatives.admin import collectives, indicators, records, reference  # noqa: F401
from initiatives.admin.initiatives import InitiativeAdmin

__all__ = ["InitiativeAdmin"]
