"""One way for a page to hand a bound form to a service."""

from __future__ import annotations

from collections.abc import Callable

from django import forms

from crowddo.errors import DomainError


def submit(form: forms.Form, call: Callable[[dict], object]) -> int | None:
    """Validate the form and run `call(cleaned_data)`.

    None when it went through; otherwise the HTTP status to answer with: 400 for invalid input,
    or the DomainError's own status, its message added to the form as a non-field error, so the
    person sees why next to what they typed (nothing is lost).
    """
    if not form.is_valid():
        return 400
    try:
        call(form.cleaned_data)
    except DomainError as exc:
        form.add_error(None, exc.message)
        return exc.status_code
    return None
