"""Every write about how a collective governs itself: charter, commitments, coverage, stories.

Views, admin, API and tasks call these functions and nothing else. Each runs in one
transaction and raises a `crowddo.errors.DomainError` whose message a person can act on.
The coordinating organization's orchestrators define the charter, commitments, themes and
coverage pieces; a member organization's orchestrators accept the charter, mark their own
commitments and claim pieces; volunteers and orchestrators tell stories about verified work.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from crowddo.errors import Invalid, InvalidState, NotAllowed
from governance import commitment_status
from governance.models import (
    Charter,
    CharterAcceptance,
    Commitment,
    CommitmentStatus,
    CoverageClaim,
    CoveragePiece,
    Story,
    Theme,
)
from governance.selectors import visible_stories
from initiatives.access import member_org_ids_of
from initiatives.models import Collective, CollectiveMembership, Decision, Region
from people import access
from people.models import Organization, User

MAX_IMAGE_BYTES = 2 * 1024 * 1024
MAX_IMAGE_SIDE = 4000
IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def _check_manages(actor, organization_id: int, what: str) -> None:
    if not access.is_superuser(actor) and organization_id not in access.managed_org_ids(actor):
        raise NotAllowed(f"Only orchestrators of {what} can do that.")


def _check_coordinates(actor, collective: Collective) -> None:
    _check_manages(actor, collective.coordinator_id, "the coordinating organization")


def _user(actor) -> User | None:
    return actor if isinstance(actor, User) else None


def _log_decision(*, collective: Collective, actor, title: str, rationale: str,
                  decided_by: str) -> Decision:
    return Decision.objects.create(
        organization_id=collective.coordinator_id, collective=collective,
        decided_on=timezone.localdate(), title=title[:200], rationale=rationale,
        decided_by=decided_by or str(collective.coordinator), recorded_by=_user(actor),
    )


# --- Charter --------------------------------------------------------------------------------

@transaction.atomic
def charter_update(*, collective: Collective, actor, purpose: str, theory_of_change: str = "",
                   principles: str = "", rationale: str = "", decided_by: str = "") -> Charter:
    """Adopt or change the charter; every change is a new version and a public decision."""
    _check_coordinates(actor, collective)
    values = {"purpose": purpose.strip(), "theory_of_change": theory_of_change.strip(),
              "principles": principles.strip()}
    if not values["purpose"]:
        raise Invalid("A charter needs a shared purpose.")
    charter = Charter.objects.select_for_update().filter(collective=collective).first()
    if charter is None:
        charter = Charter.objects.create(organization_id=collective.coordinator_id,
                                         collective=collective, updated_by=_user(actor), **values)
        title = "Charter adopted (version 1)"
    else:
        if all(getattr(charter, k) == v for k, v in values.items()):
            raise InvalidState("Nothing in the charter changed, so no new version was made.")
        for name, value in values.items():
            setattr(charter, name, value)
        charter.version += 1
        charter.updated_by = _user(actor)
        charter.save()
        title = f"Charter changed (version {charter.version})"
    _log_decision(collective=collective, actor=actor, title=title, rationale=rationale,
                  decided_by=decided_by)
    return charter


@transaction.atomic
def charter_accept(*, collective: Collective, organization: Organization,
                   actor) -> CharterAcceptance:
    """A member organization accepts the current charter (and so joins, if it was invited).

    Recorded once per version: accepting again returns the first record, who and when.
    """
    _check_manages(actor, organization.pk, organization.name)
    charter = Charter.objects.select_for_update().filter(collective=collective).first()
    if charter is None:
        raise InvalidState("This collective has no charter yet; there is nothing to accept.")
    membership = CollectiveMembership.objects.select_for_update().filter(
        collective=collective, organization=organization).first()
    if membership is None and organization.pk != collective.coordinator_id:
        raise NotAllowed(f"{organization.name} is not invited to {collective.name}.")
    acceptance = CharterAcceptance.objects.filter(
        charter=charter, organization=organization, version=charter.version).first()
    if acceptance is None:
        try:
            with transaction.atomic():
                acceptance = CharterAcceptance.objects.create(
                    charter=charter, organization=organization, version=charter.version,
                    accepted_by=_user(actor))
        except IntegrityError:  # a concurrent accept won; its record stands
            acceptance = CharterAcceptance.objects.get(
                charter=charter, organization=organization, version=charter.version)
    if membership is not None and membership.status != CollectiveMembership.Status.ACTIVE:
        membership.status = CollectiveMembership.Status.ACTIVE
        membership.accepted_at = timezone.now()
        membership.accepted_by = _user(actor)
        membership.save(update_fields=["status", "accepted_at", "accepted_by"])
    return acceptance


# --- Commitments ----------------------------------------------------------------------------

@transaction.atomic
def commitment_create(*, collective: Collective, actor, title: str, kind: str,
                      description: str = "", owner: Organization | None = None,
                      region: Region | None = None, limit_days: int = 7,
                      due_on: dt.date | None = None, remind_days_before: int = 3,
                      starts_on: dt.date | None = None) -> Commitment:
    """The coordinator adds a commitment; it is part of the charter, so it is a decision too."""
    _check_coordinates(actor, collective)
    if owner is not None and owner.pk not in member_org_ids_of(collective):
        raise Invalid(f"{owner.name} is not a member of {collective.name}; it cannot own this.")
    if kind == Commitment.Kind.MARKED and due_on is None:
        raise Invalid("A commitment its owner marks needs a due date.")
    commitment = Commitment(
        organization_id=collective.coordinator_id, collective=collective, title=title.strip(),
        description=description.strip(), kind=kind, owner=owner, region=region,
        limit_days=limit_days, due_on=due_on, remind_days_before=remind_days_before,
        starts_on=starts_on or timezone.localdate(),
    )
    try:
        commitment.full_clean(exclude=["organization", "collective", "owner", "region"])
    except ValidationError as exc:
        problems = "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
        raise Invalid(problems) from None
    commitment.save()
    _log_decision(collective=collective, actor=actor, title=f"Commitment added: {title}",
                  rationale=description, decided_by="")
    commitment_status.refresh_commitment(commitment)
    return commitment


@transaction.atomic
def commitment_mark(*, commitment: Commitment, organization: Organization, actor,
                    kept: bool = True, note: str = "") -> CommitmentStatus:
    """The owner says a commitment the data cannot show is kept (or takes that back)."""
    _check_manages(actor, organization.pk, organization.name)
    if commitment.kind != Commitment.Kind.MARKED:
        raise InvalidState("This commitment is checked from the data; it cannot be marked by hand.")
    if organization.pk not in commitment_status.bound_org_ids(commitment):
        raise NotAllowed(f"This commitment is not {organization.name}'s to mark.")
    status, _ = CommitmentStatus.objects.select_for_update().get_or_create(
        commitment=commitment, organization=organization)
    status.marked_kept_at = timezone.now() if kept else None
    status.marked_by = _user(actor)
    status.note = note.strip()[:300]
    status.save(update_fields=["marked_kept_at", "marked_by", "note"])
    commitment_status.refresh_commitment(commitment)
    status.refresh_from_db()
    return status


# --- Coverage -------------------------------------------------------------------------------

@transaction.atomic
def theme_create(*, collective: Collective, actor, name: str) -> Theme:
    _check_coordinates(actor, collective)
    slug = slugify(name)
    if not slug:
        raise Invalid("A theme needs a name.")
    if Theme.objects.filter(collective=collective, slug=slug).exists():
        raise InvalidState(f"The theme “{name}” exists already.")
    return Theme.objects.create(organization_id=collective.coordinator_id,
                                collective=collective, name=name.strip(), slug=slug)


@transaction.atomic
def coverage_piece_define(*, collective: Collective, actor, region: Region,
                          theme: Theme) -> CoveragePiece:
    """The coordinator names one region × theme piece of the shared work (idempotent)."""
    _check_coordinates(actor, collective)
    if theme.collective_id != collective.pk:
        raise Invalid("That theme belongs to another collective.")
    piece, _ = CoveragePiece.objects.get_or_create(
        collective=collective, region=region, theme=theme,
        defaults={"organization_id": collective.coordinator_id})
    return piece


@transaction.atomic
def coverage_claim(*, piece: CoveragePiece, organization: Organization, actor) -> CoverageClaim:
    _check_manages(actor, organization.pk, organization.name)
    if organization.pk not in member_org_ids_of(piece.collective):
        raise NotAllowed(f"{organization.name} is not a member of {piece.collective.name}.")
    if CoverageClaim.objects.filter(piece=piece, organization=organization).exists():
        raise InvalidState(f"{organization.name} covers {piece} already.")
    try:
        with transaction.atomic():
            return CoverageClaim.objects.create(piece=piece, organization=organization,
                                                claimed_by=_user(actor))
    except IntegrityError:
        raise InvalidState(f"{organization.name} covers {piece} already.") from None


@transaction.atomic
def coverage_release(*, piece: CoveragePiece, organization: Organization, actor) -> None:
    _check_manages(actor, organization.pk, organization.name)
    deleted, _ = CoverageClaim.objects.filter(piece=piece, organization=organization).delete()
    if not deleted:
        raise InvalidState(f"{organization.name} does not cover {piece}.")


@transaction.atomic
def coverage_gap_role(*, piece: CoveragePiece, initiative, actor):
    """Turn a piece nobody covers into a draft role in one of the actor's initiatives.

    The role starts as a draft so its orchestrator can say how many hours and seats it needs
    before volunteers see it; the organization covers the piece from then on.
    """
    from roles import services as role_services

    if initiative.collective_id != piece.collective_id:
        raise Invalid("Choose an initiative that is part of this collective.")
    if CoverageClaim.objects.filter(piece=piece).exists():
        raise InvalidState(f"Somebody covers {piece} already; it is not a gap.")
    role = role_services.role_create(
        initiative=initiative, actor=actor, title=f"{piece.theme.name} in {piece.region.name}",
        responsibility=f"Cover {piece.theme.name.lower()} in {piece.region.name} for "
                       f"{piece.collective.name}.",
        capability="sensemaking", region=piece.region, status="draft")
    coverage_claim(piece=piece, organization=initiative.organization, actor=actor)
    return role


# --- Stories --------------------------------------------------------------------------------

def _checked_image(upload) -> File:
    """Accept JPEG, PNG or WebP by content (never by name), at most 2 MB and 4000×4000 px."""
    from PIL import Image, UnidentifiedImageError

    if upload.size > MAX_IMAGE_BYTES:
        raise Invalid(f"The image is {upload.size / 1048576:.1f} MB; the limit is 2 MB. "
                      "Upload a smaller picture.")
    try:
        upload.seek(0)
        with Image.open(upload) as img:
            kind, (width, height) = img.format, img.size
            img.verify()  # reads the whole file: truncated or corrupt images fail here
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise Invalid("This file is not an image we can read. Upload a JPEG, PNG or WebP "
                      "picture.") from None
    if kind not in IMAGE_FORMATS:
        raise Invalid(f"Images must be JPEG, PNG or WebP; this file is {kind}.")
    if width > MAX_IMAGE_SIDE or height > MAX_IMAGE_SIDE:
        raise Invalid(f"The image is {width}×{height} pixels; the limit is "
                      f"{MAX_IMAGE_SIDE}×{MAX_IMAGE_SIDE}. Upload a smaller picture.")
    upload.seek(0)
    # A fresh random name: the uploader's file name is never trusted or shown.
    return File(upload, name=f"{uuid.uuid4().hex}.{IMAGE_FORMATS[kind]}")


def _story_subject(actor, contribution, collective, organization, moment):
    """Return (organization id, collective) the story belongs to, or refuse."""
    if contribution is not None:
        from roles.models import Contribution

        contribution = Contribution.objects.select_related("claim__role__initiative").get(
            pk=contribution.pk)
        own = getattr(actor, "pk", None) == contribution.claim.volunteer_id
        if not own:
            _check_manages(actor, contribution.organization_id, "the organization that did it")
        if contribution.status != Contribution.Status.VERIFIED:
            raise InvalidState("Only a verified contribution can carry a story; ask a peer to "
                               "verify it first.")
        return contribution.organization_id, contribution.claim.role.initiative.collective
    if collective is None or organization is None or not moment.strip():
        raise Invalid("Say what the story is about: a verified contribution, or a moment of "
                      "the collective.")
    _check_manages(actor, organization.pk, organization.name)
    if organization.pk not in member_org_ids_of(collective):
        raise NotAllowed(f"{organization.name} is not a member of {collective.name}.")
    return organization.pk, collective


@transaction.atomic
def story_attach(*, actor, title: str, text: str, contribution=None,
                 collective: Collective | None = None, organization: Organization | None = None,
                 moment: str = "", image=None, image_alt: str = "") -> Story:
    """Attach a short story (and an optional picture) to verified work or a collective moment."""
    if not title.strip() or not text.strip():
        raise Invalid("A story needs a title and a few sentences.")
    if len(text) > 1500:
        raise Invalid("Keep the story under 1,500 characters.")
    org_id, story_collective = _story_subject(actor, contribution, collective, organization,
                                              moment)
    picture = _checked_image(image) if image else None
    if picture is not None and not image_alt.strip():
        raise Invalid("Describe the image in a few words for people who cannot see it.")
    story = Story(organization_id=org_id, collective=story_collective, contribution=contribution,
                  moment=moment.strip()[:160] if contribution is None else "",
                  title=title.strip()[:120], text=text.strip(), image_alt=image_alt.strip()[:200],
                  author=_user(actor))
    if picture is not None:
        story.image = picture
    try:
        story.save()
    except Exception:
        # The file is written before the row; a failed insert must not leave it behind.
        if story.image:
            story.image.storage.delete(story.image.name)
        raise
    return story


@transaction.atomic
def story_feature(*, story: Story, actor, featured: bool = True) -> Story:
    """The coordinating organization features a story it can see (or stops featuring it)."""
    story = Story.objects.select_for_update(of=("self",)).select_related("collective").get(
        pk=story.pk)
    if story.collective is None:
        raise InvalidState("This story is not part of a collective, so nobody can feature it.")
    _check_coordinates(actor, story.collective)
    if not visible_stories(Story.objects.filter(pk=story.pk), actor).exists():
        raise NotAllowed("Only the coordinating organization can feature this story.")
    story.featured_at = timezone.now() if featured else None
    story.featured_by = _user(actor) if featured else None
    story.save(update_fields=["featured_at", "featured_by"])
    return story
