"""Background work of the media app, on its own queue ("media"). Each task wraps one
service."""

from datetime import timedelta

from celery import Task, shared_task
from django.conf import settings
from django.utils.translation import gettext as _

from media.chunked import fail_chunk_for_good, join_chunks, transcode_chunk
from media.conversion import encrypt_existing_ladder
from media.resumable import discard_stale_uploads
from media.services import fail_stuck_assets, fail_video_asset, transcode_video


class TranscodeTask(Task):
    """When the last retry of a storage or disk fault has failed, say so on the
    asset instead of leaving it waiting."""

    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        asset_id = kwargs.get("asset_id", args[0] if args else None)
        if isinstance(exc, OSError) and asset_id is not None:
            fail_video_asset(
                asset_id=asset_id,
                reason=_(
                    "The server could not read or store the files after several "
                    "tries (%(error)s). Try again later."
                )
                % {"error": str(exc)[:200]},
            )


# How every transcoding task runs: on the media queue; a worker killed mid-job
# leaves the message unacknowledged, so it is redelivered; storage and disk faults
# are retried with backoff, while a bad file fails at once inside the service.
MEDIA_TASK_OPTIONS = {
    "queue": "media",
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": (OSError,),
    "retry_backoff": 30,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 4,
}


@shared_task(
    base=TranscodeTask,
    **MEDIA_TASK_OPTIONS,
)
def transcode_video_task(asset_id: int) -> str:
    asset = transcode_video(asset_id=asset_id)
    return asset.status if asset else "deleted"


class ChunkTask(Task):
    """When the last retry of one chunk has failed, that chunk fails its asset,
    with the part and the reason in words."""

    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        if isinstance(exc, OSError) and "asset_id" in kwargs:
            fail_chunk_for_good(
                asset_id=kwargs["asset_id"],
                prefix=kwargs["prefix"],
                index=kwargs["index"],
                error=exc,
            )


@shared_task(
    base=ChunkTask,
    # Each chunk is retried and redelivered on its own, as a whole transcode is.
    **MEDIA_TASK_OPTIONS,
)
def transcode_chunk_task(asset_id: int, prefix: str, index: int, probe: dict) -> str:
    """One chunk of a long video: its part of every rendition (a chord's header)."""
    chunk = transcode_chunk(asset_id=asset_id, prefix=prefix, index=index, probe=probe)
    return chunk.status if chunk else "skipped"


@shared_task(
    base=TranscodeTask,
    **MEDIA_TASK_OPTIONS,
)
def join_chunks_task(asset_id: int, prefix: str, probe: dict) -> str:
    """The chord's body: the chunks joined into the ladder, the asset ready."""
    asset = join_chunks(asset_id=asset_id, prefix=prefix, probe=probe)
    return asset.status if asset else "deleted"


@shared_task(**MEDIA_TASK_OPTIONS)
def encrypt_ladder_task(asset_id: int) -> str:
    """Convert a ladder in the old format to encrypted delivery (issue 16)."""
    asset = encrypt_existing_ladder(asset_id=asset_id)
    return "encrypted" if asset and asset.is_encrypted else "unchanged"


@shared_task
def fail_stuck_assets_task() -> int:
    """Periodic (Celery beat): fail videos whose processing shows no progress."""
    minutes = getattr(settings, "MEDIA_STUCK_AFTER_MINUTES", 60)
    return fail_stuck_assets(older_than=timedelta(minutes=minutes))


@shared_task
def discard_stale_uploads_task() -> int:
    """Periodic (Celery beat): free the space of resumable uploads left unfinished
    or unused (a closed tab, a form never sent)."""
    hours = getattr(settings, "RESUMABLE_UPLOAD_KEEP_HOURS", 48)
    return discard_stale_uploads(older_than=timedelta(hours=hours))
