"""A picture attached as evidence of a contribution (beside the evidence link).

Checked like story images — by the one check of every upload (`crowddo.images`) — before
anything is written. The file is written only once the row is committed (a rolled-back log
or resubmit leaves no file behind); a replaced or removed picture's file is deleted after the
commit as well.
"""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction

from crowddo import images
from roles.models import Contribution


def checked_picture(upload) -> ContentFile | None:
    """The upload checked and read (a few MB at most), or None without one; `Invalid` with a
    sentence naming the rule for a bad file."""
    if not upload:
        return None
    picture = images.checked_image(upload)
    return ContentFile(picture.read(), name=picture.name)


def _delete_file(storage, name: str) -> None:
    if name:
        storage.delete(name)


def attach_picture(contribution: Contribution, picture: ContentFile | None, *,
                   remove: bool = False) -> None:
    """Inside the caller's transaction: replace (or with `remove`, drop) the contribution's
    picture once the row commits."""
    old = contribution.evidence_image.name if contribution.evidence_image else ""
    storage = contribution.evidence_image.storage
    if picture is None and not remove:
        return
    if picture is None:  # removed
        Contribution.objects.filter(pk=contribution.pk).update(
            evidence_image="", evidence_image_width=None, evidence_image_height=None)
        transaction.on_commit(lambda: _delete_file(storage, old))
        return
    transaction.on_commit(lambda: _store(contribution.pk, picture, old))


def _store(pk: int, picture: ContentFile, old: str) -> None:
    contribution = Contribution.objects.filter(pk=pk).first()
    if contribution is None:  # deleted in the meantime
        return
    contribution.evidence_image.save(picture.name, picture, save=False)  # width, height too
    Contribution.objects.filter(pk=pk).update(
        evidence_image=contribution.evidence_image.name,
        evidence_image_width=contribution.evidence_image_width,
        evidence_image_height=contribution.evidence_image_height)
    _delete_file(contribution.evidence_image.storage, old)
