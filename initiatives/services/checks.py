"""Model validation turned into the domain error services raise (one way, for every service)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Model

from crowddo.errors import Invalid


def clean_and_save(obj: Model, exclude=()) -> None:
    """`full_clean` then save; what the model refuses becomes one `Invalid` message."""
    try:
        obj.full_clean(exclude=list(exclude))
    except ValidationError as exc:
        problems = "; ".join(f"{k}: {' '.join(v)}" for k, v in exc.message_dict.items())
        raise Invalid(problems) from None
    obj.save()
