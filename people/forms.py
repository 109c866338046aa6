from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from people.mail import language_chosen
from people.models import (
    BIO_MAX,
    CAPACITY_MAX_HOURS,
    CAPACITY_MIN_HOURS,
    DISPLAY_NAME_MAX,
    Skill,
    VolunteerProfile,
)

# Regions are initiatives' reference data; people reaches them through its own relation,
# so it imports no feature app.
Region = VolunteerProfile.regions.field.related_model


class ProfileForm(forms.Form):
    display_name = forms.CharField(
        label=_("Display name"), max_length=DISPLAY_NAME_MAX, required=False,
        help_text=_("The only thing others see about you. Your e-mail is never shown."))
    show_in_reports = forms.BooleanField(
        label=_("Show my display name in reports and leader lists"), required=False)
    wants_messages = forms.BooleanField(
        label=_("E-mails from orchestrators and celebrations"), required=False,
        help_text=_("Security e-mails, seat offers and your own reminders are always sent."))
    language = forms.ChoiceField(
        label=_("Language of e-mails"), required=False,
        choices=[("", _("The site's default (English)")), *settings.LANGUAGES],
        help_text=_("Seat offers, reminders and celebrations are written in this language. "
                    "Changing the language of the site changes it too."))
    bio = forms.CharField(label=_("About me"), required=False, max_length=BIO_MAX,
                          widget=forms.Textarea(attrs={"rows": 3}),
                          help_text=_("Seen by orchestrators of roles you hold."))
    weekly_capacity_hours = forms.IntegerField(
        label=_("Hours a week I can give"), min_value=CAPACITY_MIN_HOURS,
        max_value=CAPACITY_MAX_HOURS,
        help_text=_("The burnout guard refuses claims that would take you past this."))
    skills = forms.ModelMultipleChoiceField(
        label=_("Skills"), queryset=Skill.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple)
    regions = forms.ModelMultipleChoiceField(
        label=_("Regions where I can work"), queryset=Region.objects.all(), required=False,
        help_text=_("Hold Ctrl (or Cmd) to choose several."))


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account is deleted for good and cannot be restored."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password. Please try again."))
        return password


class SignupForm(forms.Form):
    """allauth's sign-up form asks for this as well (ACCOUNT_SIGNUP_FORM_CLASS)."""

    display_name = forms.CharField(
        label=_("Display name"), max_length=DISPLAY_NAME_MAX,
        help_text=_("The only thing others see about you. Your e-mail is never shown."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
        error_messages={"required": _("Enter the name others will see.")})

    def signup(self, request, user) -> None:
        user.display_name = self.cleaned_data["display_name"]
        # E-mails follow the language the person signed up in (people.mail).
        user.language = language_chosen(translation.get_language())
        user.save(update_fields=["display_name", "language"])
