"""The public record in the admin: decision logs and shared resources."""

from django import forms
from django.contrib import admin

from initiatives import services
from initiatives.models import Decision, Resource
from people.admin.tenancy import TenantAdmin


class DecisionForm(forms.ModelForm):
    class Meta:
        model = Decision
        fields = ("initiative", "collective", "decided_on", "title", "rationale", "decided_by",
                  "corrects")


@admin.register(Decision)
class DecisionAdmin(TenantAdmin):
    form = DecisionForm
    list_display = ("decided_on", "title", "initiative", "collective", "decided_by",
                    "corrects")
    allow_delete = False  # the log is append-only

    def has_change_permission(self, request, obj=None):
        # Entries are read, never edited: corrections are new entries (`corrects`).
        return obj is None and super().has_change_permission(request, obj)

    def get_changeform_initial_data(self, request):
        """"Correct this" links pass ?corrects=<id>: the new entry starts from the old one."""
        initial = super().get_changeform_initial_data(request)
        old = self.get_queryset(request).filter(pk=request.GET.get("corrects") or 0).first() \
            if str(request.GET.get("corrects", "")).isdigit() else None
        if old is not None:
            initial.update(initiative=old.initiative_id, collective=old.collective_id,
                           title=old.title, rationale=old.rationale, decided_by=old.decided_by)
        return initial
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
