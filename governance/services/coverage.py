"""Coverage: the coordinator splits the shared work into region × theme pieces; member
organizations cover pieces, and a piece nobody covers can become a draft role."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext

from crowddo.errors import Invalid, InvalidState, NotAllowed
from governance.models import CoverageClaim, CoveragePiece, Theme
from governance.services.common import person
from initiatives.access import member_org_ids_of
from initiatives.models import Collective, Initiative, Region
from people import access
from people.models import Organization
from roles import services as role_services
from roles.models import Capability, Role


@transaction.atomic
def theme_create(*, collective: Collective, actor, name: str) -> Theme:
    access.require_manager(actor, collective.coordinator_id)
    slug = slugify(name)
    if not slug:
        raise Invalid(gettext("A theme needs a name."))
    if Theme.objects.filter(collective=collective, slug=slug).exists():
        raise InvalidState(gettext("The theme “%(name)s” exists already.") % {"name": name})
    return Theme.objects.create(organization_id=collective.coordinator_id,
                                collective=collective, name=name.strip(), slug=slug)


@transaction.atomic
def coverage_piece_define(*, collective: Collective, actor, region: Region,
                          theme: Theme) -> CoveragePiece:
    """The coordinator names one region × theme piece of the shared work (idempotent)."""
    access.require_manager(actor, collective.coordinator_id)
    if theme.collective_id != collective.pk:
        raise Invalid(gettext("That theme belongs to another collective."))
    piece, _ = CoveragePiece.objects.get_or_create(
        collective=collective, region=region, theme=theme,
        defaults={"organization_id": collective.coordinator_id})
    return piece


@transaction.atomic
def coverage_claim(*, piece: CoveragePiece, organization: Organization, actor) -> CoverageClaim:
    access.require_manager(actor, organization.pk)
    if organization.pk not in member_org_ids_of(piece.collective):
        raise NotAllowed(gettext("%(org)s is not a member of %(collective)s.") % {
            "org": organization.name, "collective": piece.collective.name})
    if CoverageClaim.objects.filter(piece=piece, organization=organization).exists():
        raise InvalidState(gettext("%(org)s covers %(piece)s already.") % {
            "org": organization.name, "piece": piece})
    try:
        with transaction.atomic():
            return CoverageClaim.objects.create(piece=piece, organization=organization,
                                                claimed_by=person(actor))
    except IntegrityError:
        raise InvalidState(gettext("%(org)s covers %(piece)s already.") % {
            "org": organization.name, "piece": piece}) from None


@transaction.atomic
def coverage_release(*, piece: CoveragePiece, organization: Organization, actor) -> None:
    access.require_manager(actor, organization.pk)
    deleted, _ = CoverageClaim.objects.filter(piece=piece, organization=organization).delete()
    if not deleted:
        raise InvalidState(gettext("%(org)s does not cover %(piece)s.") % {
            "org": organization.name, "piece": piece})


@transaction.atomic
def coverage_gap_role(*, piece: CoveragePiece, initiative: Initiative, actor) -> Role:
    """Turn a piece nobody covers into a draft role in one of the actor's initiatives.

    The role starts as a draft so its orchestrator can say how many hours and seats it needs
    before volunteers see it; the organization covers the piece from then on.
    """
    if initiative.collective_id != piece.collective_id:
        raise Invalid(gettext("Choose an initiative that is part of this collective."))
    if CoverageClaim.objects.filter(piece=piece).exists():
        raise InvalidState(gettext("Somebody covers %(piece)s already; it is not a gap.")
                           % {"piece": piece})
    role = role_services.role_create(
        initiative=initiative, actor=actor, title=f"{piece.theme.name} in {piece.region.name}",
        responsibility=f"Cover {piece.theme.name.lower()} in {piece.region.name} for "
                       f"{piece.collective.name}.",
        capability=Capability.SENSEMAKING, region=piece.region, status=Role.Status.DRAFT)
    coverage_claim(piece=piece, organization=initiative.organization, actor=actor)
    return role
