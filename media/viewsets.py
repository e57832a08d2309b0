"""The staff's side of videos in the Wagtail admin: upload, watch the state, inspect
the ladder, ask for another try, and choose a ready video for a lesson."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import filesizeformat
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import CreateView, DeleteView, InspectView
from wagtail.admin.views.generic.chooser import (
    ChooseResultsView,
    ChooseView,
    ChosenView,
)
from wagtail.admin.viewsets.chooser import ChooserViewSet

from lms import policy
from lms.admin_display import LocalInspectValuesMixin
from lms.admin_helpers import ServiceErrorsMixin
from lms.models import Institution
from lms.scoping import ScopedModelViewSet, ScopedObjectMixin
from media import conversion, playback, services
from media.models import VideoAsset, VideoChunk
from media.storage import content_type

# Failed, or waiting with no worker having taken it: staff may ask again. A ready
# video stays as it is, so lessons using it never stop playing.
RETRYABLE = (VideoAsset.Status.FAILED, VideoAsset.Status.UPLOADED)


def duration_text(asset: VideoAsset) -> str:
    if asset.duration is None:
        return ""
    minutes, seconds = divmod(round(asset.duration), 60)
    return f"{minutes}:{seconds:02d}"


def chunk_counts(asset: VideoAsset) -> dict | None:
    """Chunks done and in all, while a long video is transcoded in chunks."""
    if asset.status != VideoAsset.Status.PROCESSING:
        return None
    counts = asset.chunks.aggregate(
        total=Count("pk"), done=Count("pk", filter=Q(status=VideoChunk.Status.DONE))
    )
    return counts if counts["total"] else None


def status_text(asset: VideoAsset) -> str:
    if asset.status == VideoAsset.Status.PROCESSING:
        return f"{asset.get_status_display()} · {asset.progress} %"
    if asset.encryption_progress is not None:
        return _("%(status)s · converting to encrypted delivery %(percent)s %%") % {
            "status": asset.get_status_display(),
            "percent": asset.encryption_progress,
        }
    return asset.get_status_display()


def delivery_text(asset: VideoAsset) -> str:
    if not asset.is_ready:
        return ""
    return _("Encrypted") if asset.is_encrypted else _("Old format")


class VideoUploadForm(WagtailAdminModelForm):
    """Institution staff upload for their own institution; others choose one.

    With JavaScript the file goes ahead in resumable chunks (uploader.js) and the
    form carries only its upload id; without it, the file comes with the form."""

    upload = forms.UUIDField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = VideoAsset
        fields = ["title", "original", "institution"]
        widgets = {
            "original": forms.ClearableFileInput(
                attrs={
                    "accept": "video/*",
                    "data-resumable": services.VIDEO_UPLOAD,
                    "data-upload-field": "upload",
                }
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        self.fields["original"].help_text = _(
            "MP4, MOV or another video file of at most %(limit)s. It is converted "
            "for phones and slow networks after the upload."
        ) % {"limit": filesizeformat(services.max_upload_bytes())}
        institution = self.fields["institution"]
        institution.queryset = Institution.objects.in_scope(user)
        own = policy.staff_institution_id(user)
        if own is not None:
            institution.initial = own
        institution.required = not policy.sees_everything(user)
        self.fields["original"].required = not self.data.get("upload")

    def clean_original(self):
        file = self.cleaned_data["original"]
        if file:
            # Size only: the service reads the whole video with ffmpeg once, on save.
            services.validate_upload_size(file)
        return file


class VideoEditForm(WagtailAdminModelForm):
    class Meta:
        model = VideoAsset
        fields = ["title"]


class UploadVideoView(ServiceErrorsMixin, CreateView):
    """Saving the upload form reads the video with ffmpeg, then stores the file and
    queues its transcode; a refused file shows its reason and stores nothing. The
    staff then watch the transcode on the video's page."""

    template_name = "media/admin/upload.html"

    def save_instance(self):
        data = self.form.cleaned_data
        if data.get("upload"):
            return services.create_video_asset_from_upload(
                title=data["title"],
                upload_id=data["upload"],
                institution=data["institution"],
                uploaded_by=self.request.user,
            )
        return services.create_video_asset(
            title=data["title"],
            file=data["original"],
            institution=data["institution"],
            uploaded_by=self.request.user,
        )

    def get_success_url(self):
        return reverse("videos:inspect", args=[self.object.pk])


class DeleteVideoView(ScopedObjectMixin, DeleteView):
    def delete_action(self):
        services.delete_video_asset(asset=self.object, user=self.request.user)


class InspectVideoView(LocalInspectValuesMixin, ScopedObjectMixin, InspectView):
    template_name = "media/admin/inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        asset = self.object
        context.update(
            poster_url=playback.poster_url(asset, request=self.request),
            renditions=asset.renditions.all(),
            working=asset.status
            in (VideoAsset.Status.UPLOADED, VideoAsset.Status.PROCESSING),
            chunks=chunk_counts(asset),
            can_retry=asset.status in RETRYABLE
            and self.request.user.has_perm("media.change_videoasset"),
            can_encrypt=conversion.needs_encryption(asset)
            and self.request.user.has_perm("media.change_videoasset"),
        )
        return context

    def get_field_label(self, field_name, field):
        if field_name == "duration":
            return _("Duration")
        return super().get_field_label(field_name, field)

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        return "—" if value is None or value == "" else value

    def get_status_display_value(self):
        return status_text(self.object)

    def get_duration_display_value(self):
        return duration_text(self.object) or None


