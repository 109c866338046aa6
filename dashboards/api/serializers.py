"""REST representations of progress statistics and leadership measures, as stored in the
roll-up tables (see dashboards.selectors.stats for who gets which audience)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from dashboards.models import Audience, Kind
from initiatives.api.serializers import RegionRefSerializer


class RefSerializer(serializers.Serializer):
    slug = serializers.SlugField(read_only=True)
    name = serializers.CharField(read_only=True)


AUDIENCE_HELP = _("`public`: open data only (public, non-draft initiatives); `all`: includes "
                  "the organization's private initiatives (its own key only).")


class TotalsSerializer(serializers.Serializer):
    """A scope's stored totals. Contributions, hours and micro-improvements count work a peer
    verified only; `awaiting_*` is work reported and waiting for a peer, never added in.
    `volunteers` counts distinct people in the scope itself."""

    audience = serializers.ChoiceField(choices=Audience.choices, read_only=True,
                                       help_text=AUDIENCE_HELP)
    contributions = serializers.IntegerField(read_only=True, help_text=_("Verified by a peer."))
    hours = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True,
                                     help_text=_("Verified by a peer."))
    micro_improvements = serializers.IntegerField(read_only=True,
                                                  help_text=_("Verified by a peer."))
    awaiting_contributions = serializers.IntegerField(
        read_only=True, help_text=_("Reported, awaiting a peer: not in the figures above."))
    awaiting_micro_improvements = serializers.IntegerField(
        read_only=True, help_text=_("Reported, awaiting a peer: not in the figures above."))
    volunteers = serializers.IntegerField(
        read_only=True,
        help_text=_("Distinct volunteers holding or having held a role in the scope."))
    active_claims = serializers.IntegerField(read_only=True)
    completed_claims = serializers.IntegerField(read_only=True)
    verified_claims = serializers.IntegerField(read_only=True)
    roles_open = serializers.IntegerField(read_only=True)
    roles_filled = serializers.IntegerField(read_only=True)
    initiatives = serializers.IntegerField(read_only=True)
    goal_target = serializers.IntegerField(read_only=True)
    percent = serializers.IntegerField(read_only=True)
    computed_at = serializers.DateTimeField(read_only=True, allow_null=True,
                                            help_text=_("When the roll-up last ran; null: never."))
    changed_at = serializers.DateTimeField(
        read_only=True, allow_null=True,
        help_text=_("When one of these figures last changed (a roll-up that finds the same "
                    "figures leaves it); null: never rolled up. Compare it with your last "
                    "pull to see whether the progress figures moved."))


class InitiativeStatsSerializer(TotalsSerializer):
    initiative = RefSerializer(read_only=True)
    organization = serializers.SlugField(read_only=True)
    collective = serializers.SlugField(read_only=True, allow_null=True)
    region = serializers.IntegerField(read_only=True, allow_null=True)
    goal_label = serializers.CharField(read_only=True)


class OrganizationStatsSerializer(TotalsSerializer):
    organization = RefSerializer(read_only=True)


class CollectiveStatsSerializer(TotalsSerializer):
    collective = RefSerializer(read_only=True)
    goal_label = serializers.CharField(read_only=True)


class DaySerializer(serializers.Serializer):
    """One day of a scope's series (work dated that day)."""

    day = serializers.DateField(read_only=True)
    contributions = serializers.IntegerField(read_only=True)
    hours = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    micro_improvements = serializers.IntegerField(read_only=True)
    volunteers = serializers.IntegerField(
        read_only=True, help_text=_("Distinct volunteers who logged work that day."))
    cumulative_micro_improvements = serializers.IntegerField(
        read_only=True, help_text=_("Running total up to and including this day."))
    awaiting_contributions = serializers.IntegerField(
        read_only=True, help_text=_("Reported, awaiting a peer: not in the figures above."))
    awaiting_micro_improvements = serializers.IntegerField(
        read_only=True, help_text=_("Reported, awaiting a peer: not in the figures above."))


class RegionStatsSerializer(serializers.Serializer):
    """A collective's public progress in one region (every level: country, state, district)."""

    collective = RefSerializer(read_only=True)
    region = RegionRefSerializer(read_only=True)
    level = serializers.CharField(read_only=True)
    parent = serializers.IntegerField(source="parent_id", read_only=True, allow_null=True)
    contributions = serializers.IntegerField(read_only=True)
    hours = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    micro_improvements = serializers.IntegerField(read_only=True)
    volunteers = serializers.IntegerField(
        read_only=True, help_text=_("Distinct volunteers with work in the region (and below)."))
    awaiting_contributions = serializers.IntegerField(
        read_only=True, help_text=_("Reported, awaiting a peer: not in the figures above."))
    awaiting_micro_improvements = serializers.IntegerField(
        read_only=True, help_text=_("Reported, awaiting a peer: not in the figures above."))


class RegionDaySerializer(serializers.Serializer):
    """A collective's public work in one region on one day."""

    day = serializers.DateField(read_only=True)
    collective = RefSerializer(read_only=True)
    region = RegionRefSerializer(read_only=True)
    level = serializers.CharField(source="region.level", read_only=True)
    contributions = serializers.IntegerField(read_only=True)
    hours = serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True)
    micro_improvements = serializers.IntegerField(read_only=True)


class MeasureSerializer(serializers.Serializer):
    key = serializers.CharField(read_only=True)
    label = serializers.CharField(read_only=True)
    value = serializers.FloatField(read_only=True, allow_null=True,
                                   help_text=_("Shares are 0–1; null when there is nothing yet."))
    display = serializers.CharField(read_only=True, help_text=_("As the dashboards show it."))
    explanation = serializers.CharField(read_only=True, help_text=_("Why the measure matters."))
    detail = serializers.CharField(read_only=True, allow_blank=True)


class LeadershipSerializer(serializers.Serializer):
    """How widely leadership is spread in a scope (MIT distributed-leadership measures)."""

    kind = serializers.ChoiceField(choices=Kind.choices, read_only=True)
    scope = RefSerializer(read_only=True)
    audience = serializers.ChoiceField(choices=Audience.choices, read_only=True,
                                       help_text=AUDIENCE_HELP)
    computed_at = serializers.DateTimeField(read_only=True)
    participants = serializers.IntegerField(read_only=True)
    role_holders = serializers.IntegerField(read_only=True)
    verified_volunteers = serializers.IntegerField(read_only=True)
    gini = serializers.FloatField(read_only=True, allow_null=True)
    top10_share = serializers.FloatField(read_only=True, allow_null=True)
    capabilities = serializers.DictField(child=serializers.IntegerField(), read_only=True,
                                         help_text=_("Filled roles per leadership capability."))
    boundary_spanners = serializers.IntegerField(read_only=True, allow_null=True,
                                                 help_text=_("Collectives only."))
    roles_total = serializers.IntegerField(read_only=True)
    roles_from_proposals = serializers.IntegerField(read_only=True)
    completed_work = serializers.IntegerField(read_only=True)
    peer_verified_work = serializers.IntegerField(read_only=True)
    orchestrators = serializers.IntegerField(read_only=True)
    open_roles = serializers.IntegerField(read_only=True)
    pending_verifications = serializers.IntegerField(read_only=True)
    measures = MeasureSerializer(many=True, read_only=True)
