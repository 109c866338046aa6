"""Forms of the volunteer side. They parse and bound input (bounds from `roles.limits`); the
services hold the rules. The role list's filters are `roles.filters.RoleFilterSet`."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from crowddo import images
from crowddo.errors import Invalid
from initiatives.models import Indicator
from roles import limits
from roles.limits import NOTE_MAX
from roles.models import Capability, InitiativeProposal, Proposal


def _evidence_image_field() -> forms.FileField:
    """A picture as evidence: checked like story images by the service (`crowddo.images`)."""
    return forms.FileField(
        label=format_lazy(_("Evidence (a picture, optional: JPEG, PNG or WebP, at most {mb} MB)"),
                          mb=images.MAX_MB),
        required=False, widget=forms.ClearableFileInput(attrs={"accept": images.ACCEPT}))


def _clean_evidence_image(form):
    """The form names a bad picture next to its field (the service checks it again)."""
    upload = form.cleaned_data.get("evidence_image")
    if upload:
        try:
            images.checked_image(upload)
        except Invalid as exc:
            raise forms.ValidationError(exc.message) from None
    return upload


def _hours_field() -> forms.DecimalField:
    """One contribution's hours (logging and resubmitting): `limits.HOURS_PER_CONTRIBUTION`."""
    return forms.DecimalField(label=_("Hours"), min_value=limits.HOURS_STEP,
                              max_value=limits.HOURS_PER_CONTRIBUTION, max_digits=4,
                              decimal_places=2,
                              widget=forms.NumberInput(attrs={"step": str(limits.HOURS_STEP)}))


class ContributionForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    hours = _hours_field()
    micro_improvements = forms.IntegerField(
        label=_("Micro-improvements counted"), min_value=0,
        max_value=limits.MAX_MICRO_IMPROVEMENTS, initial=0,
        error_messages={"max_value": limits.MICRO_IMPROVEMENTS_OUT_OF_RANGE})
    # Choices, not a ModelChoiceField: /me/ shows one form per claim and must query regions once.
    region = forms.TypedChoiceField(label=_("Region"), required=False, coerce=int,
                                    empty_value=None)
    note = forms.CharField(label=_("Note"), required=False, max_length=NOTE_MAX,
                           widget=forms.Textarea(attrs={"rows": 2}))
    evidence_url = forms.CharField(
        label=_("Evidence (a link, optional)"), required=False,
        max_length=limits.EVIDENCE_URL_MAX,
        help_text=_("A photo, document or post that shows the work (https://…)."))
    evidence_image = _evidence_image_field()

    def __init__(self, *args, prefix_id="", region_choices=(), indicators=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate
        self.fields["region"].choices = region_choices
        self.indicators = list(indicators)
        for indicator in self.indicators:
            self.fields[f"indicator_{indicator.slug}"] = indicator_field(indicator)
        if prefix_id:  # several forms on /me/ need distinct element ids for their labels
            self.auto_id = f"id_{prefix_id}_%s"

    clean_evidence_image = _clean_evidence_image

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate() or date < dt.date(2000, 1, 1):
            raise forms.ValidationError(_("Give the day the work was done (not in the future)."))
        return date

    def clean(self):
        """Filled indicator fields become `indicators` reports for the service."""
        data = super().clean()
        data["indicators"] = _reports(self.indicators, data)
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
    handoff_ask = forms.CharField(label=_("Whom to ask"), required=False,
                                  max_length=limits.ASK_MAX)


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
    hours_per_week = forms.IntegerField(label=_("Hours a week"), min_value=1,
                                        max_value=limits.ROLE_HOURS_MAX, initial=2)
    seats = forms.IntegerField(label=_("Seats"), min_value=1, max_value=limits.SEATS_MAX,
                               initial=1)
    capability = forms.ChoiceField(label=_("Capability"), choices=Capability.choices,
                                   initial=Capability.INVENTING)
    supporting_titles = forms.CharField(
        label=_("Supporting roles (optional, one title per line)"), required=False,
        max_length=limits.SUPPORTING_TITLES_CHARS, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Each becomes a one-seat role beside the lead role."),
    )

    def clean_supporting_titles(self) -> list[str]:
        lines = self.cleaned_data["supporting_titles"].splitlines()
        return [line.strip() for line in lines if line.strip()]


class InitiativeProposalAcceptForm(forms.Form):
    hours_per_week = forms.IntegerField(
        label=_("Hours a week of each new role"), min_value=1, max_value=limits.ROLE_HOURS_MAX,
        initial=2, help_text=_("The initiative starts as a draft: edit its roles before you "
                               "publish it."))


class ProposalDeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reason (the proposer will read it)"), max_length=NOTE_MAX,
                             widget=forms.Textarea(attrs={"rows": 2}))


