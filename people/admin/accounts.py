"""Organizations, memberships and API keys in the admin (scoped by people.admin.tenancy)."""

from django import forms
from django.contrib import admin
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from people import access, services
from people.admin.tenancy import Need, ReadOnlyTenantAdmin, TenantAdmin, report
from people.audit import audit_events_for
from people.models import (
    ApiKey,
    AuditEvent,
    Invitation,
    Membership,
    Organization,
    Skill,
    User,
)


@admin.register(Organization)
class OrganizationAdmin(TenantAdmin):
    """Owners and orchestrators keep their organization's profile; superusers create them."""

    tenant_lookup = "pk"
    list_display = ("name", "slug", "website", "created_at")
    search_fields = ("name", "slug")
    fields = ("name", "slug", "description", "website")

    def has_add_permission(self, request, *args):
        return access.is_superuser(request.user)

    def has_delete_permission(self, request, obj=None):
        return access.is_superuser(request.user)

    def get_readonly_fields(self, request, obj=None):
        # The slug is in URLs, API keys' scripts and the create_api_key command.
        return () if access.is_superuser(request.user) else ("slug",)


class InviteForm(forms.ModelForm):
    email = forms.EmailField(label=_("E-mail address of the person"))

    class Meta:
        model = Invitation
        fields = ("organization", "level")


class LevelForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ("level",)


