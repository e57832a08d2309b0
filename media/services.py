"""Writes of the media app: uploading a video, transcoding it into an HLS ladder,
asking for another try, failing jobs that stopped, deleting an asset."""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from lms.models import Institution, User
from media import chunked, encryption, ffmpeg, pipeline, resumable, storage
from media.models import VideoAsset, VideoRendition

logger = logging.getLogger(__name__)

PROGRESS_WRITE_SECONDS = 1.0
VIDEO_UPLOAD = "video"  # the resumable upload of the admin's video form


def max_upload_bytes() -> int:
    return getattr(settings, "MEDIA_MAX_UPLOAD_BYTES", 2 * 1024**3)


def max_attempts() -> int:
    """Runs allowed per upload: bounds retries and redeliveries after a crash."""
    return getattr(settings, "MEDIA_MAX_ATTEMPTS", 6)


def validate_upload_size(file: File) -> None:
    """Refuse an empty file or one over MEDIA_MAX_UPLOAD_BYTES, with the sizes."""
    if file.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if file.size > max_upload_bytes():
        raise ValidationError(
            _(
                "The file is %(size)s; videos may be at most %(limit)s. Shorten the "
                "video or export it at a lower quality, then upload it again."
            )
            % {
                "size": filesizeformat(file.size),
                "limit": filesizeformat(max_upload_bytes()),
            },
            code="too_large",
        )


def probe_upload(file: File) -> ffmpeg.Probe:
    """Read an uploaded file with ffmpeg before anything is stored (``pipeline.check``:
    every packet, ``-xerror``). A text file, an audio file, a truncated or damaged
    clip is refused with the reason, as ValidationError."""
    with tempfile.TemporaryDirectory(prefix="jiangxin-upload-") as scratch:
        if hasattr(file, "temporary_file_path"):
            source = Path(file.temporary_file_path())
        else:
            source = Path(scratch) / "upload"
            with open(source, "wb") as handle:
                file.seek(0)
                for chunk in file.chunks():
                    handle.write(chunk)
        file.seek(0)
        try:
            return pipeline.check(source)
        except pipeline.VideoRejected as rejected:
            raise ValidationError(rejected.reason, code="not_a_video") from None


def validate_upload(file: File) -> ffmpeg.Probe:
    """What an uploaded video must be: not empty, not too large, and a video ffmpeg
    reads to its end. Returns its probe."""
    validate_upload_size(file)
    try:
        return probe_upload(file)
    except ValidationError as error:
        raise ValidationError({"original": error}) from None


def check_uploaded_video(path: Path, filename: str) -> None:
    """The check of a complete resumable upload: a video ffmpeg reads to its end."""
    try:
        pipeline.check(path)
    except pipeline.VideoRejected as rejected:
        raise ValidationError(rejected.reason, code="not_a_video") from None


def _enqueue(asset_id: int) -> None:
    from media.tasks import transcode_video_task

    try:
        transcode_video_task.delay(asset_id)
    except Exception:  # the broker is down: the asset waits, staff can try again
        logger.exception("could not queue the transcode of video asset %s", asset_id)


@transaction.atomic
def create_video_asset(
    *,
    title: str,
    file: File,
    institution: Institution | None,
    uploaded_by: User | None,
) -> VideoAsset:
    """Store an uploaded video (视频素材) and queue its transcode once committed."""
    validate_upload(file)
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Give the video a title.")})
    asset = VideoAsset(title=title, institution=institution, uploaded_by=uploaded_by)
    asset.original.save(Path(file.name).name, file, save=False)
    asset.save()
    log(instance=asset, action="wagtail.create", user=uploaded_by)
    transaction.on_commit(lambda: _enqueue(asset.pk))
    return asset


@transaction.atomic
def create_video_asset_from_upload(
    *,
    title: str,
    upload_id: str,
    institution: Institution | None,
    uploaded_by: User,
) -> VideoAsset:
    """Make a video (视频素材) of a complete resumable upload, already checked by
    ffmpeg when it completed, and queue its transcode once committed. A file sent
    to the bucket stays where it is; a local one is moved into storage."""
    upload = resumable.take_upload(
        user=uploaded_by, upload_id=upload_id, purpose=VIDEO_UPLOAD
    )
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Give the video a title.")})
    asset = VideoAsset(title=title, institution=institution, uploaded_by=uploaded_by)
    if upload.key:
        asset.original.name = upload.key
    else:
        with open(resumable.partial_path(upload), "rb") as handle:
            asset.original.save(upload.filename, File(handle), save=False)
    asset.save()
    resumable.mark_used(upload=upload, keep_stored=True)
    log(instance=asset, action="wagtail.create", user=uploaded_by)
    transaction.on_commit(lambda: _enqueue(asset.pk))
    return asset


