"""Uploaded pictures (story images, evidence of work): the one check every upload passes.

Accepted by content, never by name: JPEG, PNG or WebP, at most `MAX_MB` MB and `MAX_SIDE`
pixels a side, read in full (a truncated or corrupt file is refused). The stored file gets a
fresh random name: the uploader's file name is never trusted or shown.
"""

from __future__ import annotations

import uuid

from django.core.files import File
from django.utils.translation import gettext
from PIL import Image, UnidentifiedImageError

from crowddo.errors import Invalid

MAX_MB = 2
MAX_BYTES = MAX_MB * 1024 * 1024
MAX_SIDE = 4000  # pixels, either side
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}  # by content, never name
ACCEPT = "image/jpeg,image/png,image/webp"  # the file input's hint to the browser
CONTENT_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}


def checked_image(upload) -> File:
    """The upload as a File with a fresh name, or `Invalid` with a sentence naming the rule."""
    if upload.size > MAX_BYTES:
        raise Invalid(gettext("The image is %(size)s MB; the limit is %(max)s MB. Upload a "
                              "smaller picture.")
                      % {"size": f"{upload.size / 1048576:.1f}", "max": MAX_MB})
    try:
        upload.seek(0)
        with Image.open(upload) as img:
            kind, (width, height) = img.format, img.size
            img.verify()  # reads the whole file: truncated or corrupt images fail here
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise Invalid(gettext("This file is not an image we can read. Upload a JPEG, PNG or WebP "
                              "picture.")) from None
    if kind not in FORMATS:
        raise Invalid(gettext("Images must be JPEG, PNG or WebP; this file is %(kind)s.")
                      % {"kind": kind})
    if width > MAX_SIDE or height > MAX_SIDE:
        raise Invalid(gettext("The image is %(w)s×%(h)s pixels; the limit is %(max)s×%(max)s. "
                              "Upload a smaller picture.")
                      % {"w": width, "h": height, "max": MAX_SIDE})
    upload.seek(0)
    return File(upload, name=f"{uuid.uuid4().hex}.{FORMATS[kind]}")


def content_type(name: str) -> str:
    return CONTENT_TYPES.get(name.rsplit(".", 1)[-1].lower(), "application/octet-stream")
