"""Webhooks in the admin: orchestrators manage their organization's endpoints and read the
delivery log, replaying finished deliveries. Scoped by people.admin.tenancy; every write goes
through webhooks.services (the same rules as the API)."""

from django import forms
from django.contrib import admin
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from people.admin.tenancy import ReadOnlyTenantAdmin, TenantAdmin, report
from webhooks import services
from webhooks.models import URL_MAX_LENGTH, Event, WebhookDelivery, WebhookEndpoint


class WebhookEndpointForm(forms.ModelForm):
    url = forms.URLField(label=_("URL"), max_length=URL_MAX_LENGTH, assume_scheme="https")
    events = forms.MultipleChoiceField(
        label=_("Events"), choices=Event.choices, widget=forms.CheckboxSelectMultiple,
        help_text=_("The events this endpoint receives."))

    class Meta:
        model = WebhookEndpoint
        fields = ["organization", "url", "events", "description", "is_active"]


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(TenantAdmin):
    # Deleting would also delete the delivery log: deactivate an endpoint instead.
    allow_delete = False
    form = WebhookEndpointForm
    list_display = ("url", "organization", "event_list", "is_active", "created_at")
    list_filter = ("is_active", "organization")
    search_fields = ("url", "description")
    list_select_related = ("organization",)
    readonly_fields = ("created_by_key", "created_at", "updated_at")

    @admin.display(description=_("events"))
    def event_list(self, endpoint):
        return ", ".join(endpoint.events)

    def get_readonly_fields(self, request, obj=None):
        # An endpoint stays with its organization: its deliveries and secret belong there.
        return (*self.readonly_fields, "organization") if obj else ()

    def get_fields(self, request, obj=None):
        fields = ["organization", "url", "events", "description", "is_active"]
        return [*fields, *self.readonly_fields] if obj else fields

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            services.webhook_endpoint_update(
                endpoint=obj, actor=request.user, url=data["url"], events=list(data["events"]),
                is_active=data["is_active"], description=data["description"])
            return
        endpoint, secret = services.webhook_endpoint_create(
            organization=data["organization"], url=data["url"], events=list(data["events"]),
            actor=request.user, description=data["description"])
        if not data["is_active"]:
            services.webhook_endpoint_update(endpoint=endpoint, actor=request.user,
                                             is_active=False)
        obj.pk, obj.secret = endpoint.pk, secret
        request.crowddo_new_webhook_secret = secret

    def response_add(self, request, obj, post_url_continue=None):
        """The signing secret is shown once, on this response only (like an API key): never
        in a Django message, which may travel in a cookie."""
        context = {**self.admin_site.each_context(request), "endpoint": obj,
                   "secret": request.crowddo_new_webhook_secret, "opts": self.model._meta,
                   "title": _("Signing secret of the new endpoint")}
        return TemplateResponse(request, "admin/webhooks/webhookendpoint/created.html", context)

    def save_related(self, request, form, formsets, change):
        """No relations to save: the service wrote the endpoint."""


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyTenantAdmin):
    """The delivery log, read-only; the replay action sends finished deliveries again."""

    list_display = ("event", "endpoint", "status", "attempts", "replays", "last_status_code",
                    "created_at", "last_attempt_at")
    list_filter = ("status", "event", "endpoint")
    search_fields = ("event_key", "endpoint__url")
    list_select_related = ("endpoint",)
    actions = ["replay_deliveries"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_manage_permission(self, request, obj=None):
        return self._may_touch(request, obj)

    @admin.action(description=_("Replay the selected deliveries"), permissions=["manage"])
    def replay_deliveries(self, request, queryset):
        report(self, request, lambda: services.webhook_deliveries_replay(
            deliveries=queryset, actor=request.user),
            _("{n} deliveries queued again (deliveries still being sent were left alone)."))
