"""REST representations of webhook endpoints and the delivery log."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from webhooks.models import (
    DESCRIPTION_MAX_LENGTH,
    URL_MAX_LENGTH,
    Event,
    WebhookDelivery,
    WebhookEndpoint,
)


class WebhookEndpointSerializer(serializers.ModelSerializer):
    organization = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    events = serializers.ListField(child=serializers.ChoiceField(choices=Event.choices),
                                   read_only=True)

    class Meta:
        model = WebhookEndpoint
        fields = ["id", "organization", "url", "events", "description", "is_active",
                  "created_at", "updated_at"]


class WebhookEndpointCreatedSerializer(WebhookEndpointSerializer):
    """Only the answer to creating an endpoint carries its signing secret."""

    secret = serializers.CharField(read_only=True, help_text=_("Shown once: store it now."))

    class Meta(WebhookEndpointSerializer.Meta):
        fields = [*WebhookEndpointSerializer.Meta.fields, "secret"]


class WebhookEndpointWriteSerializer(serializers.Serializer):
    url = serializers.URLField(max_length=URL_MAX_LENGTH)
    events = serializers.ListField(child=serializers.ChoiceField(choices=Event.choices),
                                   min_length=1, max_length=len(Event.values))
    description = serializers.CharField(max_length=DESCRIPTION_MAX_LENGTH, required=False,
                                        allow_blank=True)
    is_active = serializers.BooleanField(required=False)


class WebhookEndpointUpdateSerializer(WebhookEndpointWriteSerializer):
    def __init__(self, *args, **kwargs):
        kwargs["partial"] = True
        super().__init__(*args, **kwargs)


class WebhookDeliverySerializer(serializers.ModelSerializer):
    class Meta:
        model = WebhookDelivery
        fields = ["id", "uuid", "endpoint", "event", "status", "attempts", "replays",
                  "last_status_code", "last_error", "last_attempt_at", "delivered_at",
                  "created_at", "payload"]
