"""Initiatives, collectives, decisions and resources in the admin (scoped by people.admin)."""

from django import forms
from django.contrib import admin, messages
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from crowddo.forms import submit
from initiatives import admin_services, outcomes
from initiatives.forms_outcomes import OutcomeForm
from initiatives.models import (
    Collective,
    CollectiveMembership,
    Decision,
    Initiative,
    Region,
    Resource,
    Sdg,
)
from people import access
from people.admin.tenancy import (
    ReadOnlyTenantAdmin,
    TenantAdmin,
    TenantInline,
    action_form_response,
    managed_ids,
    report,
)
from people.models import Organization


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
    # The outcome is written once, by "Close with an outcome" (initiatives.outcomes).
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
            # Joining a collective needs membership (or coordination) by the initiative's org.
            orgs = managed_ids(request.user)
            member = CollectiveMembership.objects.filter(
                organization_id__in=orgs, status=CollectiveMembership.Status.ACTIVE
            ).values("collective_id")
            kwargs["queryset"] = Collective.objects.filter(coordinator_id__in=orgs) | \
                Collective.objects.filter(pk__in=member)
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
        admin_services.initiative_save(initiative=obj, actor=request.user)

    @admin.action(description=_("Publish (make active)"), permissions=["change"])
    def publish(self, request, queryset):
        report(self, request, lambda: sum(
            admin_services.initiative_set_status(initiative=i, status="active",
                                                 actor=request.user) for i in queryset),
            _("{n} initiatives published."))

    @admin.action(description=_("Close with an outcome"), permissions=["change"])
    def close_with_outcome(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, _("Close one initiative at a time: each has its own "
                                         "outcome statement."), messages.ERROR)
            return None
        form = OutcomeForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return action_form_response(self, request, queryset, form,
                                        _("Close with an outcome"))
        report(self, request, lambda: outcomes.initiative_close(
            initiative=queryset.get(), actor=request.user, outcome=form.cleaned_data["outcome"]),
            _("Closed. Everyone who contributed will be told the outcome."))
        return None

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
        close = lambda data: outcomes.initiative_close(  # noqa: E731
            initiative=initiative, actor=request.user, outcome=data["outcome"])
        if request.method == "POST" and submit(form, close) is None:
            self.message_user(request, _("Closed. Everyone who contributed will be told "
                                         "the outcome."), messages.SUCCESS)
            return redirect("admin:initiatives_initiative_change", initiative.pk)
        context = {**self.admin_site.each_context(request), "title": _("Close with an outcome"),
                   "form": form, "original": initiative, "opts": self.model._meta}
        return TemplateResponse(request, "admin/initiatives/initiative/close.html", context,
                                status=400 if form.errors else 200)


class CollectiveMemberInline(TenantInline, admin.TabularInline):
    model = CollectiveMembership
    fields = ("organization", "status", "invited_at", "accepted_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def get_queryset(self, request):
        # Shown inside a collective the user coordinates: every member of it.
        qs = admin.TabularInline.get_queryset(self, request)
        if access.is_superuser(request.user):
            return qs.select_related("organization")
        return qs.filter(
            collective__coordinator_id__in=managed_ids(request.user)
        ).select_related("organization")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class CollectiveForm(forms.ModelForm):
    invite = forms.SlugField(
        label=_("Invite an organization (its slug)"), required=False,
        help_text=_("An owner of that organization accepts the invitation in their admin."),
    )

    class Meta:
        model = Collective
        fields = ("name", "slug", "summary", "coordinator", "goal_label", "goal_target",
                  "is_public", "sdgs")

    def clean_invite(self):
        slug = self.cleaned_data["invite"]
        if not slug:
            return None
        org = Organization.objects.filter(slug=slug).first()
        if org is None:
            raise forms.ValidationError(_("No organization with this slug."))
        return org


@admin.register(Collective)
class CollectiveAdmin(TenantAdmin):
    allow_delete = False
    tenant_lookup = "coordinator"
    form = CollectiveForm
    list_display = ("name", "coordinator", "goal_target", "goal_label", "is_public")
    list_select_related = ("coordinator",)
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("sdgs",)
    inlines = [CollectiveMemberInline]

    def save_model(self, request, obj, form, change):
        admin_services.collective_save(collective=obj, actor=request.user)
        invited = form.cleaned_data.get("invite")
        if invited is not None:
            report(self, request, lambda: admin_services.collective_invite(
                collective=obj, organization=invited, actor=request.user),
                _("Invitation sent."))


@admin.register(CollectiveMembership)
class CollectiveMembershipAdmin(ReadOnlyTenantAdmin):
    """Invitations: the coordinator sees whom it invited; the invited owners accept here."""

    list_display = ("collective", "organization", "status", "invited_at", "accepted_at")
    list_filter = ("status",)
    list_select_related = ("collective", "organization")
    actions = ["accept"]

    def get_queryset(self, request):
        qs = admin.ModelAdmin.get_queryset(self, request)
        if access.is_superuser(request.user):
            return qs
        orgs = managed_ids(request.user)
        return qs.filter(organization_id__in=orgs) | qs.filter(
            collective__coordinator_id__in=orgs)

    def _may_touch(self, request, obj):
        if obj is None or not self._may_enter(request) or access.is_superuser(request.user):
            return self._may_enter(request)
        orgs = managed_ids(request.user)
        return obj.organization_id in orgs or obj.collective.coordinator_id in orgs

    def has_change_permission(self, request, obj=None):
        return False

    def has_manage_permission(self, request, obj=None):
        return self._may_enter(request)

    @admin.action(description=_("Accept the invitation"), permissions=["manage"])
    def accept(self, request, queryset):
        report(self, request, lambda: sum(
            1 for m in queryset
            if admin_services.collective_accept(membership=m, actor=request.user)),
            _("{n} invitations accepted."))


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
        admin_services.decision_record(decision=obj, actor=request.user)


@admin.register(Resource)
class ResourceAdmin(TenantAdmin):
    fields = ("initiative", "collective", "title", "description", "url", "file")
    list_display = ("title", "initiative", "collective", "url")
    list_filter = ("initiative", "collective")
    search_fields = ("title", "description")
    autocomplete_fields = ("initiative",)
    list_select_related = ("initiative", "collective")

    def save_model(self, request, obj, form, change):
        admin_services.resource_save(resource=obj, actor=request.user)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    """Reference data, kept by superusers (Django permissions; orchestrators have none)."""

    list_display = ("name", "level", "parent")
    list_filter = ("level",)
    search_fields = ("name",)
    list_select_related = ("parent",)


@admin.register(Sdg)
class SdgAdmin(admin.ModelAdmin):
    list_display = ("number", "name")


# the indicator registry
from initiatives import admin_indicators  # noqa: E402,F401
