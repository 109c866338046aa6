"""ETag / conditional GET for detail, list and stats responses.

The tag is a hash of what would be sent (data and format), so it changes exactly when the
answer changes; `If-None-Match` with a matching tag answers 304 with no body. A row's tag
hashes its data (`etag_for`: `If-Match` on a write recomputes it from the row); a list's
tag hashes the bytes the list renders (`bytes_etag`): the same rule, without encoding a page
of rows a second time only to hash it.
"""

import hashlib
import json

from django.utils.http import parse_etags, quote_etag
from rest_framework import status
from rest_framework.response import Response


def bytes_etag(content: bytes, media_type: str) -> str:
    return quote_etag(hashlib.sha256(media_type.encode() + b"\0" + content).hexdigest()[:32])


def etag_for(data, media_type: str) -> str:
    return bytes_etag(json.dumps(data, sort_keys=True, default=str).encode(), media_type)


def matches(header: str, tag: str) -> bool:
    tags = parse_etags(header)
    return "*" in tags or tag.removeprefix("W/") in {t.removeprefix("W/") for t in tags}


class ConditionalGetMixin:
    """Add to a view: GET responses with status 200 get an ETag and honour If-None-Match."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        if not isinstance(response, Response) or response.data is None:
            return response
        media_type = getattr(request, "accepted_media_type", "") or ""
        if getattr(self, "action", None) == "list":
            tag = bytes_etag(response.render().content, media_type)
        else:
            tag = etag_for(response.data, media_type)
        header = request.META.get("HTTP_IF_NONE_MATCH")
        if header and matches(header, tag):
            not_modified = Response(status=status.HTTP_304_NOT_MODIFIED)
            not_modified["ETag"] = tag
            return super().finalize_response(request, not_modified, *args, **kwargs)
        response["ETag"] = tag
        return response
