"""Initiatives in the admin (scoped by people.admin.tenancy), with their decision log inline
and "Close with an outcome"."""

from django.contrib import admin, messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from crowddo.forms import submit
from initiatives import services
from initiatives.access import collectives_open_to
from initiatives.forms import OutcomeForm
from initiatives.models import Decision, Initiative
from people import access
from people.admin.tenancy import TenantAdmin, TenantInline, form_action, report


class DecisionInline(TenantInline, admin.TabularInline):
    model = Decision
    fields = ("decided_on", "title", "decided_by")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    fk_name = "initiative"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Initiative)
class InitiativeAdmin(TenantAdmin, SimpleHistoryAdmin):
    allow_delete = False
    list_display = ("name", "organization", "status", "sdg_list", "goal", "progress_bar",
                    "is_public")
    list_filter = ("status", "is_public", "organization", "sdgs", "collective")
    search_fields = ("name", "slug", "summary")
    list_select_related = ("organization", "progress")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("sdgs",)
    fields = ("organization", "name", "slug", "summary", "purpose", "sdgs", "goal_label",
              "goal_target", "status", "is_public", "collective", "region", "outcome",
              "closed_at", "outcome_announced_at")
    # The outcome is written once, by "Close with an outcome" (initiatives.services.closing).
    readonly_fields = ("outcome", "closed_at", "outcome_announced_at")
    inlines = [DecisionInline]
    # Apps above initiatives put theirs first: roles.admin adds the initiative's roles.
    extra_inlines: list = []
    actions = ["publish", "close_with_outcome"]
    change_form_template = "admin/initiatives/initiative/change_form.html"

    def get_inlines(self, request, obj):
        return [*self.extra_inlines, *self.inlines]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("sdgs")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "collective" and not access.is_superuser(request.user):
            # Joining a collective needs coordination or active membership (the service's rule).
            kwargs["queryset"] = collectives_open_to(access.managed_org_ids(request.user))
            return admin.ModelAdmin.formfield_for_foreignkey(self, db_field, request, **kwargs)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("SDGs"))
    def sdg_list(self, initiative):
        return ", ".join(str(s.number) for s in initiative.sdgs.all())

    @admin.display(description=_("goal"))
    def goal(self, initiative):
        return f"{initiative.goal_target:,} {initiative.goal_label}"

    @admin.display(description=_("progress"))
    def progress_bar(self, initiative):
        progress = getattr(initiative, "progress", None)
        if progress is None:
            return _("not computed yet")
        return f"{progress.micro_improvements:,} ({progress.percent} %)"

    def save_model(self, request, obj, form, change):
        services.initiative_save(initiative=obj, actor=request.user)

    @admin.action(description=_("Publish (make active)"), permissions=["change"])
    def publish(self, request, queryset):
        report(self, request, lambda: sum(
            services.initiative_set_status(initiative=i, status=Initiative.Status.ACTIVE,
                                           actor=request.user) for i in queryset),
            _("{n} initiatives published."))

    @admin.action(description=_("Close with an outcome"), permissions=["change"])
    def close_with_outcome(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Close one initiative at a time: each has its own "
                                         "outcome statement."), messages.ERROR)
            return None
        return form_action(
            self, request, queryset, OutcomeForm, _("Close with an outcome"),
            lambda data: services.initiative_close(
                initiative=queryset.get(), actor=request.user, outcome=data["outcome"]),
            _("Closed. Everyone who contributed will be told the outcome."))

    def get_urls(self):
        close = self.admin_site.admin_view(self.close_view)
        return [path("<path:object_id>/close/", close, name="initiatives_initiative_close"),
                *super().get_urls()]

    def close_view(self, request, object_id):
        """The change page's "Close with an outcome" button: one initiative, one form."""
        initiative = self.get_object(request, object_id)
        if initiative is None or not self.has_change_permission(request, initiative):
            raise Http404("No initiative found.")
        form = OutcomeForm(request.POST or None)
        close = lambda data: services.initiative_close(  # noqa: E731
            initiative=initiative, actor=request.user, outcome=data["outcome"])
        if request.method == "POST" and submit(form, close) is None:
            self.message_user(request, _("Closed. Everyone who contributed will be told "
                                         "the outcome."), messages.SUCCESS)
            return redirect("admin:initiatives_initiative_change", initiative.pk)
        context = {**self.admin_site.each_context(request), "title": _("Close with an outcome"),
                   "form": form, "original": initiative, "opts": self.model._meta}
        return TemplateResponse(request, "admin/initiatives/initiative/close.html", context,
                                status=400 if form.errors else 200)