# --- The feedback exchange: a peer sends work back, the contributor resubmits -------------


class SendBackForm(forms.Form):
    comment = forms.CharField(
        label=_("What needs to change? (the contributor reads this)"), max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say what needs to change: the contributor reads your "
                                      "comment.")},
    )


class RetractForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is this work retracted? (the volunteer reads this)"), max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Give the reason for the retraction: the volunteer "
                                      "reads it.")},
    )


class ResubmitForm(forms.Form):
    hours = _hours_field()
    micro_improvements = forms.IntegerField(
        label=_("Micro-improvements counted"), min_value=0,
        max_value=limits.MAX_MICRO_IMPROVEMENTS,
        error_messages={"max_value": limits.MICRO_IMPROVEMENTS_OUT_OF_RANGE})
    note = forms.CharField(
        label=_("Your answer: what you changed"), max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Answer the comment: say what you changed (or why it "
                                      "stays as it is).")},
    )

    evidence_url = forms.CharField(
        label=_("Evidence (a link, optional)"), required=False,
        max_length=limits.EVIDENCE_URL_MAX,
        help_text=_("A photo, document or post that shows the work (https://…)."))

    def __init__(self, *args, contribution=None, region_choices=None, indicators=None,
                 **kwargs):
        """With `region_choices` and `indicators` (the resubmit page) the whole contribution
        can be corrected: region and indicator reports too (they replace the old ones)."""
        bound = (args[0] if args else kwargs.get("data")) is not None
        if contribution is not None and not bound and "initial" not in kwargs:
            kwargs["initial"] = _initial(contribution, indicators or ())
        super().__init__(*args, **kwargs)
        self.indicators = None if indicators is None else list(indicators)
        if region_choices is not None:
            self.fields["region"] = forms.TypedChoiceField(
                label=_("Region"), required=False, coerce=int, empty_value=None,
                choices=region_choices)
            self.fields["evidence_image"] = _evidence_image_field()
            if contribution is not None and contribution.evidence_image:
                self.fields["remove_evidence_image"] = forms.BooleanField(
                    label=_("Remove the picture attached before"), required=False)
        for indicator in self.indicators or ():
            self.fields[f"indicator_{indicator.slug}"] = indicator_field(indicator)
        self.order_fields(["hours", "micro_improvements", "region", "evidence_url",
                           "evidence_image", "remove_evidence_image", "note"])
        if contribution is not None:  # several forms on /me/ need distinct element ids
            self.auto_id = f"id_resubmit_{contribution.pk}_%s"

    clean_evidence_image = _clean_evidence_image

    def clean(self):
        data = super().clean()
        if self.indicators is not None:
            data["indicators"] = _reports(self.indicators, data)
        return data


def _initial(contribution, indicators) -> dict:
    initial = {"hours": contribution.hours, "evidence_url": contribution.evidence_url,
               "micro_improvements": contribution.micro_improvements,
               "region": contribution.region_id}
    values = list(contribution.indicator_values.all()) if indicators else []
    for indicator in indicators:
        mine = [v for v in values if v.indicator_id == indicator.pk]
        if not mine:
            continue
        distinct = indicator.aggregation == Indicator.Aggregation.DISTINCT
        initial[f"indicator_{indicator.slug}"] = (
            "\n".join(v.key for v in mine) if distinct else mine[0].value)
    return initial


def _reports(indicators, data: dict) -> list[dict]:
    """Filled indicator fields as the service's `indicators` reports."""
    reports = []
    for indicator in indicators:
        raw = data.pop(f"indicator_{indicator.slug}", None)
        if raw in (None, ""):
            continue
        field = "key" if indicator.aggregation == Indicator.Aggregation.DISTINCT else "value"
        reports.append({"indicator": indicator.slug, field: raw})
    return reports


class InitiativeProposalForm(forms.ModelForm):
    """A volunteer proposes a whole initiative to an organization (issue 20)."""

    goal_target = forms.IntegerField(label=_("Goal (how many)"), min_value=1,
                                     max_value=10_000_000, initial=100)

    class Meta:
        model = InitiativeProposal
        fields = ["name", "purpose", "sdgs", "goal_label", "goal_target", "first_roles"]
        labels = {"name": _("Name of the initiative"),
                  "purpose": _("Purpose: what changes, for whom, and why"),
                  "sdgs": _("Sustainable Development Goals"),
                  "goal_label": _("What is counted toward the goal"),
                  "goal_target": _("Goal (how many)"),
                  "first_roles": _("First roles (optional, one title per line)")}
        help_texts = {"first_roles": _("Besides the lead role, which is offered to you first.")}
        widgets = {"purpose": forms.Textarea(attrs={"rows": 4}),
                   "first_roles": forms.Textarea(attrs={"rows": 3}),
                   "sdgs": forms.CheckboxSelectMultiple}
