"""REST representations of progress statistics and leadership measures (open data)."""

from rest_framework import serializers

from initiatives.serializers import RegionRefSerializer


class RefSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)


class MetricsSerializer(serializers.Serializer):
    contributions = serializers.IntegerField(read_only=True)
    hours = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    micro_improvements = serializers.IntegerField(read_only=True)
    active_claims = serializers.IntegerField(read_only=True)
    completed_claims = serializers.IntegerField(read_only=True)
    verified_claims = serializers.IntegerField(read_only=True)
    volunteers = serializers.IntegerField(read_only=True)


def percent(done: int, target: int) -> int:
    return min(100, int(done * 100 / target)) if target else 0


class InitiativeStatsSerializer(MetricsSerializer):
    """One point of an initiative's series (`date` is the day of the roll-up)."""

    initiative = RefSerializer(read_only=True)
    organization = serializers.SlugField(source="initiative.organization.slug", read_only=True)
    collective = serializers.SlugField(source="initiative.collective.slug", read_only=True,
                                       allow_null=True, default=None)
    region = serializers.IntegerField(source="initiative.region_id", read_only=True,
                                      allow_null=True)
    date = serializers.DateField(read_only=True)
    computed_at = serializers.DateTimeField(read_only=True)
    goal_label = serializers.CharField(source="initiative.goal_label", read_only=True)
    goal_target = serializers.IntegerField(source="initiative.goal_target", read_only=True)
    percent = serializers.IntegerField(read_only=True)


class GroupStatsSerializer(MetricsSerializer):
    """Sums over the visible initiatives of one collective or region."""

    date = serializers.DateField(read_only=True, allow_null=True)
    initiatives = serializers.IntegerField(read_only=True)


class CollectiveStatsSerializer(GroupStatsSerializer):
    collective = RefSerializer(read_only=True)
    goal_label = serializers.CharField(read_only=True)
    goal_target = serializers.IntegerField(read_only=True)
    percent = serializers.IntegerField(read_only=True)


class RegionStatsSerializer(GroupStatsSerializer):
    region = RegionRefSerializer(read_only=True)


class LeadershipSerializer(serializers.Serializer):
    """How widely leadership is spread in an initiative, from its roll-up row."""

    initiative = RefSerializer(source="initiative_ref", read_only=True)
    date = serializers.DateField(read_only=True)
    leaders = serializers.IntegerField(
        read_only=True, help_text="People holding or having completed a role.")
    roles_held = serializers.IntegerField(
        read_only=True, help_text="Active, completed and verified claims.")
    roles_per_leader = serializers.DecimalField(max_digits=8, decimal_places=2, read_only=True,
                                                allow_null=True)
    verified_share = serializers.DecimalField(
        max_digits=5, decimal_places=2, read_only=True, allow_null=True,
        help_text="Verified among completed-or-verified claims (peer verification), 0–1.")
