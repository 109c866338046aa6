"""Forms of the volunteer side. They parse and bound input; the services hold the rules."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from initiatives.access import visible_initiatives
from initiatives.models import Collective, Indicator, Initiative, Region, Sdg
from people.models import Organization, Skill
from roles.models import Capability, Proposal

NOTE_MAX = 4000


class RoleFilterForm(forms.Form):
    """GET filters of /roles/. Bad values become field errors; the others still apply."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search"}))
    sdg = forms.ModelChoiceField(label=_("SDG"), queryset=Sdg.objects.all(), required=False,
                                 empty_label=_("Any goal"))
    skill = forms.ModelChoiceField(label=_("Skill"), queryset=Skill.objects.all(),
                                   to_field_name="slug", required=False, empty_label=_("Any skill"))
    capability = forms.ChoiceField(label=_("Capability"), required=False,
                                   choices=[("", _("Any capability")), *Capability.choices])
    max_hours = forms.IntegerField(label=_("At most hours a week"), required=False,
                                   min_value=1, max_value=40)
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.all(),
                                    required=False, empty_label=_("Anywhere"))
    remote = forms.BooleanField(label=_("Remote roles"), required=False)
    organization = forms.ModelChoiceField(label=_("Organization"), required=False,
                                          queryset=Organization.objects.none(),
                                          to_field_name="slug", empty_label=_("Any organization"))
    collective = forms.ModelChoiceField(label=_("Collective"), required=False,
                                        queryset=Collective.objects.filter(is_public=True),
                                        to_field_name="slug", empty_label=_("Any collective"))
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=[
        ("newest", _("Newest")), ("hours", _("Fewest hours")), ("seats", _("Most seats left")),
    ])

    def __init__(self, *args, actor=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Only organizations with something the visitor can see: no private names leak.
        visible = visible_initiatives(Initiative.objects.all(), actor)
        self.fields["organization"].queryset = Organization.objects.filter(
            pk__in=visible.values("organization_id"))

    def filters(self) -> dict:
        """Cleaned values of the fields that are valid (is_valid() must have run)."""
        return {k: v for k, v in getattr(self, "cleaned_data", {}).items() if k not in self.errors}

    def loosen_hints(self) -> list[str]:
        """What to loosen when nothing matches, in the order most likely to help."""
        data, hints = self.filters(), []
        labels = {"q": _("the search words"), "max_hours": _("the hours limit"),
                  "skill": _("the skill"), "capability": _("the capability"),
                  "sdg": _("the SDG"), "region": _("the region (or tick Remote roles)"),
                  "organization": _("the organization"), "collective": _("the collective")}
        for name, label in labels.items():
            if data.get(name):
                hints.append(label)
        return hints


class ContributionForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    hours = forms.DecimalField(label=_("Hours"), min_value=Decimal("0.25"),
                               max_value=Decimal("24"), max_digits=4, decimal_places=2,
                               widget=forms.NumberInput(attrs={"step": "0.25"}))
    micro_improvements = forms.IntegerField(label=_("Micro-improvements counted"), min_value=0,
                                            max_value=10_000, initial=0)
    # Choices, not a ModelChoiceField: /me/ shows one form per claim and must query regions once.
    region = forms.TypedChoiceField(label=_("Region"), required=False, coerce=int,
                                    empty_value=None)
    note = forms.CharField(label=_("Note"), required=False, max_length=NOTE_MAX,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, prefix_id="", region_choices=(), indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate
        self.fields["region"].choices = region_choices
        self.indicators = list(indicators)
        for indicator in self.indicators:
            self.fields[f"indicator_{indicator.slug}"] = indicator_field(indicator)
        if prefix_id:  # several forms on /me/ need distinct element ids for their labels
            self.auto_id = f"id_{prefix_id}_%s"

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate() or date < dt.date(2000, 1, 1):
            raise forms.ValidationError(_("Give the day the work was done (not in the future)."))
        return date

    def clean(self):
        """Filled indicator fields become `indicators` reports for the service."""
        data = super().clean()
        reports = []
        for indicator in self.indicators:
            raw = data.pop(f"indicator_{indicator.slug}", None)
            if raw in (None, ""):
                continue
            field = "key" if indicator.aggregation == Indicator.Aggregation.DISTINCT else "value"
            reports.append({"indicator": indicator.slug, field: raw})
        data["indicators"] = reports
        return data


def indicator_field(indicator: Indicator) -> forms.Field:
    """A number for sum/latest indicators, one thing per line for count-of-distinct ones."""
    help_text = indicator.definition[:300]
    if indicator.aggregation == Indicator.Aggregation.DISTINCT:
        return forms.CharField(
            label=_("%(name)s: which ones (one per line)") % {"name": indicator.name},
            required=False, max_length=6000, help_text=help_text,
            widget=forms.Textarea(attrs={"rows": 2}))
    return forms.DecimalField(
        label=f"{indicator.name} ({indicator.unit})", required=False, min_value=0,
        max_digits=14, decimal_places=2, help_text=help_text)


class HandoffForm(forms.Form):
    """What the next holder reads on the role page: what is done, what is open, whom to ask."""

    handoff_note = forms.CharField(label=_("What is done"), required=False, max_length=NOTE_MAX,
                                   widget=forms.Textarea(attrs={"rows": 2}))
    handoff_open = forms.CharField(label=_("What is still open"), required=False,
                                   max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 2}))
    handoff_ask = forms.CharField(label=_("Whom to ask"), required=False, max_length=300)


class VerifyForm(forms.Form):
    comment = forms.CharField(label=_("Comment (optional)"), required=False, max_length=NOTE_MAX)


class ProposalForm(forms.ModelForm):
    class Meta:
        model = Proposal
        fields = ["kind", "title", "description"]
        labels = {"kind": _("What are you proposing?"), "title": _("Title"),
                  "description": _("Describe it: what, why, and who it helps")}
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class ProposalAcceptForm(forms.Form):
    hours_per_week = forms.IntegerField(label=_("Hours a week"), min_value=1, max_value=40,
                                        initial=2)
    seats = forms.IntegerField(label=_("Seats"), min_value=1, max_value=100, initial=1)
    capability = forms.ChoiceField(label=_("Capability"), choices=Capability.choices,
                                   initial=Capability.INVENTING)
    supporting_titles = forms.CharField(
        label=_("Supporting roles (optional, one title per line)"), required=False,
        max_length=1000, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Each becomes a one-seat role beside the lead role."),
    )

    def clean_supporting_titles(self) -> list[str]:
        lines = self.cleaned_data["supporting_titles"].splitlines()
        return [line.strip() for line in lines if line.strip()]


class ProposalDeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reason (the proposer will read it)"), max_length=NOTE_MAX,
                             widget=forms.Textarea(attrs={"rows": 2}))
