from django import forms
from django.utils.translation import gettext_lazy as _

from people.models import Skill, VolunteerProfile

# Regions are initiatives' reference data; people reaches them through its own relation,
# so it imports no feature app.
Region = VolunteerProfile.regions.field.related_model


class ProfileForm(forms.Form):
    display_name = forms.CharField(
        label=_("Display name"), max_length=80, required=False,
        help_text=_("The only thing others see about you. Your e-mail is never shown."))
    show_in_reports = forms.BooleanField(
        label=_("Show my display name in reports and leader lists"), required=False)
    bio = forms.CharField(label=_("About me"), required=False, max_length=2000,
                          widget=forms.Textarea(attrs={"rows": 3}),
                          help_text=_("Seen by orchestrators of roles you hold."))
    weekly_capacity_hours = forms.IntegerField(
        label=_("Hours a week I can give"), min_value=1, max_value=80,
        help_text=_("The burnout guard refuses claims that would take you past this."))
    skills = forms.ModelMultipleChoiceField(
        label=_("Skills"), queryset=Skill.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple)
    regions = forms.ModelMultipleChoiceField(
        label=_("Regions where I can work"), queryset=Region.objects.all(), required=False,
        help_text=_("Hold Ctrl (or Cmd) to choose several."))
