"""Open data about organizations."""

from rest_framework import viewsets

from crowddo.api.views import ApiViewMixin
from people.api.serializers import OrganizationSerializer
from people.models import Organization


class OrganizationViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """Organizations on CrowdDo (names and descriptions are public)."""

    serializer_class = OrganizationSerializer
    queryset = Organization.objects.all()
    lookup_field = "slug"
