"""The trainee's hand-in form: a text, photos (several at once) and one video."""

from django import forms
from django.utils.translation import gettext_lazy as _


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input; each is checked by the service, by content."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(f, initial) for f in files if f]


class SubmissionForm(forms.Form):
    text = forms.CharField(
        label=_("Describe your work"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    photos = MultipleFileField(
        label=_("Photos"),
        required=False,
        help_text=_("JPEG, PNG or WebP; you can choose several."),
    )
    video = forms.FileField(
        label=_("A short video (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "video/*"}),
    )
