"""Collectives and their invitations in the admin: the coordinator keeps the collective and
invites; an owner of the invited organization accepts here."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from initiatives import services
from initiatives.models import Collective, CollectiveMembership
from people import access
from people.admin.tenancy import Need, ReadOnlyTenantAdmin, TenantAdmin, TenantInline, report
from people.models import Organization


class CollectiveMemberInline(TenantInline, admin.TabularInline):
    model = CollectiveMembership
    fields = ("organization", "status", "invited_at", "accepted_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def get_queryset(self, request):
        # Shown inside a collective the user coordinates: every member of it.
        qs = admin.TabularInline.get_queryset(self, request)
        return access.managed_rows(qs, request.user, "collective__coordinator").select_related(
            "organization")

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
        services.collective_save(collective=obj, actor=request.user)
        invited = form.cleaned_data.get("invite")
        if invited is not None:
            report(self, request, lambda: services.collective_invite(
                collective=obj, organization=invited, actor=request.user),
                _("Invitation sent."))


@admin.register(CollectiveMembership)
class CollectiveMembershipAdmin(ReadOnlyTenantAdmin):
    """Invitations: the coordinator sees whom it invited; the invited owners accept here."""

    list_display = ("collective", "organization", "status", "invited_at", "accepted_at")
    list_filter = ("status",)
    list_select_related = ("collective", "organization")
    actions = ["accept"]
    needs = {"unanswered": Need(_("Waiting for an answer"), lambda qs: qs.filter(
        status=CollectiveMembership.Status.INVITED), ("invited_at", "pk"))}

    def get_queryset(self, request):
        # The invited organization's and the coordinator's managers both see an invitation.
        qs = admin.ModelAdmin.get_queryset(self, request)
        return access.managed_rows(qs, request.user) | access.managed_rows(
            qs, request.user, "collective__coordinator")

    def _may_touch(self, request, obj):
        if obj is None or not self._may_enter(request):
            return self._may_enter(request)
        return access.may_manage(request.user, obj.organization_id) or access.may_manage(
            request.user, obj.collective.coordinator_id)

    def has_change_permission(self, request, obj=None):
        return False

    def has_manage_permission(self, request, obj=None):
        return self._may_enter(request)

    @admin.action(description=_("Accept the invitation"), permissions=["manage"])
    def accept(self, request, queryset):
        report(self, request, lambda: sum(
            1 for m in queryset
            if services.collective_accept(membership=m, actor=request.user)),
            _("{n} invitations accepted."))
