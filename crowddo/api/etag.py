"""ETag / conditional GET for detail and stats responses.

The tag is a hash of what would be sent (data and format), so it changes exactly when the
answer changes; `If-None-Match` with a matching tag answers 304 with no body.
"""

import hashlib
import json

from django.utils.http import parse_etags, quote_etag
from rest_framework import status
from rest_framework.response import Response


def etag_for(data, media_type: str) -> str:
    payload = json.dumps(data, sort_keys=True, default=str).encode()
    return quote_etag(hashlib.sha256(media_type.encode() + b"\0" + payload).hexdigest()[:32])


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
        tag = etag_for(response.data, getattr(request, "accepted_media_type", "") or "")
        header = request.META.get("HTTP_IF_NONE_MATCH")
        if header and matches(header, tag):
            not_modified = Response(status=status.HTTP_304_NOT_MODIFIED)
            not_modified["ETag"] = tag
            return super().finalize_response(request, not_modified, *args, **kwargs)
        response["ETag"] = tag
        return response
