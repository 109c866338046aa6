"""Reads of the feedback exchange on contributions (see roles.services.feedback for the writes).

The exchange of a contribution is its verifications (sent back / verified, with the comment
and whether the verifier held the role before) and the contributor's resubmissions, in the
order they happened. Two prefetch queries whatever the number of contributions.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from people.models import User
from roles.models import Contribution, Resubmission, Verification

MY_EXCHANGES = 20


def with_exchange(qs: QuerySet[Contribution]) -> QuerySet[Contribution]:
    return qs.prefetch_related(
        Prefetch("verifications", queryset=Verification.objects.select_related("verifier")),
        Prefetch("resubmissions", queryset=Resubmission.objects.all()),
    )


def exchange(contribution: Contribution) -> list:
    """Verifications and resubmissions of a contribution, oldest first (uses the prefetch).

    Each entry gets `kind` ("verification" or "resubmission") for the template.
    """
    entries = []
    for v in contribution.verifications.all():
        v.kind = "verification"
        entries.append(v)
    for r in contribution.resubmissions.all():
        r.kind = "resubmission"
        entries.append(r)
    return sorted(entries, key=lambda e: (e.created_at, e.kind != "verification", e.pk))


def last_send_back(contribution: Contribution) -> Verification | None:
    sent = [v for v in contribution.verifications.all()
            if v.outcome in (Verification.Outcome.SENT_BACK, Verification.Outcome.RETRACTED)]
    return sent[-1] if sent else None


def attach(contributions) -> list[Contribution]:
    """Evaluate and give each contribution `.history` and `.last_send_back` for templates."""
    contributions = list(contributions)
    for c in contributions:
        c.history = exchange(c)
        c.last_send_back = last_send_back(c)
    return contributions


def my_exchanges(user: User) -> QuerySet[Contribution]:
    """The volunteer's contributions that have an exchange, most recently changed first."""
    has_exchange = (Q(status__in=(Contribution.Status.SENT_BACK, Contribution.Status.HELD))
                    | Exists(Verification.objects.filter(contribution=OuterRef("pk")))
                    | Exists(Resubmission.objects.filter(contribution=OuterRef("pk"))))
    qs = (Contribution.objects.filter(has_exchange, claim__volunteer=user)
          .select_related("claim__role"))
    return with_exchange(qs).order_by("-updated_at", "-id")[:MY_EXCHANGES]


def my_contribution(user: User) -> QuerySet[Contribution]:
    """Contributions the user logged (to fetch one by id: another's answers 404)."""
    return with_exchange(Contribution.objects.filter(claim__volunteer=user)
                         .select_related("claim__role__initiative"))
