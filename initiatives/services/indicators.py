"""Writes to a collective's indicator registry. Only orchestrators and owners of the
collective's coordinating organization define its indicators (the admin calls this)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext

from crowddo.errors import Invalid
from initiatives.models import Collective, Indicator
from initiatives.services.checks import clean_and_save
from people import access
from people.models import User


def _require_coordinator_manager(actor, collective_id: int | None) -> None:
    coordinator_id = Collective.objects.filter(pk=collective_id).values_list(
        "coordinator_id", flat=True).first()
    access.require_manager(actor, coordinator_id)


@transaction.atomic
def indicator_save(*, indicator: Indicator, actor) -> Indicator:
    """Create or change an indicator (its regions are set by the caller afterwards, in the
    same transaction). A definition with reports stays in its collective and keeps its
    aggregation: moving it would carry another collective's numbers along, and its reports
    were written as numbers or as names for the way it adds up."""
    if indicator.pk:
        before = Indicator.objects.select_for_update().get(pk=indicator.pk)
        _require_coordinator_manager(actor, before.collective_id)
        if before.collective_id != indicator.collective_id and before.values.exists():
            raise Invalid(gettext("This indicator already has reports; it cannot move to another "
                          "collective. Retire it and define a new one there."))
        if before.aggregation != indicator.aggregation and before.values.exists():
            # Its reports were written for the old way (numbers or names): re-read under the
            # new one they would publish a wrong figure.
            raise Invalid(gettext("This indicator already has reports, so it cannot change how "
                                  "it adds "
                          "up. Retire it and define a new indicator that adds up the new way."))
    _require_coordinator_manager(actor, indicator.collective_id)
    if indicator.max_per_report is not None and indicator.max_per_report <= 0:
        raise Invalid(gettext("The most per report must be more than 0 (or empty: no bound)."))
    indicator._history_user = actor if isinstance(actor, User) else None
    clean_and_save(indicator, exclude=["organization"])
    return indicator
