"""The public record in the admin: decision logs and shared resources."""

from django import forms
from django.contrib import admin

from initiatives import services
from initiatives.models import Decision, Resource
from people.admin.tenancy import TenantAdmin


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = ("initiative", "collective", "decided_on", "title", "rationale", "decided_by")


@admin.register(Decision)
class DecisionAdmin(TenantAdmin):
    form = DecisionForm
    list_display = ("decided_on", "title", "initiative", "collective", "decided_by")
    list_filter = ("initiative", "collective", "decided_on")
    search_fields = ("title", "rationale", "decided_by")
    list_select_related = ("initiative", "collective")
    autocomplete_fields = ("initiative",)
    date_hierarchy = "decided_on"

    def save_model(self, request, obj, form, change):
        services.decision_record(decision=obj, actor=request.user)


@admin.register(Resource)
class ResourceAdmin(TenantAdmin):
    fields = ("initiative", "collective", "title", "description", "url", "file")
    list_display = ("title", "initiative", "collective", "url")
    list_filter = ("initiative", "collective")
    search_fields = ("title", "description")
    autocomplete_fields = ("initiative",)
    list_select_related = ("initiative", "collective")

    def save_model(self, request, obj, form, change):
        services.resource_save(resource=obj, actor=request.user)
