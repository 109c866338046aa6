"""REST representations of a collective's governance: charter, commitments with statuses,
coverage, featured stories."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from governance.models import Charter, Commitment, CommitmentStatus, Story


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
    detail = serializers.CharField(
        read_only=True, help_text=_("Where the organization stands, in the request's language."))

    class Meta:
        model = CommitmentStatus
        fields = ["organization", "state", "due_on", "detail", "computed_at"]


class CommitmentSerializer(serializers.ModelSerializer):
    owner = serializers.CharField(source="owner.name", default=None, allow_null=True)
    region = serializers.CharField(source="region.name", default=None, allow_null=True)
    statuses = StatusSerializer(many=True, source="visible_statuses")

    class Meta:
        model = Commitment
        fields = ["id", "title", "description", "kind", "owner", "region", "limit_days",
                  "due_on", "statuses"]


class PieceSerializer(serializers.Serializer):
    region = serializers.CharField()
    theme = serializers.CharField()
    covered_by = serializers.ListField(child=serializers.CharField())
    gap = serializers.BooleanField(help_text=_("Nobody covers this piece yet."))


class CoverageSerializer(serializers.Serializer):
    themes = serializers.ListField(child=serializers.CharField())
    pieces = PieceSerializer(many=True)
    gaps = serializers.IntegerField()


class StorySerializer(serializers.ModelSerializer):
    organization = serializers.CharField(source="organization.name")
    initiative = serializers.CharField(source="contribution.claim.role.initiative.name",
                                       default=None, allow_null=True)
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
