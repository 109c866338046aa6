"""The one tenant-scoped ModelAdmin base: every admin read and choice goes through people.access.

Who gets in: owners and orchestrators are `is_staff` (kept in step with their memberships by
`people.services.staff_sync`), and superusers. Inside, what an orchestrator may see and change
is decided here per request from `access.managed_org_ids` — not from Django model permissions.
Why: a Django permission is global ("may change roles"), while ours is always "… of these
organizations"; one check that includes the organization cannot drift out of step with a group,
and a new membership works at once. Models registered with a plain ModelAdmin (regions,
SDGs, users, third-party models) keep Django's permissions, which orchestrators do not have.

Scoped here, for every subclass and inline:
- the queryset (changelist, change/delete/history views, actions, exports, autocomplete);
- every foreign-key and many-to-many choice (select, raw id and autocomplete widgets validate
  against the same scoped queryset, so an id edited into the POST data is refused);
- every related-field list filter (only choices the user may see are listed);
- object-level permissions, computed from the object's organization, so even a historical
  instance of a deleted row is checked;
- a row outside the scope answers 404, never a redirect that tells it exists.
Fail-closed: a related model that declares no way to its organization offers no choices to
non-superusers.
"""

from __future__ import annotations

from django.apps import apps
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import NotRelationField, get_fields_from_path
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import IntegrityError
from django.db.models import Model, QuerySet
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from crowddo.errors import DomainError
from people import access
from people.models import Organization

# How a model reaches its organization is declared where it is defined, never listed here:
# - reference data every organization uses (regions, SDGs, skills) says so on the model:
#   `shared_reference_data = True` (open to every choice);
# - a tenant model's TenantAdmin says `tenant_lookup` ("organization", "coordinator",
#   "initiative__organization", "pk");
# - a ModelAdmin may instead offer `tenant_choices(qs, actor)` (people: members of the
#   organizations the actor manages, `access.managed_people`).
# What the actor manages comes from `people.access`, which also holds the one cache.


def tenant_lookup_for(model) -> str | None:
    """The `tenant_lookup` its registered TenantAdmin declares; None when it has none."""
    return getattr(admin.site._registry.get(model), "tenant_lookup", None)


def scoped_choices(model, user) -> QuerySet:
    """The rows of `model` a user may pick in a form, a filter or an import.

    Fail-closed: a model that declares neither shared reference data nor how it reaches its
    organization offers no choices to non-superusers.
    """
    qs = model._default_manager.all()
    if access.is_superuser(user) or getattr(model, "shared_reference_data", False):
        return qs
    model_admin = admin.site._registry.get(model)
    choices = getattr(model_admin, "tenant_choices", None)
    if choices is not None:
        return choices(qs, user)
    lookup = tenant_lookup_for(model)
    return access.managed_rows(qs, user, lookup) if lookup else qs.none()


def org_id_of(obj: Model, lookup: str) -> int | None:
    """Follow `lookup` ("organization", "initiative__organization", "pk") on an instance."""
    if lookup == "pk":
        return obj.pk
    *path, last = lookup.split("__")
    for name in path:
        obj = getattr(obj, name, None)
        if obj is None:
            return None
    return getattr(obj, f"{last}_id", None)


UNKNOWN_CONFLICT = _("This could not be saved: it conflicts with a row that exists already. "
                     "Check the values and try again.")


def constraint_message(exc: IntegrityError) -> str:
    """The plain-words `violation_error_message` of the constraint a write broke; never the
    constraint's name (every app constraint declares one: tests/admin/test_plain_errors.py)."""
    text = str(exc)
    for model in apps.get_models():
        for constraint in model._meta.constraints:
            if f'"{constraint.name}"' in text:
                return str(constraint.violation_error_message)
    return str(UNKNOWN_CONFLICT)


class ScopedRelatedFilter(admin.RelatedFieldListFilter):
    """A related-field list filter that lists only rows the user may see."""

    def field_choices(self, field, request, model_admin):
        ordering = self.field_admin_ordering(field, request, model_admin)
        allowed = scoped_choices(field.related_model, request.user).values("pk")
        return field.get_choices(
            include_blank=False, limit_choices_to={"pk__in": allowed}, ordering=ordering
        )


