"""Open data about organizations."""

from rest_framework import viewsets

from crowddo.api.etag import ConditionalGetMixin
from people.models import Organization
from people.serializers import OrganizationSerializer


class OrganizationViewSet(ConditionalGetMixin, viewsets.ReadOnlyModelViewSet):
    """Organizations on CrowdDo (names and descriptions are public)."""

    serializer_class = OrganizationSerializer
    queryset = Organization.objects.all()
    lookup_field = "slug"
