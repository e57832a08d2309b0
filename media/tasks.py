"""Background work of the media app, on its own queue ("media"). Each task wraps one
service."""

from datetime import timedelta

from celery import Task, shared_task
from django.conf import settings
from django.utils.translation import gettext as _

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


@shared_task(
    base=TranscodeTask,
    queue="media",
    # A worker killed mid-job leaves the message unacknowledged: it is redelivered.
    acks_late=True,
    reject_on_worker_lost=True,
    # Storage and disk faults pass; a bad file fails at once inside the service.
    autoretry_for=(OSError,),
    retry_backoff=30,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=4,
)
def transcode_video_task(asset_id: int) -> str:
    asset = transcode_video(asset_id=asset_id)
    return asset.status if asset else "deleted"


@shared_task
def fail_stuck_assets_task() -> int:
    """Periodic (Celery beat): fail videos whose processing shows no progress."""
    minutes = getattr(settings, "MEDIA_STUCK_AFTER_MINUTES", 60)
    return fail_stuck_assets(older_than=timedelta(minutes=minutes))
