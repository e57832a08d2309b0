"""Converting a ladder in the old, unencrypted format into encrypted delivery
(issue 16) without encoding it again: its segments are copied, encrypted
(``media.encryption``) and stored under a new prefix, then the asset switches to
it in one transaction. The video keeps playing in the old format until then.

Idempotent and safe to run again: an encrypted asset is left alone, and a run that
finds the ladder replaced meanwhile (a new transcode) throws its own copy away.
"""

from __future__ import annotations

import logging
import tempfile
import uuid
from pathlib import Path

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from wagtail.log_actions import log

from lms.models import User
from media import encryption, storage
from media.models import VideoAsset

logger = logging.getLogger(__name__)


def needs_encryption(asset: VideoAsset) -> bool:
    return asset.is_ready and not asset.is_encrypted and bool(asset.hls_prefix)


def _enqueue(asset_id: int) -> None:
    from media.tasks import encrypt_ladder_task

    try:
        encrypt_ladder_task.delay(asset_id)
    except Exception:  # the broker is down: staff can ask again
        logger.exception("could not queue the conversion of video asset %s", asset_id)


@transaction.atomic
def request_encryption(*, asset: VideoAsset, user: User | None) -> bool:
    """Queue the conversion of a ready video in the old format; False when it has
    nothing to convert. Shows as progress 0 % until a worker takes it."""
    asset = VideoAsset.objects.select_for_update().get(pk=asset.pk)
    if not needs_encryption(asset):
        return False
    asset.encryption_progress = 0
    asset.save(update_fields=["encryption_progress", "updated_at"])
    log(instance=asset, action="media.encrypt", user=user)
    transaction.on_commit(lambda: _enqueue(asset.pk))
    return True


def request_encryption_of_all(
    *, user: User | None, assets: QuerySet[VideoAsset] | None = None
) -> int:
    """Queue the conversion of every ready video (of ``assets``, else all) still
    in the old format and not queued yet; returns how many."""
    assets = VideoAsset.objects.all() if assets is None else assets
    waiting = assets.ready().filter(key_windows=[], encryption_progress__isnull=True)
    return sum(
        request_encryption(asset=asset, user=user)
        for asset in waiting.exclude(hls_prefix="")
    )


def encrypt_existing_ladder(*, asset_id: int) -> VideoAsset | None:
    """Convert one asset's ladder to encrypted delivery (the task's body)."""
    from media.services import delivery_secret, progress_writer

    asset = VideoAsset.objects.filter(pk=asset_id).first()
    if asset is None:
        return None
    if not needs_encryption(asset):
        VideoAsset.objects.filter(pk=asset_id).update(encryption_progress=None)
        return asset
    VideoAsset.objects.filter(pk=asset_id).update(
        encryption_progress=0, updated_at=timezone.now()
    )
    secret = delivery_secret(asset_id)
    old = asset.hls_prefix
    new = f"videos/hls/{asset.pk}/{uuid.uuid4().hex[:12]}/"
    renditions = list(asset.renditions.all())
    names = [r.name for r in renditions]
    timeline = next(r.name for r in renditions if r.height)
    try:
        with tempfile.TemporaryDirectory(prefix=f"jiangxin-keys-{asset_id}-") as work:
            folder = Path(work)
            storage.download_tree(default_storage, old, folder)
            windows = encryption.encrypt_ladder(
                folder,
                names,
                secret=secret,
                prefix=new,
                timeline=timeline,
                on_progress=progress_writer(asset_id, field="encryption_progress"),
            )
            storage.upload_tree(default_storage, folder, new)
        if not _switch(asset_id, old, new, windows):
            storage.delete_tree(default_storage, new)
    except Exception:
        storage.delete_tree(default_storage, new)
        VideoAsset.objects.filter(pk=asset_id).update(encryption_progress=None)
        raise
    asset.refresh_from_db()
    return asset


@transaction.atomic
def _switch(asset_id: int, old: str, new: str, windows: list) -> bool:
    """Point the asset and its renditions at the encrypted copy, unless its ladder
    changed meanwhile; the old files go once this is committed."""
    asset = VideoAsset.objects.select_for_update().filter(pk=asset_id).first()
    if asset is None or asset.hls_prefix != old or asset.is_encrypted:
        return False
    for rendition in asset.renditions.all():
        rendition.playlist = new + rendition.playlist.removeprefix(old)
        rendition.save(update_fields=["playlist"])
    if asset.poster:
        asset.poster = new + asset.poster.name.removeprefix(old)
    asset.hls_prefix = new
    asset.key_windows = windows
    asset.encryption_progress = None
    asset.save()
    transaction.on_commit(lambda: storage.delete_tree(default_storage, old))
    return True
