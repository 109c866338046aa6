"""A collective's charter: the coordinator adopts and changes it (each change a new version and
a public decision); member organizations accept each version."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from crowddo.errors import Invalid, InvalidState, NotAllowed
from governance.models import Charter, CharterAcceptance
from governance.services.common import log_decision, person
from initiatives.models import Collective, CollectiveMembership
from initiatives.services import collective_join
from people import access
from people.models import Organization


@transaction.atomic
def charter_update(*, collective: Collective, actor, purpose: str, theory_of_change: str = "",
                   principles: str = "", rationale: str = "", decided_by: str = "") -> Charter:
    """Adopt or change the charter; every change is a new version and a public decision."""
    access.require_manager(actor, collective.coordinator_id)
    values = {"purpose": purpose.strip(), "theory_of_change": theory_of_change.strip(),
              "principles": principles.strip()}
    if not values["purpose"]:
        raise Invalid(gettext("A charter needs a shared purpose."))
    charter = Charter.objects.select_for_update().filter(collective=collective).first()
    if charter is None:
        charter = Charter.objects.create(organization_id=collective.coordinator_id,
                                         collective=collective, updated_by=person(actor), **values)
        title = "Charter adopted (version 1)"
    else:
        if all(getattr(charter, k) == v for k, v in values.items()):
            raise InvalidState(gettext("Nothing in the charter changed, so no new version was "
                                       "made."))
        for name, value in values.items():
            setattr(charter, name, value)
        charter.version += 1
        charter.updated_by = person(actor)
        charter.save()
        title = f"Charter changed (version {charter.version})"
    log_decision(collective=collective, actor=actor, title=title, rationale=rationale,
                  decided_by=decided_by)
    return charter


@transaction.atomic
def charter_accept(*, collective: Collective, organization: Organization,
                   actor) -> CharterAcceptance:
    """A member organization accepts the current charter (and so joins, if it was invited:
    then only its owners may accept, as with the invitation itself).

    Recorded once per version: accepting again returns the first record, who and when.
    """
    access.require_manager(actor, organization.pk)
    charter = Charter.objects.select_for_update().filter(collective=collective).first()
    if charter is None:
        raise InvalidState(gettext("This collective has no charter yet; there is nothing to "
                                   "accept."))
    membership = CollectiveMembership.objects.select_for_update().filter(
        collective=collective, organization=organization).first()
    if membership is None and organization.pk != collective.coordinator_id:
        raise NotAllowed(gettext("%(org)s is not invited to %(collective)s.") % {
            "org": organization.name, "collective": collective.name})
    joining = membership is not None and membership.status != CollectiveMembership.Status.ACTIVE
    if joining:  # accepting makes the organization a member: its owner's decision
        access.require_owner(actor, organization.pk)
    acceptance = CharterAcceptance.objects.filter(
        charter=charter, organization=organization, version=charter.version).first()
    if acceptance is None:
        try:
            with transaction.atomic():
                acceptance = CharterAcceptance.objects.create(
                    charter=charter, organization=organization, version=charter.version,
                    accepted_by=person(actor))
        except IntegrityError:  # a concurrent accept won; its record stands
            acceptance = CharterAcceptance.objects.get(
                charter=charter, organization=organization, version=charter.version)
    if joining:
        collective_join(membership=membership, actor=actor)
    return acceptance
