"""Admin for collective governance. Writes go through `governance.services`.

Rows a person sees: their managed organizations' own rows, and every row of the collectives
those organizations coordinate (`people.access.managed_rows` on both paths); foreign-key
choices are limited the same way. Unlike `people.admin.tenancy.TenantAdmin`, a refused
service call comes back as a message on a fresh add form, and rows are added, never edited
(the charter excepted: each change is a new version).
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from crowddo.errors import DomainError
from governance import services as governance
from governance.models import (
    Charter,
    CharterAcceptance,
    Commitment,
    CommitmentStatus,
    CoverageClaim,
    CoveragePiece,
    Story,
    Theme,
)
from governance.selectors import visible_stories
from governance.services.commitments import CORRECTABLE
from initiatives.models import DECISION_TITLE_MAX, Collective
from people import access
from people.admin.tenancy import constraint_message
from people.models import Organization


class GovernanceAdmin(admin.ModelAdmin):
    collective_path = "collective"  # how to reach the collective from a row
    add_only_fields: tuple = ()

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return access.managed_rows(qs, request.user) | access.managed_rows(
            qs, request.user, f"{self.collective_path}__coordinator")

    def _allowed(self, request) -> bool:
        return access.is_superuser(request.user) or bool(access.managed_org_ids(request.user))

    def has_module_permission(self, request):
        return request.user.is_staff and self._allowed(request)

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return bool(self.add_only_fields) and self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return False  # changes go through services (charter overrides this)

    def has_delete_permission(self, request, obj=None):
        return False  # removing a commitment or piece is a governance decision: not here

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        user = request.user
        if db_field.name == "collective":
            kwargs["queryset"] = access.managed_rows(Collective.objects.all(), user, "coordinator")
        elif db_field.name == "owner":  # the coordinator's organizations and their members
            kwargs["queryset"] = (
                access.managed_rows(Organization.objects.all(), user, "collectives__coordinator")
                | access.managed_rows(Organization.objects.all(), user, "pk")).distinct()
        elif db_field.name == "theme":
            kwargs["queryset"] = access.managed_rows(Theme.objects.all(), user,
                                                     "collective__coordinator")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_fields(self, request, obj=None):
        return self.add_only_fields if obj is None else super().get_fields(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ()
        return [f.name for f in self.model._meta.fields if f.name != "id"]

    def save_model(self, request, obj, form, change):
        try:
            with transaction.atomic():
                saved = self.call_service(request, obj, form.cleaned_data)
            obj.pk = saved.pk
        except DomainError as exc:
            messages.error(request, exc.message)
        except IntegrityError as exc:  # a constraint the form could not check: plain words
            messages.error(request, constraint_message(exc))

    def call_service(self, request, obj, data):
        raise NotImplementedError

    def log_addition(self, request, obj, message):
        if obj.pk is not None:  # the service refused: nothing was added
            super().log_addition(request, obj, message)

    def response_add(self, request, obj, post_url_continue=None):
        if obj.pk is None:  # back to the form; the service's message says why
            return HttpResponseRedirect(request.path)
        return super().response_add(request, obj, post_url_continue)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # The tenancy rule: a row of another organization answers 404, like a missing one
        # (people.admin.tenancy.TenantAdmin does the same).
        raise Http404(f"No {opts.verbose_name} found.")


@admin.register(Charter)
class CharterAdmin(GovernanceAdmin):
    list_display = ["collective", "version", "updated_at"]
    add_only_fields = ("collective", "purpose", "theory_of_change", "principles")

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def get_fields(self, request, obj=None):
        return self.add_only_fields

    def get_readonly_fields(self, request, obj=None):
        return ("collective",) if obj else ()

    def call_service(self, request, obj, data):
        return governance.charter_update(
            collective=obj.collective, actor=request.user, purpose=data["purpose"],
            theory_of_change=data["theory_of_change"], principles=data["principles"],
            rationale="Changed in the admin.")


class CommitmentCorrectionForm(forms.ModelForm):
    reason = forms.CharField(label=_("Why is it corrected? (logged as a decision)"),
                             max_length=DECISION_TITLE_MAX * 10,
                             widget=forms.Textarea(attrs={"rows": 2}))

    class Meta:
        model = Commitment
        fields = CORRECTABLE


@admin.register(Commitment)
class CommitmentAdmin(GovernanceAdmin, SimpleHistoryAdmin):
    """Added through commitment_create; corrected (title, text, days, due date) through
    commitment_correct with a reason, which keeps every version in the history."""

    list_display = ["title", "collective", "kind", "owner", "due_on"]
    list_filter = ["kind"]
    add_only_fields = ("collective", "title", "description", "kind", "owner", "region",
                       "limit_days", "due_on", "remind_days_before")

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def get_form(self, request, obj=None, **kwargs):
        if obj is not None:
            kwargs["form"] = CommitmentCorrectionForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        return self.add_only_fields if obj is None else (*CORRECTABLE, "reason")

    def get_readonly_fields(self, request, obj=None):
        return ()

    def revert_disabled(self, request, obj=None):
        return True  # history is for reading; corrections go through the service

    def history_view(self, request, object_id, extra_context=None):
        if self.get_object(request, object_id) is None:
            raise Http404("No such commitment.")
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        if self.get_object(request, object_id) is None:
            raise Http404("No such commitment.")
        return super().history_form_view(request, object_id, version_id, extra_context)

    def call_service(self, request, obj, data):
        if obj.pk:
            return governance.commitment_correct(
                commitment=obj, actor=request.user, reason=data["reason"],
                **{name: data[name] for name in CORRECTABLE})
        return governance.commitment_create(actor=request.user, **data)


@admin.register(Theme)
class ThemeAdmin(GovernanceAdmin):
    list_display = ["name", "collective"]
    add_only_fields = ("collective", "name")

    def call_service(self, request, obj, data):
        return governance.theme_create(actor=request.user, **data)


@admin.register(CoveragePiece)
class CoveragePieceAdmin(GovernanceAdmin):
    list_display = ["theme", "region", "collective"]
    add_only_fields = ("collective", "region", "theme")

    def call_service(self, request, obj, data):
        return governance.coverage_piece_define(actor=request.user, **data)


@admin.register(CharterAcceptance)
class CharterAcceptanceAdmin(GovernanceAdmin):
    collective_path = "charter__collective"
    list_display = ["organization", "charter", "version", "accepted_at"]


@admin.register(CommitmentStatus)
class CommitmentStatusAdmin(GovernanceAdmin):
    collective_path = "commitment__collective"
    list_display = ["commitment", "organization", "state", "due_on", "detail", "computed_at"]
    list_filter = ["state"]
    exclude = ["detail_code", "detail_params"]  # shown as the sentence, in the reader's language
    readonly_fields = ["detail"]

    @admin.display(description=_("detail"))
    def detail(self, status):
        return status.detail


@admin.register(CoverageClaim)
class CoverageClaimAdmin(GovernanceAdmin):
    collective_path = "piece__collective"
    list_display = ["piece", "organization", "claimed_at"]


@admin.register(Story)
class StoryAdmin(GovernanceAdmin):
    list_display = ["title", "organization", "collective", "moment", "featured_at"]
    actions = ["feature", "unfeature"]

    def get_queryset(self, request):
        # what the person may see, and only where they act: their own or coordinated rows
        return visible_stories(super().get_queryset(request), request.user)

    @admin.action(description=_("Feature on the collective dashboard"))
    def feature(self, request, queryset):
        self._feature(request, queryset, True)

    @admin.action(description=_("Stop featuring"))
    def unfeature(self, request, queryset):
        self._feature(request, queryset, False)

    def _feature(self, request, queryset, featured):
        for story in queryset:
            try:
                governance.story_feature(story=story, actor=request.user, featured=featured)
            except DomainError as exc:
                messages.error(request, f"{story}: {exc.message}")
