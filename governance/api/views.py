"""Open data on how a collective governs itself: charter, commitments, coverage, stories.

Read-only, mounted by crowddo/api/urls.py under `/api/v1/collectives/<slug>/`, with the
partner API's key authentication, throttles, JSON errors, ETags and CSV (lists only; the
charter is a document). Which collectives: the same rule as `/api/v1/collectives/` — public
ones for everyone, a private one only for its coordinator's and active members' keys; anyone
else gets 404.

Commitments of a public collective carry every member's status: issue 11 asks for
commitments and their status as open data, so the API follows the issue even though the
accountability *page* is for members only. Inside a private collective a member sees its own
statuses and the coordinator everyone's (the accountability rule).
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from crowddo.api.views import ApiViewMixin
from governance import selectors as sel
from governance.api.serializers import (
    CharterSerializer,
    CommitmentSerializer,
    CoverageSerializer,
    StorySerializer,
)
from governance.models import Commitment, CommitmentStatus, Story
from initiatives.access import collective_for
from people.api.authentication import actor_of


class CollectiveMixin(ApiViewMixin):
    # Read-only views (GET only): any caller may read what the access rule shows, and a
    # write answers 405 whoever sends it, rather than a key-scope 401/403.
    permission_classes = [AllowAny]

    def collective(self):
        if not hasattr(self, "_collective"):
            self._collective = collective_for(actor_of(self.request), self.kwargs["slug"])
        return self._collective


class CharterView(CollectiveMixin, APIView):
    """The collective's shared purpose, principles and which members accepted which version."""

    renderer_classes = [JSONRenderer]  # a document, not a table

    @extend_schema(responses=CharterSerializer)
    def get(self, request, slug):
        charter = sel.charter_of(self.collective())
        if charter is None:
            raise NotFound(gettext("This collective has no charter yet."))
        return Response(CharterSerializer(charter).data)


class CommitmentList(CollectiveMixin, generics.ListAPIView):
    """Commitments with each member organization's status (kept, due, overdue)."""

    serializer_class = CommitmentSerializer
    queryset = Commitment.objects.none()  # names the model for the schema
    pagination_class = None  # a collective has a handful of commitments

    def get_queryset(self):
        collective = self.collective()
        statuses = CommitmentStatus.objects.select_related("organization")
        if not collective.is_public:  # inside a private collective: the accountability rule
            statuses = statuses.filter(
                pk__in=sel.accountability_rows(actor_of(self.request), collective).values("pk"))
        return sel.commitments_of(collective).prefetch_related(
            Prefetch("statuses", queryset=statuses.order_by("organization__name"),
                     to_attr="visible_statuses"))

    def csv_rows(self, data) -> list[dict]:
        """CSV: one row per commitment and member status."""
        rows = []
        for commitment in data:
            head = {k: v for k, v in commitment.items() if k != "statuses"}
            statuses = commitment["statuses"] or [{}]
            rows += [{**head, **{f"status.{k}": v for k, v in s.items()}} for s in statuses]
        return rows


class CoverageView(CollectiveMixin, APIView):
    """Region × theme pieces of the shared work: who covers each, and the gaps."""

    @extend_schema(responses=CoverageSerializer)
    def get(self, request, slug):
        grid = sel.coverage_grid(self.collective())
        pieces = [{"region": region.name, "theme": cell.theme.name,
                   "covered_by": [o.name for o in cell.organizations], "gap": cell.is_gap}
                  for region, cells in grid.rows for cell in cells if cell.piece]
        return Response({"themes": [t.name for t in grid.themes], "pieces": pieces,
                         "gaps": len(grid.gaps)})

    def csv_rows(self, data) -> list[dict]:
        """CSV: the pieces (covering organizations joined with `;`)."""
        return data["pieces"]


class FeaturedStoryList(CollectiveMixin, generics.ListAPIView):
    """The latest 100 featured stories the caller may see (never about private work)."""

    serializer_class = StorySerializer
    queryset = Story.objects.none()  # names the model for the schema
    pagination_class = None

    def get_queryset(self):
        return sel.stories_for(actor_of(self.request), self.collective()).filter(
            featured_at__isnull=False).select_related("collective").order_by(
            "-featured_at", "-id")[:100]
