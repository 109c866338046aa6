"""Commitments members make to each other: the coordinator adds them (a public decision);
the owner of a commitment the data cannot show marks it kept."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from crowddo.errors import Invalid, InvalidState, NotAllowed
from governance.models import COMMITMENT_NOTE_MAX, Commitment, CommitmentStatus
from governance.services import commitment_status
from governance.services.common import log_decision, person
from initiatives.access import member_org_ids_of
from initiatives.models import Collective, Region
from initiatives.services.checks import clean_and_save
from people import access
from people.models import Organization


@transaction.atomic
def commitment_create(*, collective: Collective, actor, title: str, kind: str,
                      description: str = "", owner: Organization | None = None,
                      region: Region | None = None, limit_days: int = 7,
                      due_on: dt.date | None = None, remind_days_before: int = 3,
                      starts_on: dt.date | None = None) -> Commitment:
    """The coordinator adds a commitment; it is part of the charter, so it is a decision too."""
    access.require_manager(actor, collective.coordinator_id)
    if owner is not None and owner.pk not in member_org_ids_of(collective):
        raise Invalid(gettext("%(org)s is not a member of %(collective)s; it cannot own this.")
                      % {"org": owner.name, "collective": collective.name})
    if kind == Commitment.Kind.MARKED and due_on is None:
        raise Invalid(gettext("A commitment its owner marks needs a due date."))
    commitment = Commitment(
        organization_id=collective.coordinator_id, collective=collective, title=title.strip(),
        description=description.strip(), kind=kind, owner=owner, region=region,
        limit_days=limit_days, due_on=due_on, remind_days_before=remind_days_before,
        starts_on=starts_on or timezone.localdate(),
    )
    clean_and_save(commitment, exclude=["organization", "collective", "owner", "region"])
    log_decision(collective=collective, actor=actor, title=f"Commitment added: {title}",
                  rationale=description, decided_by="")
    commitment_status.refresh_commitment(commitment)
    return commitment


@transaction.atomic
def commitment_mark(*, commitment: Commitment, organization: Organization, actor,
                    kept: bool = True, note: str = "") -> CommitmentStatus:
    """The owner says a commitment the data cannot show is kept (or takes that back)."""
    access.require_manager(actor, organization.pk)
    if commitment.kind != Commitment.Kind.MARKED:
        raise InvalidState(gettext("This commitment is checked from the data; it cannot be "
                                   "marked by hand."))
    if organization.pk not in commitment_status.bound_org_ids(commitment):
        raise NotAllowed(gettext("This commitment is not %(org)s's to mark.")
                         % {"org": organization.name})
    status, _ = CommitmentStatus.objects.select_for_update().get_or_create(
        commitment=commitment, organization=organization)
    status.marked_kept_at = timezone.now() if kept else None
    status.marked_by = person(actor)
    status.note = note.strip()[:COMMITMENT_NOTE_MAX]
    status.save(update_fields=["marked_kept_at", "marked_by", "note"])
    commitment_status.refresh_commitment(commitment)
    status.refresh_from_db()
    return status


CORRECTABLE = ("title", "description", "limit_days", "due_on", "remind_days_before")


@transaction.atomic
def commitment_correct(*, commitment: Commitment, actor, reason: str, **changes) -> Commitment:
    """The coordinator corrects a commitment (a typo, a date): the old version stays in its
    history and the correction is logged as a decision with the reason. Its kind, owner and
    collective do not change: that is a new commitment."""
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    access.require_manager(actor, commitment.collective.coordinator_id)
    unknown = set(changes) - set(CORRECTABLE)
    if unknown:
        raise Invalid(gettext("These cannot be corrected: %(fields)s. Add a new commitment "
                              "instead.") % {"fields": ", ".join(sorted(unknown))})
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(gettext("Say why the commitment is corrected: members read it in the "
                              "decision "
                      "log."))
    before = commitment.title
    for name, value in changes.items():
        setattr(commitment, name, value.strip() if isinstance(value, str) else value)
    if commitment.kind == Commitment.Kind.MARKED and commitment.due_on is None:
        raise Invalid(gettext("A commitment its owner marks needs a due date."))
    commitment._history_user = person(actor)
    commitment._change_reason = reason[:100]
    clean_and_save(commitment, exclude=["organization", "collective", "owner", "region"])
    log_decision(collective=commitment.collective, actor=actor,
                 title=f"Commitment corrected: {before}"[:160], rationale=reason, decided_by="")
    commitment_status.refresh_commitment(commitment)
    return commitment