class BoundedRelatedFilter(ScopedRelatedFilter):
    """`ScopedRelatedFilter` for a relation with many rows (a role's initiative): the choices
    are listed when the user may see at most `limit` of them; beyond, only the one chosen in
    the address (`?initiative__id__exact=…`) is, and without one the filter is not shown (the
    search box finds by name; the initiative's page lists its roles) — never a query and a
    link per row of a large table."""

    limit = 100

    def field_choices(self, field, request, model_admin):
        allowed = scoped_choices(field.related_model, request.user).order_by()
        few = list(allowed.values_list("pk", flat=True)[: self.limit + 1])
        if len(few) > self.limit:
            few = allowed.filter(pk__in=[v for v in self.lookup_val or () if v.isdigit()])
        return field.get_choices(include_blank=False, limit_choices_to={"pk__in": few},
                                 ordering=self.field_admin_ordering(field, request, model_admin))

    def has_output(self):
        return super().has_output() or bool(self.lookup_val)


class NeedsFilter(admin.SimpleListFilter):
    """"Needs attention": the rules a ModelAdmin names in `needs` (code → Need); the admin
    home links here with `?needs=<code>`, and the rows are listed oldest first."""

    title = _("needs attention")
    parameter_name = "needs"

    def lookups(self, request, model_admin):
        return [(code, need.label) for code, need in model_admin.needs.items()]

    def queryset(self, request, queryset):
        need = self.model_admin_needs.get(self.value())
        return need.rows(queryset) if need else queryset

    def __init__(self, request, params, model, model_admin):
        self.model_admin_needs = model_admin.needs
        super().__init__(request, params, model, model_admin)


class Need:
    """One "needs attention" rule of a changelist: its label, the selector that narrows a
    queryset to the rows (defined once, in the app's selectors) and the oldest-first order."""

    def __init__(self, label, rows, oldest_first: tuple[str, ...]):
        self.label, self.rows, self.oldest_first = label, rows, oldest_first


class TenantScopedMixin:
    """Shared by TenantAdmin and TenantInline; see the module docstring."""

    tenant_lookup: str = "organization"
    # Rows whose deletion would cascade into claims and history are closed, not deleted;
    # superusers may still delete.
    allow_delete: bool = True

    # --- who may do what --------------------------------------------------------------------
    def _may_enter(self, request) -> bool:
        user = request.user
        return access.is_superuser(user) or bool(
            user.is_active and user.is_staff and access.managed_org_ids(user)
        )

    def _may_touch(self, request, obj) -> bool:
        if not self._may_enter(request):
            return False
        if obj is None or access.is_superuser(request.user):
            return True
        return access.may_manage(request.user, org_id_of(obj, self.tenant_lookup))

    def has_module_permission(self, request):
        return self._may_enter(request)

    def has_view_permission(self, request, obj=None):
        return self._may_touch(request, obj)

    def has_add_permission(self, request, *args):
        return self._may_enter(request)

    def has_change_permission(self, request, obj=None):
        return self._may_touch(request, obj)

    def has_delete_permission(self, request, obj=None):
        allowed = self.allow_delete or access.is_superuser(request.user)
        return allowed and self._may_touch(request, obj)

    # --- what may be seen and picked -------------------------------------------------------
    def get_queryset(self, request):
        return access.managed_rows(super().get_queryset(request), request.user,
                                   self.tenant_lookup)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs["queryset"] = qs = self.scope_field_choices(db_field, request)
        if db_field.related_model is Organization and not access.is_superuser(request.user) \
                and len(access.managed_org_ids(request.user)) == 1:
            # Most orchestrators run one organization: preselect it.
            kwargs.update(initial=qs.first(), empty_label=None)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs["queryset"] = self.scope_field_choices(db_field, request)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def scope_field_choices(self, db_field, request) -> QuerySet:
        qs = scoped_choices(db_field.related_model, request.user)
        ordering = self.get_field_queryset(None, db_field, request)
        if ordering is not None and ordering.query.order_by:
            qs = qs.order_by(*ordering.query.order_by)
        return qs