@transaction.atomic
def request_transcode(*, asset: VideoAsset, user: User | None) -> VideoAsset:
    """Staff ask for another try (after a failure, or to redo a ladder)."""
    VideoAsset.objects.filter(pk=asset.pk).update(
        status=VideoAsset.Status.UPLOADED,
        failure_reason="",
        progress=0,
        attempts=0,
        updated_at=timezone.now(),
    )
    asset.refresh_from_db()
    log(instance=asset, action="media.transcode", user=user)
    transaction.on_commit(lambda: _enqueue(asset.pk))
    return asset


def fail_video_asset(*, asset_id: int, reason: str) -> None:
    """Record that processing failed, with the reason in words."""
    VideoAsset.objects.filter(pk=asset_id).update(
        status=VideoAsset.Status.FAILED,
        failure_reason=reason,
        updated_at=timezone.now(),
    )


@transaction.atomic
def _start(asset_id: int) -> VideoAsset | None:
    asset = VideoAsset.objects.select_for_update().filter(pk=asset_id).first()
    if asset is None:
        return None  # deleted while it waited in the queue
    asset.attempts += 1
    if asset.attempts > max_attempts():
        asset.status = VideoAsset.Status.FAILED
        asset.failure_reason = _(
            "Processing was started %(count)d times without finishing (the worker "
            "stopped or the storage failed each time). Try again later, or upload a "
            "shorter video."
        ) % {"count": asset.attempts - 1}
    else:
        asset.status = VideoAsset.Status.PROCESSING
        asset.failure_reason = ""
        asset.progress = 0
    asset.save(
        update_fields=["attempts", "status", "failure_reason", "progress", "updated_at"]
    )
    return asset


def progress_writer(asset_id: int, *, field: str = "progress"):
    """A callback taking the share done (0.0–1.0) that writes it as a percentage
    into the asset's ``field`` (at most every PROGRESS_WRITE_SECONDS): the
    transcode's ``progress``, or ``encryption_progress`` of a conversion."""
    last = {"at": 0.0, "percent": 0}

    def write(done: float) -> None:
        percent = min(99, int(done * 100))  # 100 once the ladder is stored
        now = time.monotonic()
        if percent > last["percent"] and now - last["at"] >= PROGRESS_WRITE_SECONDS:
            VideoAsset.objects.filter(pk=asset_id).update(
                **{field: percent}, updated_at=timezone.now()
            )
            last.update(at=now, percent=percent)

    return write


def transcode_video(*, asset_id: int) -> VideoAsset | None:
    """Turn an uploaded video into its HLS ladder, poster and duration.

    A source longer than TRANSCODE_CHUNK_THRESHOLD_S is handed to ``media.chunked``
    (its chunks are queued; the asset stays processing until they are joined).
    Idempotent: a new ladder goes under a fresh prefix, replaces the renditions in
    one transaction, then the previous files are deleted. A bad file ends failed
    with a reason; an OSError (storage, disk) puts it back in the queue's hands.
    """
    asset = _start(asset_id)
    if asset is None or asset.status == VideoAsset.Status.FAILED:
        return asset
    root = f"videos/hls/{asset.pk}/"
    prefix = f"{root}{uuid.uuid4().hex[:12]}/"
    secret = delivery_secret(asset.pk)
    _delete_other_ladders(root, keep=asset.hls_prefix)
    _delete_dead_scratch(asset.pk)
    try:
        with tempfile.TemporaryDirectory(
            prefix=f"jiangxin-video-{asset.pk}-{os.getpid()}-"
        ) as scratch:
            scratch = Path(scratch)
            source = storage.download(default_storage, asset.original.name, scratch)
            probe = pipeline.check(source)
            VideoAsset.objects.filter(pk=asset.pk).update(
                width=probe.width,
                height=probe.height,
                has_audio=probe.has_audio,
                duration=probe.duration,
                updated_at=timezone.now(),
            )
            if chunked.is_long(probe):  # in chunks, by many workers at once
                chunked.start_chunks(
                    asset_id=asset.pk,
                    source=source,
                    probe=probe,
                    scratch=scratch,
                    prefix=prefix,
                )
                asset.refresh_from_db()
                return asset
            ladder = pipeline.transcode(
                source,
                probe,
                scratch / "ladder",
                on_progress=progress_writer(asset.pk),
                stall_seconds=getattr(settings, "MEDIA_FFMPEG_STALL_SECONDS", 300),
            )
            windows = encryption.encrypt_ladder(
                ladder.directory,
                [variant.name for variant in ladder.variants],
                secret=secret,
                prefix=prefix,
                timeline=next(v.name for v in ladder.variants if v.height),
            )
            storage.upload_tree(default_storage, ladder.directory, prefix)
        _finish(asset.pk, prefix, ladder, key_windows=windows)
    except VideoAsset.DoesNotExist:  # deleted while it was being transcoded
        storage.delete_tree(default_storage, prefix)
        return None
    except pipeline.VideoRejected as rejected:
        storage.delete_tree(default_storage, prefix)
        fail_video_asset(asset_id=asset.pk, reason=rejected.reason)
    except OSError:
        storage.delete_tree(default_storage, prefix)
        VideoAsset.objects.filter(pk=asset.pk).update(
            status=VideoAsset.Status.UPLOADED, updated_at=timezone.now()
        )
        raise
    except Exception:
        logger.exception("transcoding video asset %s failed unexpectedly", asset.pk)
        storage.delete_tree(default_storage, prefix)
        fail_video_asset(
            asset_id=asset.pk,
            reason=_(
                "Processing stopped because of an error in the platform; it has been "
                "logged for the administrators. Try again later."
            ),
        )
        raise
    asset.refresh_from_db()
    return asset


