"""Reads for collective governance, always through the access policy.

Which collectives a person sees is `initiatives.access` (public ones; a private one for its
coordinator and *active* members; the charter page also for invited organizations).
Stories: a featured story of a public collective is open data when what it is about is
public; otherwise its own organization sees it, and the coordinator sees stories about public
work so that it can feature them. Nobody else learns a story exists.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet

from governance.models import (
    Charter,
    CharterAcceptance,
    Commitment,
    CommitmentStatus,
    CoverageClaim,
    CoveragePiece,
    Story,
    Theme,
)
from initiatives.access import is_coordinator, open_data_q
from initiatives.models import Collective
from people import access


def _public_subject_q() -> Q:
    return Q(contribution__isnull=True) | open_data_q(
        "contribution__claim__role__initiative__"
    )


def visible_stories(qs: QuerySet[Story], actor) -> QuerySet[Story]:
    if access.is_superuser(actor):
        return qs
    orgs = access.member_org_ids(actor)
    public = Q(featured_at__isnull=False, collective__is_public=True) & _public_subject_q()
    curating = Q(collective__coordinator_id__in=orgs) & _public_subject_q()
    own = Q(organization_id__in=orgs)
    if getattr(actor, "is_authenticated", False) and hasattr(actor, "email"):
        own |= Q(author_id=actor.pk)
    return qs.filter(public | curating | own)


def stories_for(actor, collective: Collective) -> QuerySet[Story]:
    qs = Story.objects.filter(collective=collective).select_related(
        "organization", "author", "contribution__claim__role__initiative"
    )
    return visible_stories(qs, actor)


def featured_stories(actor, collective: Collective, limit: int = 6) -> list[Story]:
    """For the collective dashboard and the "state of the collective" report."""
    qs = stories_for(actor, collective).filter(featured_at__isnull=False)
    return list(qs.order_by("-featured_at", "-id")[:limit])


def charter_of(collective: Collective) -> Charter | None:
    return (
        Charter.objects.filter(collective=collective)
        .prefetch_related(Prefetch("acceptances",
                                   queryset=CharterAcceptance.objects.select_related(
                                       "organization", "accepted_by").order_by("accepted_at")))
        .first()
    )


def commitments_of(collective: Collective) -> QuerySet[Commitment]:
    return Commitment.objects.filter(collective=collective).select_related("owner", "region")


def accountability_rows(actor, collective: Collective) -> QuerySet[CommitmentStatus]:
    """Coordinator: every member's status; a member organization: its own; others: nothing."""
    qs = CommitmentStatus.objects.filter(commitment__collective=collective).select_related(
        "organization", "commitment__owner", "marked_by"
    ).order_by("organization__name", "commitment__title", "id")
    if is_coordinator(actor, collective):
        return qs
    return access.private_rows(qs, actor)


@dataclass
class CoverageCell:
    theme: Theme
    piece: CoveragePiece | None
    organizations: list = field(default_factory=list)

    @property
    def is_gap(self) -> bool:
        return self.piece is not None and not self.organizations


@dataclass
class CoverageGrid:
    themes: list[Theme]
    rows: list[tuple]  # (region, [CoverageCell per theme])
    gaps: list[CoveragePiece]
    pieces: int


def coverage_grid(collective: Collective) -> CoverageGrid:
    """Region × theme: who covers each piece, and which pieces nobody covers (3 queries)."""
    themes = list(Theme.objects.filter(collective=collective).order_by("name"))
    pieces = list(
        CoveragePiece.objects.filter(collective=collective)
        .select_related("region", "theme")
        .prefetch_related(Prefetch("claims", queryset=CoverageClaim.objects.select_related(
            "organization").order_by("organization__name")))
        .order_by("region__name", "theme__name")
    )
    by_cell = {(p.region_id, p.theme_id): p for p in pieces}
    regions = sorted({p.region_id: p.region for p in pieces}.values(), key=lambda r: r.name)
    rows = []
    for region in regions:
        cells = []
        for theme in themes:
            piece = by_cell.get((region.pk, theme.pk))
            orgs = [c.organization for c in piece.claims.all()] if piece else []
            cells.append(CoverageCell(theme=theme, piece=piece, organizations=orgs))
        rows.append((region, cells))
    gaps = [p for p in pieces if not p.claims.all()]
    return CoverageGrid(themes=themes, rows=rows, gaps=gaps, pieces=len(pieces))


def claimed_pieces(collective: Collective) -> set[tuple[int, int, int]]:
    """(region, theme, organization) for every claim: what the grid must show."""
    return set(
        CoverageClaim.objects.filter(piece__collective=collective).values_list(
            "piece__region_id", "piece__theme_id", "organization_id"
        )
    )



def overdue_statuses(statuses: QuerySet[CommitmentStatus]) -> QuerySet[CommitmentStatus]:
    """Commitments a member organization has not kept by their due date (the refresh sets the
    state; this is what the admin home counts)."""
    return statuses.filter(state=CommitmentStatus.State.OVERDUE)
