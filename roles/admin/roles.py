"""Roles in the admin: edited through `role_create` / `role_update`, imported and exported
(`roles.resources`), and the bulk actions (open, close, extend stale days, duplicate)."""

from django import forms
from django.contrib import admin
from django.contrib.admin.views.main import ORDER_VAR, ChangeList
from django.core.exceptions import PermissionDenied
from django.forms.models import BaseInlineFormSet
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from simple_history.admin import SimpleHistoryAdmin

from crowddo.paging import BoundedPaginator
from initiatives.admin import InitiativeAdmin
from initiatives.models import Initiative
from people.admin.exports import AuditedExportMixin
from people.admin.tenancy import (
    BoundedRelatedFilter,
    Need,
    TenantAdmin,
    TenantInline,
    form_action,
    report,
    scoped_choices,
)
from roles import limits, services
from roles.admin.claims import ClaimInline
from roles.models import Role
from roles.resources import IMPORTED_FIELDS, RoleResource
from roles.selectors import attention

INLINE_FIELDS = ("title", "responsibility", "status", "capability", "seats", "hours_per_week",
                 "duration_weeks", "stale_after_days")


class RoleFormSet(BaseInlineFormSet):
    """Roles added or changed on the initiative's page, written through `role_create` /
    `role_update` like the role form (a refusal shows on the page: TenantAdmin)."""

    actor = None  # set per request by RoleInline.get_formset

    def save_new(self, form, commit=True):
        values = {name: form.cleaned_data[name] for name in INLINE_FIELDS}
        form.instance = services.role_create(initiative=self.instance, actor=self.actor,
                                             **values)
        return form.instance

    def save_existing(self, form, obj, commit=True):
        values = {name: form.cleaned_data[name] for name in form.changed_data
                  if name in INLINE_FIELDS}
        return services.role_update(role=obj, actor=self.actor, **values) if values else obj

    def delete_existing(self, obj, commit=True):
        raise PermissionDenied  # roles are closed, never deleted here


class RoleInline(TenantInline, admin.TabularInline):
    """The initiative's roles: add, edit, open or close them here; skills, regions and the
    rest on the role's own page."""

    model = Role
    formset = RoleFormSet
    fields = INLINE_FIELDS
    extra = 0
    can_delete = False
    show_change_link = True
    tenant_lookup = "organization"

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type("ScopedRoleFormSet", (formset,), {"actor": request.user})


InitiativeAdmin.extra_inlines.append(RoleInline)


@admin.action(description=_("Clone as a template (a draft with the roles, skills, SDGs and "
                            "resources)"), permissions=["change"])
def clone_initiatives(modeladmin, request, queryset):
    report(modeladmin, request, lambda: services.initiatives_clone(
        initiatives=queryset, actor=request.user),
        _("{n} initiatives cloned into drafts (named “… (copy)”): publish them when ready."))


class MessageForm(forms.Form):
    audience = forms.ChoiceField(label=_("Send to"), choices=[
        ("holders", _("The people holding these roles now")),
        ("waitlist", _("The people on their waitlists"))], widget=forms.RadioSelect,
        initial="holders")
    subject = forms.CharField(label=_("Subject"), max_length=150)
    body = forms.CharField(label=_("Message"), max_length=limits.NOTE_MAX,
                           widget=forms.Textarea(attrs={"rows": 8}),
                           help_text=_("Each person gets it by e-mail with a link to stop such "
                                       "messages; people who stopped them are left out."))


def _message(modeladmin, request, queryset, roles):
    return form_action(
        modeladmin, request, queryset, MessageForm, _("Message the people of these roles"),
        lambda data: services.people_message(roles=roles(), actor=request.user, **data),
        _("Message queued for {n} people."))


@admin.action(description=_("Message the holders or the waitlist of its roles…"),
              permissions=["change"])
def message_initiative_people(modeladmin, request, queryset):
    return _message(modeladmin, request, queryset,
                    lambda: scoped_choices(Role, request.user).filter(initiative__in=queryset))


InitiativeAdmin.actions = [*InitiativeAdmin.actions, clone_initiatives,
                           message_initiative_people]


class StaleDaysForm(forms.Form):
    days = forms.IntegerField(label=_("Extend by (days)"), min_value=1,
                              max_value=limits.MAX_STALE_DAYS, initial=7)