def _scoped_asset(request: HttpRequest, pk: int, permission: str) -> VideoAsset:
    if not request.user.has_perm(permission):
        raise PermissionDenied
    return get_object_or_404(VideoAsset.objects.in_scope(request.user), pk=pk)


@never_cache
def transcode_progress(request: HttpRequest, pk: int) -> JsonResponse:
    """The state of a video's processing, polled by its page (video_progress.js)."""
    asset = _scoped_asset(request, pk, "media.view_videoasset")
    chunks = chunk_counts(asset)
    return JsonResponse(
        {
            "status": asset.status,
            "label": status_text(asset),
            "progress": asset.progress,
            "chunks_done": chunks["done"] if chunks else None,
            "chunks_total": chunks["total"] if chunks else None,
            "failure_reason": asset.failure_reason,
            "working": asset.status
            in (VideoAsset.Status.UPLOADED, VideoAsset.Status.PROCESSING),
        }
    )


@require_POST
def transcode_again(request: HttpRequest, pk: int) -> HttpResponse:
    asset = _scoped_asset(request, pk, "media.change_videoasset")
    if asset.status not in RETRYABLE:
        messages.warning(
            request, _("Only a failed or waiting video can be tried again.")
        )
    else:
        services.request_transcode(asset=asset, user=request.user)
        messages.success(request, _("The video will be processed again."))
    return redirect("videos:inspect", pk)


@require_POST
def encrypt_delivery(request: HttpRequest, pk: int) -> HttpResponse:
    """Convert one ready video in the old format to encrypted delivery."""
    asset = _scoped_asset(request, pk, "media.change_videoasset")
    if conversion.request_encryption(asset=asset, user=request.user):
        messages.success(
            request, _("The video will be converted to encrypted delivery.")
        )
    else:
        messages.warning(request, _("This video has nothing to convert."))
    return redirect("videos:inspect", pk)


@never_cache
def preview_playlist(request: HttpRequest, pk: int) -> HttpResponse:
    """The master playlist for staff checking a video before they use it."""
    asset = _scoped_asset(request, pk, "media.view_videoasset")
    if not asset.is_ready:
        raise Http404
    return HttpResponse(
        playback.master_playlist(asset, request=request),
        content_type=content_type("master.m3u8"),
    )


class VideoAssetViewSet(ScopedModelViewSet):
    model = VideoAsset
    icon = "media"
    menu_label = _("Videos")
    menu_order = 260
    add_to_admin_menu = True
    add_view_class = UploadVideoView
    delete_view_class = DeleteVideoView
    inspect_view_class = InspectVideoView
    list_display = [
        "title",
        "institution",
        Column("status", label=_("Status"), accessor=status_text),
        Column("duration", label=_("Duration"), accessor=duration_text),
        Column("delivery", label=_("Delivery"), accessor=delivery_text),
        "failure_reason",
        "created_at",
    ]
    list_filter = ["status", "institution"]
    search_fields = ["title"]
    list_export = [
        "title",
        "institution",
        "status",
        "duration",
        "width",
        "height",
        "failure_reason",
        "created_at",
    ]
    export_filename = "videos"
    inspect_view_enabled = True
    inspect_view_fields = [
        "title",
        "institution",
        "status",
        "failure_reason",
        "duration",
        "width",
        "height",
        "has_audio",
        "uploaded_by",
        "created_at",
        "processed_at",
    ]
    copy_view_enabled = False

    def get_form_class(self, for_update=False):
        return VideoEditForm if for_update else VideoUploadForm

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("transcode/<int:pk>/", transcode_again, name="transcode"),
            path("encrypt/<int:pk>/", encrypt_delivery, name="encrypt"),
            path("preview/<int:pk>/master.m3u8", preview_playlist, name="preview"),
            path("progress/<int:pk>/", transcode_progress, name="progress"),
        ]


class ReadyInScopeMixin:
    """Lessons may only use ready videos of the chooser's own scope."""

    def get_object_list(self):
        return VideoAsset.objects.ready().in_scope(self.request.user)


class VideoChosenView(ChosenView):
    def get_object(self, pk):
        return VideoAsset.objects.in_scope(self.request.user).get(pk=pk)


class VideoChooserViewSet(ChooserViewSet):
    model = VideoAsset
    icon = "media"
    choose_one_text = _("Choose a video")
    choose_another_text = _("Choose another video")
    edit_item_text = _("Edit video")
    choose_view_class = type("VideoChooseView", (ReadyInScopeMixin, ChooseView), {})
    choose_results_view_class = type(
        "VideoChooseResultsView", (ReadyInScopeMixin, ChooseResultsView), {}
    )
    chosen_view_class = VideoChosenView


video_chooser_viewset = VideoChooserViewSet("video_chooser")
VideoAssetChooserWidget = video_chooser_viewset.widget_class
