"""Video assets: upload, probe, transcode, renditions, storage and signed playback."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lms.scoping import ScopedQuerySet


class VideoAssetQuerySet(ScopedQuerySet):
    region_lookup = "institution__region__code"
    institution_lookup = "institution_id"

    def ready(self) -> VideoAssetQuerySet:
        return self.filter(status=VideoAsset.Status.READY)

    def processing(self) -> VideoAssetQuerySet:
        return self.filter(status=VideoAsset.Status.PROCESSING)


class VideoAsset(models.Model):
    """A video (视频素材) uploaded by staff, transcoded into an HLS ladder for lessons.

    Its state moves uploaded → processing → ready, or failed with a reason in words.
    """

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Uploaded, waiting to be processed")
        PROCESSING = "processing", _("Processing")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    title = models.CharField(_("title"), max_length=200)
    original = models.FileField(
        _("original file"), upload_to="videos/originals/%Y/%m/", max_length=255
    )
    institution = models.ForeignKey(
        "lms.Institution",
        verbose_name=_("institution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="video_assets",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.UPLOADED
    )
    failure_reason = models.TextField(_("reason for failure"), blank=True)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    attempts = models.PositiveSmallIntegerField(
        _("transcoding attempts"),
        default=0,
        editable=False,
        help_text=_("Runs started since the last upload or request to try again."),
    )
    duration = models.FloatField(_("duration (seconds)"), null=True, blank=True)
    width = models.PositiveIntegerField(_("width"), null=True, blank=True)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True)
    has_audio = models.BooleanField(_("has sound"), null=True, blank=True)
    poster = models.FileField(
        _("poster image"), max_length=255, null=True, blank=True, editable=False
    )
    hls_prefix = models.CharField(
        _("storage prefix of the HLS ladder"), max_length=255, blank=True
    )
    delivery_secret = models.BinaryField(
        _("key secret"),
        null=True,
        editable=False,
        help_text=_(
            "The keys of the encrypted ladder derive from it; kept here only, never "
            "beside the segments."
        ),
    )
    key_windows = models.JSONField(
        _("key windows"),
        default=list,
        blank=True,
        editable=False,
        help_text=_(
            "The [start, end] seconds of each key window of the encrypted ladder; "
            "empty for a ladder in the old, unencrypted format."
        ),
    )
    encryption_progress = models.PositiveSmallIntegerField(
        _("conversion to encrypted delivery (%)"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Set while the ladder is being converted; empty otherwise."),
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last activity"), auto_now=True)
    processed_at = models.DateTimeField(_("processed at"), null=True, blank=True)

    objects = VideoAssetQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("video")
        verbose_name_plural = _("videos")
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="video_asset_progress_at_most_100"
            ),
            models.CheckConstraint(
                condition=~Q(status="failed") | ~Q(failure_reason=""),
                name="video_asset_failure_has_reason",
                violation_error_message=_("A failed video needs a reason."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY

    @property
    def is_encrypted(self) -> bool:
        """Delivered with a key per window (issue 16), so watch time can be checked
        against the keys each playback session fetched."""
        return bool(self.key_windows)

    @property
    def master_playlist_path(self) -> str:
        return f"{self.hls_prefix}master.m3u8" if self.hls_prefix else ""


class VideoRendition(models.Model):
    """One rung of an asset's HLS ladder (码率档): a variant playlist, its segments."""

    asset = models.ForeignKey(
        VideoAsset,
        verbose_name=_("video"),
        on_delete=models.CASCADE,
        related_name="renditions",
    )
    name = models.CharField(_("name"), max_length=8)
    width = models.PositiveIntegerField(_("width"), null=True, blank=True)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True)
    bandwidth = models.PositiveIntegerField(
        _("peak bandwidth (bit/s)"),
        help_text=_("The highest bit rate of any full segment, as HLS requires."),
    )
    average_bandwidth = models.PositiveIntegerField(_("average bandwidth (bit/s)"))
    codecs = models.CharField(_("codecs"), max_length=64)
    playlist = models.CharField(_("variant playlist path"), max_length=255)
    position = models.PositiveSmallIntegerField(_("position in the master playlist"))

    class Meta:
        ordering = ["asset", "position"]
        verbose_name = _("rendition")
        verbose_name_plural = _("renditions")
        constraints = [
            models.UniqueConstraint(
                fields=["asset", "name"], name="video_rendition_unique_name"
            )
        ]

    def __str__(self) -> str:
        return f"{self.asset} · {self.name}"

    @property
    def is_audio_only(self) -> bool:
        return self.height is None

    @property
    def resolution(self) -> str:
        return f"{self.width}x{self.height}" if self.height else ""