class DuplicateForm(forms.Form):
    initiative = forms.ModelChoiceField(label=_("Copy into initiative"), queryset=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiative"].queryset = scoped_choices(Initiative, user)


class RoleChangeList(ChangeList):
    """Sorted by a column, the ties follow the column's direction (created_at, id — both
    ascending or both descending), so one index answers both directions (`role_seats`,
    `role_seats_free`, read backwards for the other). Columns outside `sortable_by` are not
    sorted by, even when the address asks: newest first."""

    def get_ordering(self, request, queryset):
        ordering = super().get_ordering(request, queryset)
        default = list(queryset.query.order_by)  # newest first: -created_at, -id
        if not self.params.get(ORDER_VAR):
            return ordering
        chosen = [part for part in ordering[: len(ordering) - len(default)]
                  if _column(part) in self.sortable_by]
        if not chosen:
            return default
        descending = str(chosen[0]).startswith("-")
        return [*chosen, *(("-created_at", "-id") if descending else ("created_at", "id"))]


def _column(part) -> str:
    return str(part).lstrip("-")


@admin.register(Role)
class RoleAdmin(AuditedExportMixin, ImportExportMixin, TenantAdmin, SimpleHistoryAdmin):
    allow_delete = False
    resource_classes = [RoleResource]
    formats = [CSV, XLSX]
    import_template_name = "admin/roles/role/import.html"
    list_display = ("title", "initiative", "status", "seats", "seats_taken", "seats_free",
                    "stale_after_days")
    list_filter = ("status", "capability", ("initiative", BoundedRelatedFilter), "is_remote")
    # Columns the list sorts by, each with an index read either way (`RoleChangeList`).
    sortable_by = ("seats", "seats_free")
    search_fields = ("title", "responsibility", "initiative__name")
    list_select_related = ("initiative",)
    # No COUNT(*) over every role per request: the count stops at the bound ("more than …"),
    # and the unfiltered total is not shown (issue 17).
    paginator = BoundedPaginator
    show_full_result_count = False
    fields = ("initiative", *IMPORTED_FIELDS, "skills",
              "coordinator", "proposed_by")
    readonly_fields = ("proposed_by",)
    filter_horizontal = ("skills",)
    autocomplete_fields = ("initiative",)
    inlines = [ClaimInline]
    actions = ["open_roles", "close_roles", "extend_stale", "duplicate_roles", "message_people"]
    needs = {"full_waitlist": Need(_("Full, with people waiting"),
                                   attention.full_roles_with_waitlist, ("created_at", "pk"))}

    def get_urls(self):
        extend = path("<path:object_id>/extend-stale/",
                      self.admin_site.admin_view(self.extend_stale_view),
                      name="roles_role_extend_stale")
        return [extend, *super().get_urls()]

    def extend_stale_view(self, request, object_id):
        """The "extend stale days" action for this one role (the Extend… button of its
        claims); another organization's role is 404. Back to the role's page after."""
        role = self.get_object(request, object_id)
        if role is None:
            raise Http404("No role found.")
        run = (self.get_actions(request).get("extend_stale") or (None,))[0]
        if run is None:
            raise Http404("No such action here.")
        response = run(self, request, self.get_queryset(request).filter(pk=role.pk))
        return response or redirect("admin:roles_role_change", role.pk)

    def get_changelist(self, request, **kwargs):
        return RoleChangeList

    def get_queryset(self, request):
        # Explicit order so that pages (autocomplete) are stable whatever the base ordering.
        return super().get_queryset(request).with_seats().order_by("-created_at", "-id")

    def get_readonly_fields(self, request, obj=None):
        # A role stays in its initiative: moving it would move its claims across tenants.
        return (*self.readonly_fields, "initiative") if obj else self.readonly_fields

    @admin.display(description=_("seats free"), ordering="seats_free")
    def seats_free(self, role):
        """Seats − taken − held for someone offered one (`Role.objects.with_seats`)."""
        return role.seats_free

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
        report(self, request, lambda: services.roles_set_status(
            roles=queryset, status=Role.Status.OPEN, actor=request.user), _("{n} roles opened."))

    @admin.action(description=_("Close the selected roles"), permissions=["change"])
    def close_roles(self, request, queryset):
        report(self, request, lambda: services.roles_set_status(
            roles=queryset, status=Role.Status.CLOSED, actor=request.user),
            _("{n} roles closed."))

    @admin.action(description=_("Extend days before stale claims expire"),
                  permissions=["change"])
    def extend_stale(self, request, queryset):
        return form_action(
            self, request, queryset, StaleDaysForm, _("Extend stale days"),
            lambda data: services.roles_extend_stale(
                roles=queryset, days=data["days"], actor=request.user),
            _("{n} roles extended."))

    @admin.action(description=_("Message the holders or the waitlist…"), permissions=["change"])
    def message_people(self, request, queryset):
        return _message(self, request, queryset, lambda: queryset)

    @admin.action(description=_("Duplicate to another initiative"), permissions=["change"])
    def duplicate_roles(self, request, queryset):
        return form_action(
            self, request, queryset, lambda data: DuplicateForm(data, user=request.user),
            _("Duplicate roles"),
            lambda data: services.roles_duplicate(
                roles=queryset, initiative=data["initiative"], actor=request.user),
            _("{n} roles copied as drafts."))
