"""Roles (open data; write scope creates and updates them) and an organization's claims,
contributions and proposals (its key only). Writes call roles.services with actor=key."""

import django_filters
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from crowddo.api import sync
from crowddo.api.filters import RegionFilter, SinceFilter
from crowddo.api.rows import ValuesListMixin
from crowddo.api.views import ApiViewMixin
from initiatives.access import visible_initiatives
from initiatives.models import Initiative, Region
from people import access
from people.api.authentication import actor_of
from people.api.permissions import KeyRequired
from roles import services
from roles.api import serializers
from roles.api.rows import ROLE_LIST
from roles.filters import RoleFilterSet
from roles.models import Claim, Contribution, InitiativeProposal, Proposal, Role, role_visible_q
from roles.selectors import exchange


def _write_fields(data: dict) -> dict:
    fields = dict(data)
    fields.pop("initiative", None)
    if "region" in fields and fields["region"] is not None:
        region = Region.objects.filter(pk=fields["region"]).first()
        if region is None:
            raise ValidationError({"region": [gettext("No region with this id.")]})
        fields["region"] = region
    return fields


@extend_schema_view(list=extend_schema(parameters=[sync.PARAMETER]))
class RoleViewSet(
    sync.SyncTokenMixin,
    ApiViewMixin,
    ValuesListMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Micro-leadership roles with seats left. Keys with write scope create and update
    roles of their own initiatives. Filters are the /roles/ page's (`RoleFilterSet`). The list
    reads `.values()` rows (`roles.api.rows.ROLE_LIST`, the serializer's output exactly)."""

    filterset_class = RoleFilterSet
    list_plan = ROLE_LIST
    http_method_names = ["get", "post", "patch", "head", "options"]
    read_serializer_class = serializers.RoleSerializer

    def get_queryset(self):
        qs = (
            Role.objects.with_seats()
            .select_related("initiative", "organization", "region")
            .prefetch_related("skills")
        )
        return qs.visible_to(actor_of(self.request))

    def list_shape(self):
        """What `get_queryset` depends on: the caller's visibility rule (ValuesListMixin)."""
        return role_visible_q(actor_of(self.request))

    def get_serializer_class(self):
        if self.action == "create":
            return serializers.RoleWriteSerializer
        if self.action in ("update", "partial_update"):
            return serializers.RoleUpdateSerializer
        return serializers.RoleSerializer

    def _respond(self, role: Role, code: int) -> Response:
        fresh = self.get_queryset().get(pk=role.pk)
        return Response(serializers.RoleSerializer(fresh).data, status=code)

    @extend_schema(responses={201: serializers.RoleSerializer})
    def create(self, request, *args, **kwargs):
        incoming = serializers.RoleWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        key = actor_of(request)
        initiatives = visible_initiatives(Initiative.objects.all(), key)
        initiative = access.get_or_404(initiatives, slug=incoming.validated_data["initiative"])
        fields = _write_fields(incoming.validated_data)
        skills = fields.pop("skills", None)
        role = services.role_create(initiative=initiative, actor=key, skills=skills, **fields)
        return self._respond(role, status.HTTP_201_CREATED)

    @extend_schema(responses={200: serializers.RoleSerializer})
    def partial_update(self, request, *args, **kwargs):
        role = access.get_or_404(self.get_queryset(), pk=kwargs["pk"])
        incoming = serializers.RoleUpdateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        fields = _write_fields(incoming.validated_data)
        skills = fields.pop("skills", None)
        role = services.role_update(role=role, actor=actor_of(request), skills=skills, **fields)
        return self._respond(role, status.HTTP_200_OK)


class ClaimFilter(django_filters.FilterSet):
    updated_since = SinceFilter(method="changed_since")
    status = django_filters.ChoiceFilter(choices=Claim.Status.choices)
    kind = django_filters.ChoiceFilter(choices=Claim.Kind.choices)
    role = django_filters.NumberFilter(field_name="role_id")
    initiative = django_filters.CharFilter(field_name="role__initiative__slug")

    class Meta:
        model = Claim
        fields = ["updated_since", "status", "kind", "role", "initiative"]

    def changed_since(self, qs, name, value):
        return qs.filter(
            Q(claimed_at__gte=value)
            | Q(last_activity_at__gte=value)
            | Q(completed_at__gte=value)
            | Q(verified_at__gte=value)
            | Q(ended_at__gte=value)
        )


class ContributionFilter(django_filters.FilterSet):
    updated_since = SinceFilter(field_name="updated_at")
    status = django_filters.ChoiceFilter(choices=Contribution.Status.choices)
    claim = django_filters.NumberFilter(field_name="claim_id")
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte")
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte")
    region = RegionFilter()

    class Meta:
        model = Contribution
        fields = ["updated_since", "status", "claim", "date_from", "date_to", "region"]


class ProposalFilter(django_filters.FilterSet):
    updated_since = SinceFilter(method="changed_since")
    status = django_filters.ChoiceFilter(choices=Proposal.Status.choices)
    kind = django_filters.ChoiceFilter(choices=Proposal.Kind.choices)
    initiative = django_filters.CharFilter(field_name="initiative__slug")

    class Meta:
        model = Proposal
        fields = ["updated_since", "status", "kind", "initiative"]

    def changed_since(self, qs, name, value):
        return qs.filter(Q(created_at__gte=value) | Q(decided_at__gte=value))


class ClaimViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """Claims in the key's organization (volunteers by id and display name)."""

    serializer_class = serializers.ClaimSerializer
    permission_classes = [KeyRequired]
    filterset_class = ClaimFilter

    def get_queryset(self):
        qs = Claim.objects.select_related("role__initiative", "volunteer", "mentor").annotate(
            # The level as the roll-up stored it (dashboards' VolunteerTotal, by relation name).
            volunteer_level_number=Coalesce(F("volunteer__dashboard_totals__level"), 0)
        )
        return access.private_rows(qs, actor_of(self.request))


class ContributionViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """Progress reports in the key's organization."""

    serializer_class = serializers.ContributionSerializer
    permission_classes = [KeyRequired]
    filterset_class = ContributionFilter

    def get_queryset(self):
        qs = exchange.with_exchange(
            Contribution.objects.select_related("claim__volunteer", "region")
        )
        return access.private_rows(qs, actor_of(self.request))


class ProposalViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """Volunteers' proposals for new roles and micro-improvements in the key's organization."""

    serializer_class = serializers.ProposalSerializer
    permission_classes = [KeyRequired]
    filterset_class = ProposalFilter

    def get_queryset(self):
        qs = Proposal.objects.select_related("initiative", "author")
        return access.private_rows(qs, actor_of(self.request))


class InitiativeProposalFilter(django_filters.FilterSet):
    updated_since = SinceFilter(method="changed_since")
    status = django_filters.ChoiceFilter(choices=InitiativeProposal.Status.choices)

    class Meta:
        model = InitiativeProposal
        fields = ["updated_since", "status"]

    changed_since = ProposalFilter.changed_since


class InitiativeProposalViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """Volunteers' proposals of whole new initiatives to the key's organization."""

    serializer_class = serializers.InitiativeProposalSerializer
    permission_classes = [KeyRequired]
    filterset_class = InitiativeProposalFilter

    def get_queryset(self):
        qs = InitiativeProposal.objects.select_related(
            "organization", "author", "initiative"
        ).prefetch_related("sdgs")
        return access.private_rows(qs, actor_of(self.request))
