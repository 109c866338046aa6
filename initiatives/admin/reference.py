"""Reference data every organization uses (regions, SDGs): kept by superusers through
Django's permissions, which orchestrators do not have."""

from django.contrib import admin

from initiatives.models import Region, Sdg


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