class OwnersOnly(TenantAdmin):
    """Who belongs to an organization is its owners' business: only their organizations in
    the form, and only they may change these rows (orchestrators may look)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "organization":
            field.queryset = access.owned_rows(field.queryset, request.user, "pk")
        return field

    def _owns(self, request, obj) -> bool:
        if not self._may_touch(request, obj):
            return False
        if obj is not None:
            return access.may_own(request.user, obj.organization_id)
        return access.is_superuser(request.user) or bool(access.owned_org_ids(request.user))


@admin.register(Membership)
class MembershipAdmin(OwnersOnly, SimpleHistoryAdmin):
    """Everyone who manages the organization sees its people; only owners change them."""

    list_display = ("person", "organization", "level", "created_at")
    list_filter = ("level", "organization")
    search_fields = ("user__display_name",)
    list_select_related = ("user", "organization")
    actions = ["remove_memberships"]

    @admin.display(description=_("person"), ordering="user__display_name")
    def person(self, membership):
        return membership.user.public_name

    def get_form(self, request, obj=None, **kwargs):
        kwargs["form"] = LevelForm
        return super().get_form(request, obj, **kwargs)


    def has_add_permission(self, request, *args):
        return False  # people join by accepting an invitation (InvitationAdmin)

    def has_change_permission(self, request, obj=None):
        return self._owns(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False  # removal goes through the action (service keeps one owner)

    def has_remove_permission(self, request, obj=None):
        return self._owns(request, obj)

    def save_model(self, request, obj, form, change):
        saved = services.membership_change(membership=obj, level=form.cleaned_data["level"],
                                           actor=request.user)
        obj.pk, obj.user_id = saved.pk, saved.user_id

    @admin.action(description=_("Remove from the organization"), permissions=["remove"])
    def remove_memberships(self, request, queryset):
        def remove():
            count = 0
            for membership in queryset:
                services.membership_remove(membership=membership, actor=request.user)
                count += 1
            return count
        report(self, request, remove, _("{n} people removed."))


@admin.register(Invitation)
class InvitationAdmin(OwnersOnly):
    """Owners invite people by e-mail; the person accepts or declines from the e-mail's link.
    Until then they are not a member. Invitations are withdrawn, never edited or deleted."""

    form = InviteForm
    list_display = ("person", "organization", "level", "status", "created_at", "answered_at")
    list_filter = ("status", "level", "organization")
    list_select_related = ("user", "organization")
    ordering = ("created_at", "id")  # the oldest unanswered first
    actions = ["withdraw"]
    needs = {"unanswered": Need(_("Waiting for an answer"), lambda qs: qs.filter(
        status=Invitation.Status.PENDING), ("created_at", "pk"))}

    @admin.display(description=_("person"))
    def person(self, invitation):
        """Their name only once they joined: before, the organization learns nothing."""
        if invitation.status == Invitation.Status.ACCEPTED:
            return invitation.user.public_name
        return _("Invited person #%(n)s") % {"n": invitation.pk}

    def get_fields(self, request, obj=None):
        return ("organization", "email", "level") if obj is None else (
            "person", "organization", "level", "status", "invited_by", "created_at",
            "answered_at")

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else self.get_fields(request, obj)


    def has_add_permission(self, request, *args):
        return self._owns(request, None)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_withdraw_permission(self, request, obj=None):
        return self._owns(request, obj)

    def save_model(self, request, obj, form, change):
        saved = services.membership_invite(
            organization=form.cleaned_data["organization"], email=form.cleaned_data["email"],
            level=form.cleaned_data["level"], actor=request.user)
        obj.pk, obj.user_id, obj.token = saved.pk, saved.user_id, saved.token

    def save_related(self, request, form, formsets, change):
        """Nothing else to save: the service wrote the invitation."""

    @admin.action(description=_("Withdraw the selected invitations"), permissions=["withdraw"])
    def withdraw(self, request, queryset):
        report(self, request, lambda: services.invitations_withdraw(
            invitations=list(queryset), actor=request.user), _("{n} invitations withdrawn."))


class ApiKeyForm(forms.ModelForm):
    class Meta:
        model = ApiKey
        fields = ("organization", "name", "can_write")


@admin.register(ApiKey)
class ApiKeyAdmin(TenantAdmin, SimpleHistoryAdmin):
    """Create (shown once), revoke, see when last used. Keys are revoked, never edited."""

    form = ApiKeyForm
    list_display = ("name", "organization", "prefix", "can_write", "created_at",
                    "last_used_at", "revoked_at")
    list_filter = ("organization", "can_write", "revoked_at")
    search_fields = ("name", "prefix")
    list_select_related = ("organization",)
    readonly_fields = ("prefix", "created_by", "created_at", "last_used_at", "revoked_at")
    actions = ["revoke"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        return ("organization", "name", "can_write", *self.readonly_fields)

    def has_delete_permission(self, request, obj=None):
        return False

    def has_revoke_permission(self, request, obj=None):
        return self._may_touch(request, obj)

    def save_model(self, request, obj, form, change):
        if change:
            return  # nothing is editable after creation
        key, plaintext = services.api_key_create(
            organization=form.cleaned_data["organization"], name=form.cleaned_data["name"],
            can_write=form.cleaned_data["can_write"], created_by=request.user)
        obj.pk, obj.prefix, obj.created_at = key.pk, key.prefix, key.created_at  # for the log
        request.crowddo_new_api_key = plaintext

    def response_add(self, request, obj, post_url_continue=None):
        """Show the key on this response only: never in a message, a cookie or the session."""
        context = {**self.admin_site.each_context(request), "key": obj,
                   "plaintext": request.crowddo_new_api_key, "opts": self.model._meta,
                   "title": _("Your new API key")}
        return TemplateResponse(request, "admin/people/apikey/created.html", context)

    @admin.action(description=_("Revoke the selected keys"), permissions=["revoke"])
    def revoke(self, request, queryset):
        def revoke_all():
            count = 0
            for key in queryset.filter(revoked_at__isnull=True):
                services.api_key_revoke(key=key, actor=request.user)
                count += 1
            return count
        report(self, request, revoke_all, _("{n} keys revoked."))


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    """Accounts, for superusers only (Django permissions). Orchestrators manage memberships."""

    list_display = ("email", "display_name", "is_staff", "is_superuser", "is_active",
                    "last_login")
    list_filter = ("is_staff", "is_superuser", "is_active", "language")
    search_fields = ("email", "display_name")
    fields = ("email", "display_name", "show_in_reports", "wants_messages", "language",
              "is_active", "is_staff",
              "is_superuser", "last_login", "date_joined")
    readonly_fields = ("last_login", "date_joined")
    # Where a tenant form picks a person (a role's coordinator…): members of the organizations
    # the orchestrator manages.
    tenant_choices = staticmethod(access.managed_people)


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyTenantAdmin):
    """Security events, read-only, for owners (and superusers): `people.audit.audit_events_for`."""

    list_display = ("created_at", "event_type", "organization", "actor", "ip")
    list_filter = ("event_type",)
    date_hierarchy = "created_at"
    list_select_related = ("organization", "actor")

    def _is_owner(self, request) -> bool:
        return access.is_superuser(request.user) or bool(access.owned_org_ids(request.user))

    def has_module_permission(self, request):
        return super().has_module_permission(request) and self._is_owner(request)

    def has_view_permission(self, request, obj=None):
        if not self._is_owner(request):
            return False
        return obj is None or audit_events_for(request.user).filter(pk=obj.pk).exists()

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return audit_events_for(request.user)
