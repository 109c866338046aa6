"""Webhooks hold partners' endpoints and deliveries, no person's words: registered with
people.privacy to say so, field by field."""

NOT_PERSONAL = {
    "WebhookEndpoint": ("url", "secret", "description"),  # an organization's integration
    "WebhookDelivery": ("event_key", "last_error"),  # machine text
}
