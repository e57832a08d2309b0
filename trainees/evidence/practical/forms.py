"""The trainee's hand-in form: a text, photos (several at once) and one video, sent
with the form or ahead of it in resumable chunks (then the form carries their ids)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from trainees.evidence.practical.uploads import PHOTO_UPLOAD, VIDEO_UPLOAD


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


class UploadIdsField(forms.Field):
    """The ids of files sent ahead in resumable chunks (media/uploader.js)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        ids = value if isinstance(value, list | tuple) else [value] if value else []
        return [forms.UUIDField().clean(item) for item in ids if item]


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
        widget=MultipleFileInput(
            attrs={
                "accept": "image/*",
                "data-resumable": PHOTO_UPLOAD,
                "data-upload-field": "photo_uploads",
            }
        ),
    )
    video = forms.FileField(
        label=_("A short video (optional)"),
        required=False,
        widget=forms.ClearableFileInput(
            attrs={
                "accept": "video/*",
                "data-resumable": VIDEO_UPLOAD,
                "data-upload-field": "video_upload",
            }
        ),
    )
    photo_uploads = UploadIdsField(required=False)
    video_upload = UploadIdsField(required=False)
