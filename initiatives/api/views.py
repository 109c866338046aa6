"""Open-data endpoints: initiatives, collectives, regions, decision logs.

Querysets always go through people.access: anonymous callers see public rows, a key also
sees its own organization's private rows, and a row outside that answers 404.
"""

import django_filters
from django.db.models import Prefetch, Q
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from crowddo.api import sync
from crowddo.api.filters import RegionFilter, SdgFilter, SinceFilter
from crowddo.api.views import ApiViewMixin
from initiatives.access import visible_collectives, visible_initiatives
from initiatives.api import serializers
from initiatives.models import CollectiveMembership, Decision, Initiative, Region
from people.api.authentication import actor_of


class InitiativeFilter(django_filters.FilterSet):
    updated_since = SinceFilter(field_name="updated_at")
    status = django_filters.ChoiceFilter(choices=Initiative.Status.choices)
    sdg = SdgFilter(method="by_sdg")
    organization = django_filters.CharFilter(field_name="organization__slug")
    collective = django_filters.CharFilter(field_name="collective__slug")
    region = RegionFilter()

    class Meta:
        model = Initiative
        fields = ["updated_since", "status", "sdg", "organization", "collective", "region"]

    def by_sdg(self, qs, name, value):
        # A subquery, not a join: a join on the M2M would repeat rows.
        return qs.filter(id__in=Initiative.sdgs.through.objects.filter(
            sdg_id=value).values("initiative_id"))


@extend_schema_view(list=extend_schema(parameters=[sync.PARAMETER]))
class InitiativeViewSet(sync.SyncTokenMixin, ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """Initiatives: public ones for everyone, private ones for their organization's key."""

    serializer_class = serializers.InitiativeSerializer
    filterset_class = InitiativeFilter
    lookup_field = "slug"

    def get_queryset(self):
        qs = Initiative.objects.select_related("organization", "collective", "region")
        return visible_initiatives(qs, actor_of(self.request)).prefetch_related("sdgs")


class CollectiveViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """Collectives: cross-organization networks with one shared goal."""

    serializer_class = serializers.CollectiveSerializer
    lookup_field = "slug"
    filterset_fields = {"coordinator__slug": ["exact"]}

    def get_queryset(self):
        active = CollectiveMembership.objects.filter(
            status=CollectiveMembership.Status.ACTIVE
        ).select_related("organization").order_by("organization__slug")
        return visible_collectives(actor_of(self.request)).select_related(
            "coordinator"
        ).prefetch_related("sdgs", Prefetch("collectivemembership_set", queryset=active,
                                            to_attr="active_memberships"))


class RegionViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """Regions (country → state → district); all open data."""

    serializer_class = serializers.RegionSerializer
    queryset = Region.objects.all()
    filterset_fields = ["level", "parent"]


class DecisionFilter(django_filters.FilterSet):
    updated_since = SinceFilter(field_name="created_at")
    initiative = django_filters.CharFilter(field_name="initiative__slug")
    collective = django_filters.CharFilter(field_name="collective__slug")
    organization = django_filters.CharFilter(field_name="organization__slug")

    class Meta:
        model = Decision
        fields = ["updated_since", "initiative", "collective", "organization"]


class DecisionViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """Decision logs of visible initiatives and collectives (transparent governance)."""

    serializer_class = serializers.DecisionSerializer
    filterset_class = DecisionFilter

    def get_queryset(self):
        actor = actor_of(self.request)
        initiatives = visible_initiatives(Initiative.objects.all(), actor).values("id")
        collectives = visible_collectives(actor).values("id")
        return Decision.objects.filter(
            Q(initiative_id__in=initiatives) | Q(collective_id__in=collectives)
        ).select_related("organization", "initiative", "collective")
