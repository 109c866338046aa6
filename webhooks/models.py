"""Webhooks: HTTPS endpoints an organization registers, and the log of every delivery."""

import uuid

from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from dashboards.models import GOAL_MARKS
from people.models import ApiKey, Organization

# Limits, defined once: the model, the admin form, the API serializer and the services use them.
URL_MAX_LENGTH = 500
DESCRIPTION_MAX_LENGTH = 200
ERROR_MAX_LENGTH = 500  # the receiver's or the network's error, as logged


class Event(models.TextChoices):
    ROLE_CLAIMED = "role.claimed", _("A volunteer claimed a role")
    CLAIM_COMPLETED = "claim.completed", _("A claim was completed")
    CLAIM_VERIFIED = "claim.verified", _("A peer verified a completed claim")
    MILESTONE_REACHED = "milestone.reached", format_lazy(
        # xgettext:no-python-format
        _("An initiative reached {marks} % of its goal"), marks="/".join(map(str, GOAL_MARKS)))


class WebhookEndpoint(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="webhook_endpoints",
        verbose_name=_("organization"),
    )
    url = models.URLField(_("URL"), max_length=URL_MAX_LENGTH)
    events = models.JSONField(_("events"), default=list,
                              help_text=_("Event names this endpoint receives."))
    # Kept readable (not hashed): every delivery is signed with it.
    secret = models.CharField(_("secret"), max_length=64, editable=False)
    description = models.CharField(_("description"), max_length=DESCRIPTION_MAX_LENGTH, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_by_key = models.ForeignKey(
        ApiKey, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("created by API key"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["-id"]

    def __str__(self):
        return self.url


class WebhookDelivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed (gave up)")

    uuid = models.UUIDField(_("UUID"), default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+",
                                     verbose_name=_("organization"))
    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries",
        verbose_name=_("endpoint"),
    )
    event = models.CharField(_("event"), max_length=40, choices=Event.choices)
    # Names the occurrence (e.g. "claim:12:completed"): one delivery per endpoint and occurrence,
    # so a signal or task that runs twice never sends twice.
    event_key = models.CharField(_("event key"), max_length=120)
    payload = models.JSONField(_("payload"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    replays = models.PositiveSmallIntegerField(_("replays"), default=0)
    last_status_code = models.PositiveSmallIntegerField(_("last status code"), null=True,
                                                        blank=True)
    last_error = models.CharField(_("last error"), max_length=ERROR_MAX_LENGTH, blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt at"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook delivery")
        ordering = ["-id"]
        verbose_name_plural = _("webhook deliveries")
        constraints = [
            models.UniqueConstraint(fields=["endpoint", "event_key"],
                                    name="webhook_delivery_once_per_event",
                                    violation_error_message=_(
                                        "This event was delivered to this endpoint already.")),
        ]
        indexes = [models.Index(fields=["organization", "status"])]

    def __str__(self):
        return f"{self.event} → {self.endpoint} ({self.status})"