def delivery_secret(asset_id: int) -> bytes:
    """The asset's key secret (``media.encryption``), made on its first use."""
    with transaction.atomic():
        asset = VideoAsset.objects.select_for_update().only("delivery_secret")
        asset = asset.get(pk=asset_id)
        if not asset.delivery_secret:
            asset.delivery_secret = encryption.new_secret()
            asset.save(update_fields=["delivery_secret"])
    return bytes(asset.delivery_secret)


@transaction.atomic
def _finish(
    asset_id: int, prefix: str, ladder: pipeline.Ladder, *, key_windows: list
) -> None:
    asset = VideoAsset.objects.select_for_update().get(pk=asset_id)
    previous = asset.hls_prefix
    asset.renditions.all().delete()
    VideoRendition.objects.bulk_create(
        VideoRendition(
            asset=asset,
            name=variant.name,
            width=variant.width,
            height=variant.height,
            bandwidth=variant.bandwidth,
            average_bandwidth=variant.average_bandwidth,
            codecs=variant.codecs,
            playlist=prefix + variant.uri,
            position=position,
        )
        for position, variant in enumerate(ladder.variants)
    )
    asset.hls_prefix = prefix
    asset.key_windows = key_windows
    asset.encryption_progress = None
    asset.poster = prefix + ladder.poster if ladder.poster else None
    asset.duration = ladder.duration
    asset.status = VideoAsset.Status.READY
    asset.failure_reason = ""
    asset.progress = 100
    asset.processed_at = timezone.now()
    asset.save()
    if previous and previous != prefix:
        transaction.on_commit(lambda: storage.delete_tree(default_storage, previous))


def _delete_other_ladders(root: str, *, keep: str) -> None:
    """Leftovers of runs that died before finishing: no file is ever orphaned."""
    for folder in storage.subfolders(default_storage, root):
        if f"{root}{folder}/" != keep:
            storage.delete_tree(default_storage, f"{root}{folder}/")


def _process_is_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _delete_dead_scratch(asset_id: int) -> None:
    """Working folders of this asset's runs whose worker was killed mid-job (the
    folder names the worker's process; a live one's folder is left alone)."""
    for folder in Path(tempfile.gettempdir()).glob(f"jiangxin-video-{asset_id}-*"):
        pid = folder.name.split("-")[3]
        if pid.isdigit() and not _process_is_alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def fail_stuck_assets(*, older_than: timedelta) -> int:
    """Fail every asset that has shown no sign of progress while processing for
    longer than ``older_than`` (its worker died or hung); returns how many."""
    minutes = max(1, round(older_than.total_seconds() / 60))
    return (
        VideoAsset.objects.processing()
        .filter(updated_at__lt=timezone.now() - older_than)
        .update(
            status=VideoAsset.Status.FAILED,
            failure_reason=_(
                "Processing stopped without finishing: no progress for %(minutes)d "
                "minutes. Try again; if it fails again, upload the file anew."
            )
            % {"minutes": minutes},
            updated_at=timezone.now(),
        )
    )


@transaction.atomic
def delete_video_asset(*, asset: VideoAsset, user: User | None) -> None:
    """Delete an asset and, once that is committed, its original and its ladder."""
    original, root = asset.original.name, f"videos/hls/{asset.pk}/"
    log(instance=asset, action="wagtail.delete", user=user)
    asset.delete()

    def remove_files() -> None:
        if original:
            default_storage.delete(original)
        storage.delete_tree(default_storage, root)

    transaction.on_commit(remove_files)
