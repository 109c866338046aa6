"""Forms of the feedback exchange. They parse and bound input; roles.feedback holds the rules."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from roles.forms import NOTE_MAX


class SendBackForm(forms.Form):
    comment = forms.CharField(
        label=_("What needs to change? (the contributor reads this)"), max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say what needs to change: the contributor reads your "
                                      "comment.")},
    )


class ResubmitForm(forms.Form):
    hours = forms.DecimalField(label=_("Hours"), min_value=Decimal("0.25"),
                               max_value=Decimal("24"), max_digits=4, decimal_places=2,
                               widget=forms.NumberInput(attrs={"step": "0.25"}))
    micro_improvements = forms.IntegerField(label=_("Micro-improvements counted"), min_value=0,
                                            max_value=10_000)
    note = forms.CharField(
        label=_("Your answer: what you changed"), max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Answer the comment: say what you changed (or why it "
                                      "stays as it is).")},
    )

    def __init__(self, *args, contribution=None, **kwargs):
        if contribution is not None and not args and "initial" not in kwargs:
            kwargs["initial"] = {"hours": contribution.hours,
                                 "micro_improvements": contribution.micro_improvements}
        super().__init__(*args, **kwargs)
        if contribution is not None:  # several forms on /me/ need distinct element ids
            self.auto_id = f"id_resubmit_{contribution.pk}_%s"
