"""Roles, claims, contributions, proposals in the admin: scoped by people.admin.tenancy, written
through roles.services (and roles.admin_services for bulk actions)."""

from django import forms
from django.contrib import admin
from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from simple_history.admin import SimpleHistoryAdmin

from initiatives.admin import InitiativeAdmin
from initiatives.models import Initiative
from people.admin.tenancy import (
    ReadOnlyTenantAdmin,
    TenantAdmin,
    TenantInline,
    action_form_response,
    report,
    scoped_choices,
)
from roles import admin_services, services
from roles.forms import ProposalAcceptForm
from roles.models import (
    Claim,
    Contribution,
    Proposal,
    Resubmission,
    Role,
    Verification,
    WaitlistEntry,
)
from roles.resources import IMPORTED_FIELDS, RoleResource


class RoleInline(TenantInline, admin.TabularInline):
    """The initiative's roles at a glance; they are edited on their own page (role services)."""

    model = Role
    fields = ("title", "status", "capability", "seats", "hours_per_week", "stale_after_days")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


InitiativeAdmin.extra_inlines.append(RoleInline)


class ClaimInline(TenantInline, admin.TabularInline):
    model = Claim
    fields = ("volunteer", "kind", "mentor", "status", "claimed_at", "last_activity_at",
              "ended_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("volunteer", "mentor")


class StaleDaysForm(forms.Form):
    days = forms.IntegerField(label=_("Extend by (days)"), min_value=1,
                              max_value=admin_services.MAX_STALE_DAYS, initial=7)


class DuplicateForm(forms.Form):
    initiative = forms.ModelChoiceField(label=_("Copy into initiative"), queryset=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiative"].queryset = scoped_choices(Initiative, user)


@admin.register(Role)
class RoleAdmin(ImportExportMixin, TenantAdmin, SimpleHistoryAdmin):
    allow_delete = False
    resource_classes = [RoleResource]
    formats = [CSV, XLSX]
    import_template_name = "admin/roles/role/import.html"
    list_display = ("title", "initiative", "status", "seats", "seats_taken", "seats_left",
                    "stale_after_days")
    list_filter = ("status", "capability", "initiative", "is_remote")
    search_fields = ("title", "responsibility", "initiative__name")
    list_select_related = ("initiative",)
    fields = ("initiative", *IMPORTED_FIELDS, "apprentice_seats", "term_weeks", "skills",
              "coordinator", "proposed_by")
    readonly_fields = ("proposed_by",)
    filter_horizontal = ("skills",)
    autocomplete_fields = ("initiative",)
    inlines = [ClaimInline]
    actions = ["open_roles", "close_roles", "extend_stale", "duplicate_roles"]

    def get_queryset(self, request):
        # GROUP BY drops Meta.ordering: order explicitly so pages (autocomplete) are stable.
        return super().get_queryset(request).with_seats().order_by("-created_at", "-id")

    def get_readonly_fields(self, request, obj=None):
        # A role stays in its initiative: moving it would move its claims across tenants.
        return (*self.readonly_fields, "initiative") if obj else self.readonly_fields

    @admin.display(description=_("seats taken"), ordering="seats_taken")
    def seats_taken(self, role):
        return role.seats_taken

    @admin.display(description=_("seats free"), ordering="seats_left")
    def seats_left(self, role):
        return role.seats_left

    def save_model(self, request, obj, form, change):
        values = {k: v for k, v in form.cleaned_data.items() if k in services.ROLE_FIELDS}
        skills = form.cleaned_data.get("skills")
        if change:
            saved = services.role_update(role=obj, actor=request.user, skills=skills, **values)
        else:
            saved = services.role_create(initiative=form.cleaned_data["initiative"],
                                         actor=request.user, skills=skills, **values)
        obj.pk, obj.organization_id = saved.pk, saved.organization_id

    def save_related(self, request, form, formsets, change):
        """Skills were set by the service; the inline is read-only."""
        for formset in formsets:  # nothing saved: the change message lists nothing (not a 500)
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []

    def has_import_permission(self, request):
        return self.has_add_permission(request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_import_resource_kwargs(self, request, **kwargs):
        return {"user": request.user}

    def get_export_resource_kwargs(self, request, **kwargs):
        return {"user": request.user}

    def get_export_queryset(self, request):
        return super().get_export_queryset(request).prefetch_related("skills")

    def import_action(self, request, **kwargs):
        """Offer to confirm when only some rows are invalid: good rows go in, bad are skipped."""
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None) or {}
        result, form = context.get("result"), context.get("form")
        if result is not None and not result.has_errors() and result.has_validation_errors() \
                and len(result.invalid_rows) < result.total_rows:
            context["confirm_form"] = self.create_confirm_form(request, import_form=form)
            context["partial_import"] = True
        return response

    @admin.action(description=_("Open the selected roles"), permissions=["change"])
    def open_roles(self, request, queryset):
        report(self, request, lambda: admin_services.roles_set_status(
            roles=queryset, status=Role.Status.OPEN, actor=request.user), _("{n} roles opened."))

    @admin.action(description=_("Close the selected roles"), permissions=["change"])
    def close_roles(self, request, queryset):
        report(self, request, lambda: admin_services.roles_set_status(
            roles=queryset, status=Role.Status.CLOSED, actor=request.user),
            _("{n} roles closed."))

    @admin.action(description=_("Extend days before stale claims expire"),
                  permissions=["change"])
    def extend_stale(self, request, queryset):
        form = StaleDaysForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return action_form_response(self, request, queryset, form, _("Extend stale days"))
        report(self, request, lambda: admin_services.roles_extend_stale(
            roles=queryset, days=form.cleaned_data["days"], actor=request.user),
            _("{n} roles extended."))

    @admin.action(description=_("Duplicate to another initiative"), permissions=["change"])
    def duplicate_roles(self, request, queryset):
        form = DuplicateForm(request.POST if "apply" in request.POST else None,
                             user=request.user)
        if not form.is_valid():
            return action_form_response(self, request, queryset, form, _("Duplicate roles"))
        report(self, request, lambda: admin_services.roles_duplicate(
            roles=queryset, initiative=form.cleaned_data["initiative"], actor=request.user),
            _("{n} roles copied as drafts."))


class ServiceOnlyAdmin(ReadOnlyTenantAdmin):
    """Read-only forms; the actions (which call services) need the `manage` permission."""

    def has_change_permission(self, request, obj=None):
        return False

    def has_manage_permission(self, request, obj=None):
        return self._may_touch(request, obj)


@admin.register(Claim)
class ClaimAdmin(ServiceOnlyAdmin, SimpleHistoryAdmin):
    list_display = ("role", "volunteer", "kind", "mentor", "status", "claimed_at",
                    "last_activity_at")
    list_filter = ("status", "kind", "role__initiative", "claimed_at")
    search_fields = ("role__title", "volunteer__display_name")
    list_select_related = ("role", "volunteer", "mentor")
    actions = ["release_claims", "expire_claims"]

    @admin.action(description=_("Release the selected claims (frees the seats)"),
                  permissions=["manage"])
    def release_claims(self, request, queryset):
        report(self, request, lambda: admin_services.claims_release(
            claims=queryset, actor=request.user), _("{n} claims released."))

    @admin.action(description=_("Expire the selected claims"), permissions=["manage"])
    def expire_claims(self, request, queryset):
        report(self, request, lambda: admin_services.claims_expire(
            claims=queryset, actor=request.user), _("{n} claims expired."))


class _ExchangeInline(TenantInline, admin.TabularInline):
    """The feedback exchange on a contribution, read-only (it changes through services)."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class VerificationInline(_ExchangeInline):
    model = Verification
    fields = ("created_at", "outcome", "verifier", "comment", "by_past_holder", "by_mentor")
    readonly_fields = fields
    verbose_name_plural = _("verdicts (verified / sent back)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("verifier")


class ResubmissionInline(_ExchangeInline):
    model = Resubmission
    fields = ("created_at", "author", "note", "hours_before", "hours_after")
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")


class SendBackForm(forms.Form):
    comment = forms.CharField(label=_("What needs to change? The contributor reads this."),
                              widget=forms.Textarea, max_length=4000)


@admin.register(Contribution)
class ContributionAdmin(ServiceOnlyAdmin):
    list_display = ("claim_role", "volunteer", "date", "hours", "micro_improvements", "status")
    list_filter = ("status", "date", "claim__role__initiative", "region")
    search_fields = ("claim__role__title", "note")
    list_select_related = ("claim__role", "claim__volunteer")
    actions = ["verify_contributions", "send_back_contributions"]
    inlines = [VerificationInline, ResubmissionInline]

    @admin.display(description=_("role"))
    def claim_role(self, c):
        return c.claim.role

    @admin.display(description=_("volunteer"))
    def volunteer(self, c):
        return c.claim.volunteer

    @admin.action(description=_("Verify the selected contributions"), permissions=["manage"])
    def verify_contributions(self, request, queryset):
        report(self, request, lambda: admin_services.contributions_verify(
            contributions=queryset, actor=request.user), _("{n} contributions verified."))

    @admin.action(description=_("Send back with a comment (needs changes)"),
                  permissions=["manage"])
    def send_back_contributions(self, request, queryset):
        form = SendBackForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return action_form_response(self, request, queryset, form,
                                        _("Send contributions back"))
        comment = form.cleaned_data["comment"]
        report(self, request, lambda: admin_services.contributions_send_back(
            contributions=queryset, comment=comment, actor=request.user),
            _("{n} contributions sent back; the contributors are notified."))


class DeclineForm(forms.Form):
    reason = forms.CharField(label=_("Why is it declined? The proposer will read this."),
                             widget=forms.Textarea, max_length=2000)


@admin.register(Proposal)
class ProposalAdmin(ServiceOnlyAdmin):
    list_display = ("title", "initiative", "kind", "author", "status", "created_at")
    list_filter = ("status", "kind", "initiative")
    search_fields = ("title", "description")
    list_select_related = ("initiative", "author")
    actions = ["accept_proposals", "accept_with_roles", "decline_proposals"]

    def get_queryset(self, request):
        pending_first = Case(When(status=Proposal.Status.PENDING, then=Value(0)),
                             default=Value(1), output_field=IntegerField())
        return super().get_queryset(request).order_by(pending_first, "-created_at")

    @admin.action(description=_("Accept: create the role, credited to the proposer"),
                  permissions=["manage"])
    def accept_proposals(self, request, queryset):
        report(self, request, lambda: admin_services.proposals_accept(
            proposals=queryset, actor=request.user),
            _("{n} proposals accepted; their roles are open."))

    @admin.action(description=_("Accept with hours, seats and supporting roles…"),
                  permissions=["manage"])
    def accept_with_roles(self, request, queryset):
        form = ProposalAcceptForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return action_form_response(self, request, queryset, form, _("Accept proposals"))
        report(self, request, lambda: admin_services.proposals_accept(
            proposals=queryset, actor=request.user, **form.cleaned_data),
            _("{n} proposals accepted; each proposer is offered the lead role's first seat."))
        return None

    @admin.action(description=_("Decline with a reason"), permissions=["manage"])
    def decline_proposals(self, request, queryset):
        form = DeclineForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return action_form_response(self, request, queryset, form, _("Decline proposals"))
        reason = form.cleaned_data["reason"]
        report(self, request, lambda: admin_services.proposals_decline(
            proposals=queryset, reason=reason, actor=request.user), _("{n} proposals declined."))


@admin.register(Verification)
class VerificationAdmin(ServiceOnlyAdmin):
    list_display = ("__str__", "claim", "contribution", "outcome", "created_at")
    list_filter = ("outcome",)
    list_select_related = ("verifier", "claim__role", "claim__volunteer",
                           "contribution__claim__role")


@admin.register(WaitlistEntry)
class WaitlistEntryAdmin(ServiceOnlyAdmin):
    list_display = ("role", "volunteer", "status", "created_at", "offer_expires_at")
    list_filter = ("status", "role__initiative")
    list_select_related = ("role", "volunteer")
