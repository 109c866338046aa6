"""REST representations of initiatives, collectives, regions and decisions (open data)."""

from rest_framework import serializers

from initiatives.models import Collective, Decision, Initiative, Region


class RegionSerializer(serializers.ModelSerializer):
    parent = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)  # countries

    class Meta:
        model = Region
        fields = ["id", "name", "slug", "level", "parent"]


class RegionRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["id", "name", "level"]


class OrganizationRefSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)


class InitiativeSerializer(serializers.ModelSerializer):
    organization = OrganizationRefSerializer(read_only=True)
    collective = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    sdgs = serializers.SerializerMethodField()
    region = RegionRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Initiative
        fields = ["id", "slug", "name", "summary", "purpose", "organization", "collective",
                  "sdgs", "goal_label", "goal_target", "status", "is_public", "region",
                  "outcome", "created_at", "updated_at"]

    def get_sdgs(self, obj) -> list[int]:
        return [sdg.number for sdg in obj.sdgs.all()]


class CollectiveSerializer(serializers.ModelSerializer):
    coordinator = OrganizationRefSerializer(read_only=True)
    members = serializers.SerializerMethodField()
    sdgs = serializers.SerializerMethodField()

    class Meta:
        model = Collective
        fields = ["id", "slug", "name", "summary", "coordinator", "members", "goal_label",
                  "goal_target", "is_public", "sdgs", "created_at"]

    def get_members(self, obj) -> list[str]:
        """Slugs of the organizations that accepted the invitation."""
        return [m.organization.slug for m in obj.active_memberships]

    def get_sdgs(self, obj) -> list[int]:
        return [sdg.number for sdg in obj.sdgs.all()]


class DecisionSerializer(serializers.ModelSerializer):
    organization = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    initiative = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    collective = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = Decision
        fields = ["id", "organization", "initiative", "collective", "decided_on", "title",
                  "rationale", "decided_by", "created_at"]
