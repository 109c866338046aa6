"""Forms for the governance pages: they only parse; the services decide."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from crowddo import images
from governance.models import (
    STORY_IMAGE_ALT_MAX,
    STORY_IMAGE_MAX_MB,
    STORY_MOMENT_MAX,
    STORY_TEXT_MAX,
    STORY_TITLE_MAX,
)


class StoryForm(forms.Form):
    subject = forms.ChoiceField(label=_("What is the story about?"))
    moment = forms.CharField(label=_("The moment (for a story about the collective)"),
                             max_length=STORY_MOMENT_MAX, required=False,
                             help_text=_("For example: “500 micro-improvements reached”."))
    title = forms.CharField(label=_("Title"), max_length=STORY_TITLE_MAX)
    text = forms.CharField(label=_("The story, in a few sentences"), max_length=STORY_TEXT_MAX,
                           widget=forms.Textarea(attrs={"rows": 5}))
    image = forms.FileField(label=format_lazy(
                                _("A picture (optional: JPEG, PNG or WebP, at most {mb} MB)"),
                                mb=STORY_IMAGE_MAX_MB),
                            required=False,
                            widget=forms.ClearableFileInput(
                                attrs={"accept": images.ACCEPT}))
    image_alt = forms.CharField(label=_("Describe the picture for people who cannot see it"),
                                max_length=STORY_IMAGE_ALT_MAX, required=False)

    def __init__(self, *args, subjects: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].choices = subjects


class CharterForm(forms.Form):
    purpose = forms.CharField(label=_("Shared purpose"), widget=forms.Textarea(attrs={"rows": 3}))
    theory_of_change = forms.CharField(label=_("Theory of change"), required=False,
                                       widget=forms.Textarea(attrs={"rows": 4}))
    principles = forms.CharField(label=_("Unifying principles (one a line)"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 4}))
    rationale = forms.CharField(label=_("Why the change (goes into the public decision log)"),
                                required=False, widget=forms.Textarea(attrs={"rows": 2}))
