"""CSV/XLSX import and export of roles (django-import-export), confined to the user's initiatives.

Every row is written through `roles.services.role_create` / `role_update`, so an import obeys
the same rules as the form. A refused row becomes a row-level validation error (reported with
its line), never a half-written role: each service call is one transaction. Exported cells
never start a spreadsheet formula (`crowddo.spreadsheet`).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from import_export import fields, resources, widgets

from crowddo.errors import DomainError
from crowddo.spreadsheet import NeutralisedExport
from initiatives.models import Initiative, Region
from people.admin.tenancy import scoped_choices
from people.models import Skill
from roles import services
from roles.models import Role

IMPORTED_FIELDS = ("title", "responsibility", "success_looks_like", "hours_per_week",
                   "duration_weeks", "seats", "capability", "region", "is_remote", "status",
                   "stale_after_days")


class ScopedForeignKeyWidget(widgets.ForeignKeyWidget):
    """Looks a related row up only among the rows the importing user may pick."""

    def __init__(self, model, field, user, label):
        super().__init__(model, field)
        self.user, self.label = user, label

    def get_queryset(self, value, row, *args, **kwargs):
        return scoped_choices(self.model, self.user)

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        try:
            return self.get_queryset(value, row).get(**{self.field: str(value).strip()})
        except (self.model.DoesNotExist, ValueError):
            raise ValueError(
                f"No {self.label} {value!r} among your organization's {self.label}s."
            ) from None


class RoleResource(NeutralisedExport, resources.ModelResource):
    initiative = fields.Field(attribute="initiative", column_name="initiative")
    region = fields.Field(attribute="region", column_name="region")
    skills = fields.Field(attribute="skills", column_name="skills",
                          widget=widgets.ManyToManyWidget(Skill, field="slug", separator="|"))

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
            Initiative, "slug", user, "initiative")
        self.fields["region"].widget = widgets.ForeignKeyWidget(Region, "pk")

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
            raise ValueError(f"{value!r} is not a valid {field.column_name}.") from None

    def dehydrate_initiative(self, role):
        return role.initiative.slug

    def dehydrate_region(self, role):
        return role.region_id or ""

    def save_instance(self, instance, is_create, row, **kwargs):
        values = {name: getattr(instance, name) for name in IMPORTED_FIELDS}
        skills = self.fields["skills"].clean(row) if "skills" in row else None
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

    def dehydrate_skills(self, role):
        return "|".join(s.slug for s in role.skills.all())

    def get_export_queryset(self, request=None):
        return self.get_queryset().prefetch_related("skills")
