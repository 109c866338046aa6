"""The outcome statement asked for when an initiative closes (admin and initiative page)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from initiatives.models import OUTCOME_MAX


class OutcomeForm(forms.Form):
    outcome = forms.CharField(
        label=_("Outcome statement"), max_length=OUTCOME_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What came of the initiative, in a few sentences. Everyone who contributed "
                    "reads it by e-mail and on their page. Open roles close; active claims "
                    "count as completed."),
    )
