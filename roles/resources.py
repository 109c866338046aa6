"""CSV/XLSX import and export of roles (django-import-export), confined to the user's initiatives.

Every row is written through `roles.services.role_create` / `role_update`, so an import obeys
the same rules as the form. A refused row becomes a row-level validation error (reported with
its line), never a half-written role: each service call is one transaction. Exported cells
never start a spreadsheet formula (`crowddo.spreadsheet`).
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources, widgets

from crowddo.errors import DomainError
from crowddo.spreadsheet import NeutralisedExport
from initiatives.models import Initiative, Region
from initiatives.selectors import region_named, region_path
from people.admin.tenancy import scoped_choices
from people.models import Skill
from roles import services
from roles.models import Role

IMPORTED_FIELDS = ("title", "responsibility", "success_looks_like", "hours_per_week",
                   "duration_weeks", "seats", "capability", "region", "is_remote", "status",
                   "stale_after_days", "apprentice_seats", "term_weeks")
SKILL_SEPARATORS = re.compile(r"[|;]")


class RegionWidget(widgets.Widget):
    """A region by its id, its name or its path ("India / Punjab / Ludhiana"); an unknown or
    ambiguous one is a row error that says how to write it (initiatives.selectors)."""

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        return region_named(str(value))

    def render(self, value, obj=None, **kwargs):
        return region_path(value) if value is not None else ""


class SkillsWidget(widgets.ManyToManyWidget):
    """Skills by name or slug, separated by | or ;. An unknown one is a row error, never
    dropped silently."""

    def __init__(self):
        super().__init__(Skill, field="slug", separator="|")

    def clean(self, value, row=None, **kwargs):
        wanted = [v.strip() for v in SKILL_SEPARATORS.split(str(value or "")) if v.strip()]
        if not wanted:
            return Skill.objects.none()
        lowered = {w.lower() for w in wanted}
        found = list(Skill.objects.filter(Q(name__iregex=_any(lowered))
                                          | Q(slug__in=lowered)))
        known = {s.name.lower() for s in found} | {s.slug for s in found}
        unknown = [w for w in wanted if w.lower() not in known]
        if unknown:
            raise ValueError(gettext("Unknown skills: %(skills)s. Use the names listed under "
                                     "Skills (separate several with |).")
                             % {"skills": ", ".join(unknown)})
        return Skill.objects.filter(pk__in=[s.pk for s in found])


def _any(names) -> str:
    return "^(" + "|".join(re.escape(n) for n in sorted(names)) + ")$"


class ScopedForeignKeyWidget(widgets.ForeignKeyWidget):
    """Looks a related row up only among the rows the importing user may pick."""

    def __init__(self, model, field, user, missing):
        super().__init__(model, field)
        self.user, self.missing = user, missing  # the row error: "… %(value)s …"

    def get_queryset(self, value, row, *args, **kwargs):
        return scoped_choices(self.model, self.user)

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        try:
            return self.get_queryset(value, row).get(**{self.field: str(value).strip()})
        except (self.model.DoesNotExist, ValueError):
            raise ValueError(str(self.missing) % {"value": repr(value)}) from None


class RoleResource(NeutralisedExport, resources.ModelResource):
    initiative = fields.Field(attribute="initiative", column_name="initiative")
    region = fields.Field(attribute="region", column_name="region")
    skills = fields.Field(attribute="skills", column_name="skills", widget=SkillsWidget())

    class Meta:
        model = Role
        fields = ("id", "initiative", *IMPORTED_FIELDS, "skills")
        export_order = fields
        import_id_fields = ("id",)
        skip_unchanged = False
        clean_model_instances = False  # the services validate, with their own messages

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        self.fields["initiative"].widget = ScopedForeignKeyWidget(
            Initiative, "slug", user,
            _("No initiative %(value)s among your organization's initiatives."))
        self.fields["region"].widget = RegionWidget()

    def get_queryset(self):
        """Existing roles are found (by id) only in the user's organizations."""
        return scoped_choices(Role, self.user).select_related("initiative")

    def get_instance(self, instance_loader, row):
        raw = row.get("id")
        if raw in (None, ""):
            return None
        instance = super().get_instance(instance_loader, row)
        if instance is None:
            raise ValidationError({"id": f"No role with id {raw} among your organization's roles. "
                                         "Leave id empty to create a new role."})
        return instance

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        # A number widget raises decimal.InvalidOperation for "lots": make it a row-level
        # error that names the column, instead of an error that aborts the whole file.
        try:
            return super().import_field(field, instance, row, is_m2m, **kwargs)
        except (ArithmeticError, TypeError):
            value = row.get(field.column_name)
            raise ValueError(gettext("%(value)s is not a valid %(column)s.")
                             % {"value": repr(value), "column": field.column_name}) from None

    def dehydrate_initiative(self, role):
        return role.initiative.slug

    def dehydrate_region(self, role):
        regions = self._regions()
        return region_path(regions[role.region_id], regions) if role.region_id else ""

    def _regions(self) -> dict:
        """Every region once per export, for the paths (reference data: a few thousand)."""
        if not hasattr(self, "_region_cache"):
            self._region_cache = {r.pk: r for r in Region.objects.only("name", "parent_id")}
        return self._region_cache

    def save_instance(self, instance, is_create, row, **kwargs):
        values = {name: getattr(instance, name) for name in IMPORTED_FIELDS}
        skills = getattr(instance, "_imported_skills", None)
        try:
            if is_create:
                saved = services.role_create(initiative=instance.initiative, actor=self.user,
                                             skills=skills, **values)
            else:
                saved = services.role_update(role=instance, actor=self.user, skills=skills,
                                             **values)
        except DomainError as exc:
            raise ValidationError(exc.message) from None
        instance.pk = saved.pk

    def save_m2m(self, instance, row, **kwargs):
        """Skills were set by the service, in the same transaction."""

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        if instance.initiative_id is None:
            raise ValidationError({"initiative": "Name the initiative (its slug) for each role."})
        if "skills" in row:  # checked here, so an unknown skill is this row's error
            try:
                instance._imported_skills = self.fields["skills"].clean(row)
            except ValueError as exc:
                raise ValidationError({"skills": str(exc)}) from None

    def dehydrate_skills(self, role):
        return "|".join(s.name for s in role.skills.all())

    def get_export_queryset(self, request=None):
        return self.get_queryset().prefetch_related("skills")
