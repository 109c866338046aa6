"""Open data on how a collective governs itself: charter, commitments, coverage, stories.

Read-only. A public collective's governance is open data; a private one answers 404 to anyone
outside it. The lead mounts `urlpatterns` under `/api/v1/collectives/<slug>/`.
"""

from __future__ import annotations

from django.urls import path, reverse
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from initiatives import selectors_governance as sel
from initiatives.models import Charter, Commitment, CommitmentStatus, Story
from people.models import ApiKey


def actor_of(request):
    """An API key when one authenticated the request, else the (possibly anonymous) user."""
    return request.auth if isinstance(request.auth, ApiKey) else request.user


class AcceptanceSerializer(serializers.Serializer):
    organization = serializers.CharField(source="organization.name")
    version = serializers.IntegerField()
    accepted_at = serializers.DateTimeField()


class CharterSerializer(serializers.ModelSerializer):
    principles = serializers.ListField(source="principle_list", child=serializers.CharField())
    acceptances = AcceptanceSerializer(many=True)

    class Meta:
        model = Charter
        fields = ["purpose", "theory_of_change", "principles", "version", "updated_at",
                  "acceptances"]


class StatusSerializer(serializers.ModelSerializer):
    organization = serializers.CharField(source="organization.name")

    class Meta:
        model = CommitmentStatus
        fields = ["organization", "state", "due_on", "detail", "computed_at"]


class CommitmentSerializer(serializers.ModelSerializer):
    owner = serializers.CharField(source="owner.name", default=None)
    region = serializers.CharField(source="region.name", default=None)
    statuses = StatusSerializer(many=True, source="visible_statuses")

    class Meta:
        model = Commitment
        fields = ["id", "title", "description", "kind", "owner", "region", "limit_days",
                  "due_on", "statuses"]


class StorySerializer(serializers.ModelSerializer):
    organization = serializers.CharField(source="organization.name")
    initiative = serializers.CharField(source="contribution.claim.role.initiative.name",
                                       default=None)
    image_url = serializers.SerializerMethodField()

    class Meta:
        model = Story
        fields = ["id", "title", "text", "moment", "organization", "initiative", "image_url",
                  "image_alt", "image_width", "image_height", "featured_at"]

    def get_image_url(self, story) -> str | None:
        if not story.image:
            return None
        return self.context["request"].build_absolute_uri(reverse(
            "collective-story-image", args=[story.collective.slug, story.pk]))


class CollectiveMixin:
    def collective(self):
        if not hasattr(self, "_collective"):
            self._collective = sel.collective_for(actor_of(self.request), self.kwargs["slug"])
        return self._collective


class CharterView(CollectiveMixin, APIView):
    def get(self, request, slug):
        charter = sel.charter_of(self.collective())
        if charter is None:
            return Response({"detail": "This collective has no charter yet."}, status=404)
        return Response(CharterSerializer(charter).data)


class CommitmentList(CollectiveMixin, generics.ListAPIView):
    serializer_class = CommitmentSerializer
    pagination_class = None

    def get_queryset(self):
        from django.db.models import Prefetch

        collective = self.collective()
        actor = actor_of(self.request)
        statuses = CommitmentStatus.objects.select_related("organization")
        if not collective.is_public:  # inside a private collective: the accountability rule
            statuses = statuses.filter(pk__in=sel.accountability_rows(actor, collective))
        return sel.commitments_of(collective).prefetch_related(
            Prefetch("statuses", queryset=statuses.order_by("organization__name"),
                     to_attr="visible_statuses"))


class CoverageView(CollectiveMixin, APIView):
    def get(self, request, slug):
        grid = sel.coverage_grid(self.collective())
        pieces = [{"region": region.name, "theme": cell.theme.name,
                   "covered_by": [o.name for o in cell.organizations], "gap": cell.is_gap}
                  for region, cells in grid.rows for cell in cells if cell.piece]
        return Response({"themes": [t.name for t in grid.themes], "pieces": pieces,
                         "gaps": len(grid.gaps)})


class FeaturedStoryList(CollectiveMixin, generics.ListAPIView):
    serializer_class = StorySerializer
    pagination_class = None

    def get_queryset(self):
        return sel.stories_for(actor_of(self.request), self.collective()).filter(
            featured_at__isnull=False).select_related("collective").order_by("-featured_at")[:100]


urlpatterns = [
    path("charter/", CharterView.as_view(), name="api-collective-charter"),
    path("commitments/", CommitmentList.as_view(), name="api-collective-commitments"),
    path("coverage/", CoverageView.as_view(), name="api-collective-coverage"),
    path("stories/", FeaturedStoryList.as_view(), name="api-collective-stories"),
]
