"""The public record around initiatives and collectives: decision logs and shared resources
("transparent governance", "tools, not rules")."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext

from crowddo.errors import Invalid, InvalidState
from initiatives.models import Decision, Resource
from initiatives.services.checks import clean_and_save
from people import access
from people.models import User


def _target_org(decision_or_resource) -> int | None:
    """The organization that runs what the row is attached to (a collective: its coordinator)."""
    if decision_or_resource.initiative_id:
        return decision_or_resource.initiative.organization_id
    if decision_or_resource.collective_id:
        return decision_or_resource.collective.coordinator_id
    return None


def _save_managed(row, actor) -> None:
    """Save a decision or resource for the organization that runs what it is attached to:
    the actor must manage that organization, and the one it belonged to before an edit."""
    if row.pk:
        access.require_manager(actor, type(row).objects.get(pk=row.pk).organization_id)
    row.organization_id = _target_org(row)
    access.require_manager(actor, row.organization_id)
    clean_and_save(row, exclude=["organization"])


@transaction.atomic
def decision_record(*, decision: Decision, actor) -> Decision:
    """Add a decision-log entry of an initiative or a collective the actor runs. The log is
    append-only: a correction is a new entry whose `corrects` points at the old one, in the
    same initiative or collective."""
    if decision.pk:
        raise InvalidState(gettext("Decisions are not changed once recorded: record a new decision "
                           "that corrects this one."))
    old = decision.corrects
    if old is not None and (old.initiative_id, old.collective_id) != (
            decision.initiative_id, decision.collective_id):
        raise Invalid(gettext("A correction belongs to the same initiative or collective as the "
                      "decision it corrects."))
    if bool(decision.initiative_id) == bool(decision.collective_id):
        raise Invalid(gettext("A decision belongs to exactly one initiative or one collective."))
    if decision.recorded_by_id is None and isinstance(actor, User):
        decision.recorded_by = actor
    _save_managed(decision, actor)
    return decision


@transaction.atomic
def resource_save(*, resource: Resource, actor) -> Resource:
    """Attach a shared toolkit, link or file to an initiative or a collective the actor runs."""
    if not resource.initiative_id and not resource.collective_id:
        raise Invalid(gettext("Attach the resource to an initiative or a collective."))
    if not resource.url and not resource.file:
        raise Invalid(gettext("Give a link or upload a file."))
    if resource.file and not getattr(resource.file, "_committed", True):
        check_upload(resource.file)  # a new upload; a copied reference was checked already
    _save_managed(resource, actor)
    return resource


# Safe types only: documents people open in their own programs, never HTML, SVG or scripts.
PDF, IMAGES = (".pdf",), (".png", ".jpg", ".jpeg", ".gif", ".webp")
OFFICE_ZIP = (".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp")
OLD_OFFICE = (".doc", ".xls", ".ppt")
OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")
UPLOAD_MAX_BYTES = 20 * 1024 * 1024
SAFE_TYPES = "PDF, PNG, JPEG, GIF, WebP, Word, Excel, PowerPoint or OpenDocument"


def check_upload(upload) -> None:
    """Refuse a file that is not what a safe type's name says it is (checked by content)."""
    name = (upload.name or "").lower()
    extension = name[name.rfind("."):] if "." in name else ""
    if upload.size and upload.size > UPLOAD_MAX_BYTES:
        raise Invalid(gettext("The file is larger than %(mb)s MB.")
                      % {"mb": UPLOAD_MAX_BYTES // (1024 * 1024)})
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if extension in PDF:
        ok = head.startswith(b"%PDF-")
    elif extension in IMAGES:
        ok = _is_image(upload)
    elif extension in OFFICE_ZIP:
        ok = _is_office_zip(upload)
    elif extension in OLD_OFFICE:
        ok = head == OLE_MAGIC
    else:
        raise Invalid(gettext("Upload a %(types)s file, or give a link instead.")
                      % {"types": SAFE_TYPES})
    upload.seek(0)
    if not ok:
        raise Invalid(gettext("This file is not a real %(type)s file: upload a %(types)s file, or "
                              "give a link instead.")
                      % {"type": extension[1:].upper(), "types": SAFE_TYPES})


def _is_image(upload) -> bool:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(upload) as image:
            image.verify()
        return True
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return False


def _is_office_zip(upload) -> bool:
    import zipfile

    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    return "[Content_Types].xml" in names or "mimetype" in names