class TenantAdmin(TenantScopedMixin, admin.ModelAdmin):
    """Base for every admin of tenant rows."""

    # "Needs attention" rules (code → Need), listed by NeedsFilter and linked from the home.
    needs: dict[str, Need] = {}

    def get_ordering(self, request):
        need = self.needs.get(request.GET.get(NeedsFilter.parameter_name))
        return need.oldest_first if need else super().get_ordering(request)

    def get_list_filter(self, request):
        """Related-field filters list only rows in the user's scope."""
        scoped = [NeedsFilter] if self.needs else []
        for entry in super().get_list_filter(request):
            if isinstance(entry, str) and self._is_relation(entry):
                entry = (entry, ScopedRelatedFilter)
            scoped.append(entry)
        return scoped

    def _is_relation(self, path: str) -> bool:
        try:
            return bool(get_fields_from_path(self.model, path)[-1].is_relation)
        except (FieldDoesNotExist, NotRelationField):  # not a field path: left to Django
            return False

    # --- writes go through services; their refusals become form errors ------------------------
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """A DomainError from the service in save_model shows on the form, never as a 500.

        The first pass's transaction rolls back; the second pass renders the same POST with
        the service's message as a form error (see get_form), so nothing is half-written.
        """
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except DomainError as exc:
            request.crowddo_service_error = exc.message
        except IntegrityError as exc:  # a constraint the form could not check: plain words
            request.crowddo_service_error = constraint_message(exc)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        message = getattr(request, "crowddo_service_error", None)
        if message is None:
            return form

        class RefusedByService(form):
            def clean(self):
                super().clean()
                raise ValidationError(message)

        return RefusedByService

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Django redirects with "doesn't exist — perhaps it was deleted?"; a row of another
        # organization must be indistinguishable from a missing one: 404.
        raise Http404(f"No {opts.verbose_name} found.")

    # simple_history: history is for reading. Reverting would write around the services.
    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        if self.get_object(request, object_id) is None:
            raise Http404("No such row.")
        return super().history_form_view(request, object_id, version_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        if self.get_object(request, object_id) is None:
            raise Http404("No such row.")
        return super().history_view(request, object_id, extra_context)


class TenantInline(TenantScopedMixin):
    """Mix into an InlineModelAdmin: `class X(TenantInline, admin.TabularInline)`."""


class ReadOnlyTenantAdmin(TenantAdmin):
    """Rows written only by services (claims, contributions…): list, filter, act; never edit."""

    def has_add_permission(self, request, *args):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.concrete_fields] + list(self.readonly_fields)


# --- actions ---------------------------------------------------------------------------------

def report(modeladmin, request, call, done_message: str) -> None:
    """Run one service call for an admin action; a DomainError becomes an error message."""
    try:
        result = call()
    except DomainError as exc:
        modeladmin.message_user(request, exc.message, messages.ERROR)
        return
    modeladmin.message_user(request, done_message.format(n=result), messages.SUCCESS)


def action_form_response(modeladmin, request, queryset, form, title: str):
    """The intermediate page of an action that needs input (days, a target, a reason)."""
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title, "form": form, "queryset": queryset, "opts": modeladmin.model._meta,
        "action": request.POST.get("action"),
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/crowddo/action_form.html", context)


def form_action(modeladmin, request, queryset, form_class, title: str, run, done_message: str):
    """An admin action that needs input: the intermediate page with the form until it is
    valid, then one service call `run(cleaned_data)` reported like `report`. `form_class` is
    called with the POST data (or None before the form was sent)."""
    form = form_class(request.POST if "apply" in request.POST else None)
    if not form.is_valid():
        return action_form_response(modeladmin, request, queryset, form, title)
    report(modeladmin, request, lambda: run(form.cleaned_data), done_message)
    return None


# --- "view on site" ----------------------------------------------------------------------------

def view_on_site(request, content_type_id, object_id):
    """The admin's /admin/r/<ct>/<id>/ redirect, answering 404 for rows outside the scope.

    Django's own shortcut redirects to any row's public URL for any staff member, which would
    tell an orchestrator the slug of another organization's private initiative.
    """
    if not admin.site.has_permission(request):
        raise Http404("Not found.")
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
    except ContentType.DoesNotExist:
        raise Http404("Not found.") from None
    model_admin = admin.site._registry.get(model)
    if not access.is_superuser(request.user):
        if model_admin is None or not model_admin.has_view_permission(request):
            raise Http404("Not found.")
        if model_admin.get_object(request, object_id) is None:
            raise Http404("Not found.")
    return shortcut(request, content_type_id, object_id)
