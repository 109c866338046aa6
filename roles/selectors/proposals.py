"""Reads of proposals: the author's, with what became of them, and those a manager decides."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from initiatives.models import Initiative
from people import access
from people.models import User
from roles.models import Claim, Proposal, Role


def my_proposals(user: User) -> QuerySet[Proposal]:
    """The author's proposals with what became of them, one query: roles created from each,
    seats held in them now, and their claims completed and verified."""
    def count(qs):
        return Coalesce(Subquery(qs.order_by().values("role__from_proposal")
                                 .annotate(n=Count("pk")).values("n")[:1],
                                 output_field=IntegerField()), Value(0))

    claims = Claim.objects.filter(role__from_proposal=OuterRef("pk"))
    roles = (Role.objects.filter(from_proposal=OuterRef("pk")).order_by()
             .values("from_proposal").annotate(n=Count("pk")).values("n")[:1])
    return Proposal.objects.filter(author=user).select_related(
        "initiative", "resulting_role"
    ).annotate(
        roles_created=Coalesce(Subquery(roles, output_field=IntegerField()), Value(0)),
        seats_claimed=count(claims.filter(status=Claim.Status.ACTIVE)),
        claims_done=count(claims.filter(status__in=[Claim.Status.COMPLETED,
                                                    Claim.Status.VERIFIED])),
        claims_verified=count(claims.filter(status=Claim.Status.VERIFIED)),
    ).order_by("-created_at")[:20]


def pending_proposals(user: User, initiative: Initiative) -> QuerySet[Proposal]:
    """Proposals a manager may decide on in this initiative (none for anyone else)."""
    qs = Proposal.objects.filter(initiative=initiative, status=Proposal.Status.PENDING)
    return access.managed_rows(qs, user).select_related("author").order_by("created_at")