class VideoChunkQuerySet(models.QuerySet):
    def of_run(self, asset_id: int, prefix: str) -> VideoChunkQuerySet:
        """The chunks of one transcode run (its ladder prefix) of an asset."""
        return self.filter(asset_id=asset_id, prefix=prefix)

    def done(self) -> VideoChunkQuerySet:
        return self.filter(status=VideoChunk.Status.DONE)


class VideoChunk(models.Model):
    """One stretch of a long video (视频分段) that one worker transcodes into its
    part of every rendition; the run's last task joins the parts into the ladder.

    ``segments`` holds, per rendition, the [file, seconds, bytes] of each segment
    this chunk wrote, in order.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting or running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    asset = models.ForeignKey(
        VideoAsset,
        verbose_name=_("video"),
        on_delete=models.CASCADE,
        related_name="chunks",
    )
    prefix = models.CharField(_("storage prefix of the run"), max_length=255)
    index = models.PositiveIntegerField(_("number"))
    start = models.FloatField(_("start (seconds)"))
    end = models.FloatField(
        _("end (seconds)"), null=True, blank=True, help_text=_("Empty: to the end.")
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    segments = models.JSONField(_("segments written"), default=dict, blank=True)
    has_poster = models.BooleanField(_("wrote the poster"), default=False)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = VideoChunkQuerySet.as_manager()

    class Meta:
        ordering = ["asset", "index"]
        verbose_name = _("video chunk")
        verbose_name_plural = _("video chunks")
        constraints = [
            models.UniqueConstraint(
                fields=["asset", "index"], name="video_chunk_unique_index"
            )
        ]

    def __str__(self) -> str:
        return f"{self.asset} · {self.index + 1}"


class UploadQuerySet(models.QuerySet):
    def of(self, user) -> UploadQuerySet:
        """A user's own uploads: an upload id is worth nothing to anyone else."""
        return self.filter(owner=user) if user.is_authenticated else self.none()


class Upload(models.Model):
    """A file on its way to the platform (续传上传), sent in chunks that survive a
    dropped connection: to a partial file on the server, or as the parts of an S3
    multipart upload straight to the bucket. Used once, by the form it was sent for.
    """

    class Status(models.TextChoices):
        RECEIVING = "receiving", _("Receiving")
        COMPLETE = "complete", _("Complete")
        USED = "used", _("Used")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    purpose = models.CharField(_("purpose"), max_length=32)
    filename = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    received = models.PositiveBigIntegerField(_("bytes received"), default=0)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.RECEIVING
    )
    key = models.CharField(
        _("storage key"),
        max_length=255,
        blank=True,
        help_text=_("Where the parts go in the bucket; empty for a local upload."),
    )
    multipart_id = models.CharField(
        _("S3 multipart upload id"), max_length=1024, blank=True
    )
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last chunk at"), auto_now=True)

    objects = UploadQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("upload")
        verbose_name_plural = _("uploads")
        constraints = [
            models.CheckConstraint(
                condition=Q(received__lte=models.F("size")),
                name="upload_received_at_most_size",
            )
        ]

    def __str__(self) -> str:
        return self.filename

    @property
    def is_multipart(self) -> bool:
        return bool(self.multipart_id)
