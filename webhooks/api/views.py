"""Webhook endpoints and the delivery log of the key's organization. Reading needs a key;
registering, changing and replaying need a key with write scope."""

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from crowddo.api.filters import SinceFilter
from crowddo.api.views import ApiViewMixin
from people import access
from people.api.authentication import actor_of
from people.api.permissions import KeyRequired, ReadOnlyUnlessWriteKey
from webhooks import services
from webhooks.api import serializers
from webhooks.models import Event, WebhookDelivery, WebhookEndpoint


class WebhookEndpointViewSet(ApiViewMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
                             mixins.DestroyModelMixin, viewsets.ReadOnlyModelViewSet):
    """HTTPS endpoints that receive signed events of the key's organization."""

    permission_classes = [KeyRequired, ReadOnlyUnlessWriteKey]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    read_serializer_class = serializers.WebhookEndpointSerializer
    filterset_fields = ["is_active"]

    def get_queryset(self):
        return access.private_rows(WebhookEndpoint.objects.select_related("organization"),
                                   actor_of(self.request))

    def get_serializer_class(self):
        if self.action == "create":
            return serializers.WebhookEndpointWriteSerializer
        if self.action in ("update", "partial_update"):
            return serializers.WebhookEndpointUpdateSerializer
        return serializers.WebhookEndpointSerializer

    @extend_schema(responses={201: serializers.WebhookEndpointCreatedSerializer})
    def create(self, request, *args, **kwargs):
        incoming = serializers.WebhookEndpointWriteSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        key = actor_of(request)
        data = incoming.validated_data
        endpoint, secret = services.webhook_endpoint_create(
            organization=key.organization, url=data["url"], events=data["events"], actor=key,
            description=data.get("description", ""))
        body = serializers.WebhookEndpointCreatedSerializer(endpoint).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: serializers.WebhookEndpointSerializer})
    def partial_update(self, request, *args, **kwargs):
        endpoint = access.get_or_404(self.get_queryset(), pk=kwargs["pk"])
        incoming = serializers.WebhookEndpointUpdateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        endpoint = services.webhook_endpoint_update(endpoint=endpoint, actor=actor_of(request),
                                                    **incoming.validated_data)
        return Response(serializers.WebhookEndpointSerializer(endpoint).data)

    @extend_schema(responses={204: None})
    def destroy(self, request, *args, **kwargs):
        """Remove the endpoint and its delivery log."""
        endpoint = access.get_or_404(self.get_queryset(), pk=kwargs["pk"])
        services.webhook_endpoint_delete(endpoint=endpoint, actor=actor_of(request))
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=None, responses={200: serializers.WebhookEndpointCreatedSerializer})
    @action(detail=True, methods=["post"], url_path="rotate-secret")
    def rotate_secret(self, request, pk=None):
        """A new signing secret, effective at once and shown once; the old one stops working."""
        endpoint = access.get_or_404(self.get_queryset(), pk=pk)
        endpoint, _ = services.webhook_endpoint_rotate_secret(endpoint=endpoint,
                                                              actor=actor_of(request))
        return Response(serializers.WebhookEndpointCreatedSerializer(endpoint).data)


class DeliveryFilter(django_filters.FilterSet):
    updated_since = SinceFilter(field_name="created_at")
    status = django_filters.ChoiceFilter(choices=WebhookDelivery.Status.choices)
    event = django_filters.ChoiceFilter(choices=Event.choices)
    endpoint = django_filters.NumberFilter(field_name="endpoint_id")

    class Meta:
        model = WebhookDelivery
        fields = ["updated_since", "status", "event", "endpoint"]


class WebhookDeliveryViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """The delivery log: what was sent, how often it was tried, how the receiver answered."""

    serializer_class = serializers.WebhookDeliverySerializer
    permission_classes = [KeyRequired, ReadOnlyUnlessWriteKey]
    filterset_class = DeliveryFilter

    def get_queryset(self):
        return access.private_rows(WebhookDelivery.objects.all(), actor_of(self.request))

    @extend_schema(request=None, responses={202: serializers.WebhookDeliverySerializer})
    @action(detail=True, methods=["post"])
    def replay(self, request, pk=None):
        """Send this delivery again with a fresh budget of attempts."""
        delivery = access.get_or_404(self.get_queryset(), pk=pk)
        delivery = services.webhook_delivery_replay(delivery=delivery, actor=actor_of(request))
        return Response(serializers.WebhookDeliverySerializer(delivery).data,
                        status=status.HTTP_202_ACCEPTED)
