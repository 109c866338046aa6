"""The role list's one FilterSet: the /roles/ page (`selectors.role_list`, which renders its
form) and the API's `/api/v1/roles/` filter with it, so the two cannot disagree.

A value that does not validate is a field error: the page shows it beside the field and
applies the other filters; the API answers 400 with the field's message. Choices (an
organization, a collective) are only those the asker may see, so a private name never shows
in the page's lists and an unknown or private one is refused the same way.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from crowddo.api.filters import SinceFilter, regions_below
from crowddo.expressions import InArray
from crowddo.widgets import FastSelect
from initiatives.access import visible_collectives, visible_initiatives
from initiatives.models import Collective, Initiative, Region, Sdg
from people.api.authentication import actor_of
from people.models import Organization, Skill
from roles import limits
from roles.models import Capability, Role

SORTS = {
    "newest": ("-created_at", "-id"),
    "hours": ("hours_per_week", "-created_at", "-id"),
    "seats": ("-seats_free", "-created_at", "-id"),
}
API_ONLY = ("updated_since", "status", "initiative")  # the page lists open roles, newest first


class FlagInput(forms.CheckboxInput):
    """A tick box that also reads the API's spelling: on/true/1 tick it, anything else not."""

    def value_from_datadict(self, data, files, name):
        return str(data.get(name, "")).strip().lower() in ("on", "true", "1")


class IntegerFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class RoleFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), method="search", max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_("Words in the title, the responsibility or the initiative's name."))
    sdg = django_filters.ModelChoiceFilter(
        label=_("SDG"), queryset=Sdg.objects.all(), field_name="initiative__sdgs",
        method="by_sdg", empty_label=_("Any goal"), help_text=_("UN SDG number, 1–17."),
        widget=FastSelect)
    skill = django_filters.ModelChoiceFilter(
        label=_("Skill"), queryset=Skill.objects.all(), to_field_name="slug", field_name="skills",
        method="by_skill", empty_label=_("Any skill"), help_text=_("Skill slug."),
        widget=FastSelect)
    capability = django_filters.ChoiceFilter(
        label=_("Capability"), choices=Capability.choices, empty_label=_("Any capability"))
    max_hours = IntegerFilter(
        label=_("At most hours a week"), field_name="hours_per_week", lookup_expr="lte",
        min_value=1, max_value=limits.ROLE_HOURS_MAX)
    region = django_filters.ModelChoiceFilter(
        label=_("Region"), queryset=Region.objects.all(), method="by_region",
        empty_label=_("Anywhere"), widget=FastSelect,
        help_text=_("Region id; includes the regions inside it (and remote roles with remote)."))
    remote = django_filters.BooleanFilter(
        label=_("Remote roles"), method="by_remote", widget=FlagInput,
        help_text=_("true: remote roles (with region: the region's roles and remote ones)."))
    organization = django_filters.ModelChoiceFilter(
        label=_("Organization"), queryset=Organization.objects.none(), to_field_name="slug",
        method="by_organization", empty_label=_("Any organization"),
        help_text=_("Organization slug."), widget=FastSelect)
    collective = django_filters.ModelChoiceFilter(
        label=_("Collective"), queryset=Collective.objects.none(), to_field_name="slug",
        field_name="initiative__collective", empty_label=_("Any collective"),
        help_text=_("Collective slug."), widget=FastSelect)
    updated_since = SinceFilter(field_name="updated_at")
    status = django_filters.ChoiceFilter(choices=Role.Status.choices)
    initiative = django_filters.CharFilter(field_name="initiative__slug",
                                           help_text=_("Initiative slug."))

    class Meta:
        model = Role
        fields = ["q", "sdg", "skill", "capability", "max_hours", "region", "remote",
                  "organization", "collective", "updated_since", "status", "initiative"]

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, actor=None,
                 page: bool = False):
        super().__init__(data, queryset, request=request, prefix=prefix)
        actor = actor if actor is not None or request is None else actor_of(request)
        # Only what the asker may see: no private organization or collective names leak.
        visible = visible_initiatives(Initiative.objects.all(), actor)
        self.filters["organization"].queryset = Organization.objects.filter(
            pk__in=visible.values("organization_id"))
        self.filters["collective"].queryset = visible_collectives(actor)
        if page:
            for name in API_ONLY:
                del self.filters[name]
            # Sorting is the page's: the API's cursor pagination fixes its order.
            self.filters["sort"] = django_filters.ChoiceFilter(
                label=_("Sort by"), method=self.sort_by, empty_label=None, choices=[
                    ("newest", _("Newest")), ("hours", _("Fewest hours")),
                    ("seats", _("Most seats left"))])
            self.filters["sort"].model, self.filters["sort"].parent = Role, self

    # Exists()/subqueries, not joins: M2M filters must not duplicate rows. (The filters'
    # field_name only tells the API schema what the value is.)
    def search(self, qs: QuerySet, name, value):
        """Partial words, any case, in the title, the responsibility or the initiative's name
        (`icontains`; on PostgreSQL each column has a pg_trgm GIN index on UPPER(column)).
        One OR on the role itself — the initiative side as `initiative_id = ANY(ARRAY(the
        matching initiatives))` — so PostgreSQL can either OR the three indexes together
        (few matches) or read the sort's index and check each role (many matches)."""
        initiatives = Initiative.objects.filter(name__icontains=value).order_by().values("pk")
        return qs.filter(Q(title__icontains=value) | Q(responsibility__icontains=value)
                         | InArray("initiative_id", initiatives))

    def by_organization(self, qs: QuerySet, name, value):
        """Said of the role and of its initiative (always the same organization:
        `Role.save`), so the join to initiatives reads that organization's only."""
        return qs.filter(organization=value, initiative__organization=value)

    def by_sdg(self, qs: QuerySet, name, value):
        return qs.filter(Exists(Initiative.sdgs.through.objects.filter(
            initiative_id=OuterRef("initiative_id"), sdg_id=value.pk)))

    def by_skill(self, qs: QuerySet, name, value):
        return qs.filter(Exists(Role.skills.through.objects.filter(
            role_id=OuterRef("pk"), skill_id=value.pk)))

    def by_region(self, qs: QuerySet, name, value):
        where = Q(region_id__in=Region.objects.filter(regions_below(value.pk)).values("pk"))
        if self.form.cleaned_data.get("remote"):
            where |= Q(is_remote=True)
        return qs.filter(where)

    def by_remote(self, qs: QuerySet, name, value):
        if not value or self.form.cleaned_data.get("region"):
            return qs  # with a region, `by_region` adds the remote roles
        return qs.filter(is_remote=True)

    def sort_by(self, qs: QuerySet, name, value):
        return qs.order_by(*SORTS[value])

    def loosen_hints(self) -> list[str]:
        """What to loosen when nothing matches, in the order most likely to help."""
        data = getattr(self.form, "cleaned_data", {})
        labels = {"q": _("the search words"), "max_hours": _("the hours limit"),
                  "skill": _("the skill"), "capability": _("the capability"),
                  "sdg": _("the SDG"), "region": _("the region (or tick Remote roles)"),
                  "organization": _("the organization"), "collective": _("the collective")}
        return [label for name, label in labels.items() if data.get(name)]
