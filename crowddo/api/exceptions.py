"""Every API error is JSON: {"error": code, "message": sentence, "status_code": n[, "fields"]}."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from crowddo.errors import DomainError


def _first_message(detail) -> str:
    if isinstance(detail, list) and detail:
        return _first_message(detail[0])
    if isinstance(detail, dict) and detail:
        field, value = next(iter(detail.items()))
        inner = _first_message(value)
        return inner if field == "non_field_errors" else f"{field}: {inner}"
    return str(detail)


def _body(code: str, message: str, status_code: int, **extra) -> dict:
    return {"error": code, "message": message, "status_code": status_code, **extra}


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        return Response(_body(exc.code, exc.message, exc.status_code), status=exc.status_code)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(
            gettext("Not found. It does not exist or is not visible to this key."))
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a real bug: Django's 500 handling and logging take over
    if isinstance(exc, exceptions.ValidationError):
        response.data = _body("invalid", _first_message(exc.detail), response.status_code,
                              fields=exc.detail if isinstance(exc.detail, dict) else None)
    else:
        code = exc.get_codes() if isinstance(exc, exceptions.APIException) else "error"
        code = code if isinstance(code, str) else "error"
        response.data = _body(code, _first_message(getattr(exc, "detail", str(exc))),
                              response.status_code)
    if response.status_code == status.HTTP_429_TOO_MANY_REQUESTS:
        response.data["retry_after"] = int(getattr(exc, "wait", 0) or 0) or None
    return response
