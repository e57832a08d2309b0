"""Writes of the chunked path: a long video transcoded in chunks by many Celery
workers at once, then joined into its ladder.

``services.transcode_video`` checks and probes every upload; a source longer than
TRANSCODE_CHUNK_THRESHOLD_S comes here (``start_chunks``): its sound is encoded once
and stored in pieces, one VideoChunk row is written per chunk, and a Celery chord
is queued: one ``transcode_chunk_task`` per chunk on the media queue, then
``join_chunks_task``, which writes the playlists and marks the asset ready.
Progress is the share of chunks done. ``media.chunking`` has the commands and the
reasons for the choices.

Each chunk reads only its stretch of the source: from the local file, from a signed
URL of the bucket in byte ranges, or else from one copy per machine. A chunk is
idempotent: its segment names are fixed by its place on the grid and a new attempt
replaces them; a chunk already done is not done again; a chunk of a run that was
replaced does nothing.

Encrypted delivery (issue 16) happens in the chunk, not at the join: each chunk
encrypts its segments before storing them (``media.encryption``: the key of the
window its place on the grid falls in, the IV its number), so no segment is stored
in the clear or rewritten; the join writes each segment's key line into the
playlists and records the key windows. Keys reach a login through the playback.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from media import encryption, ffmpeg, storage
from media.chunking import (
    FILE_INPUT,
    URL_INPUT,
    Chunk,
    audio_bitrates,
    chunk_command,
    covers,
    first_packet_command,
    first_packet_time,
    piece_name,
    plan_chunks,
    sound_command,
    sound_name,
    split_command,
    variant_playlist_text,
)
from media.ladder import (
    MASTER,
    MAX_FRAME_RATE,
    PLAYLIST,
    POSTER,
    SEGMENTS,
    Variant,
    choose_ladder,
    master_order,
    master_playlist_text,
    measure_bandwidth,
)
from media.models import VideoAsset, VideoChunk
from media.pipeline import Ladder, VideoRejected

logger = logging.getLogger(__name__)

PARTS = "parts/"
SOURCE_URL_SECONDS = 6 * 3600


def threshold_seconds() -> float:
    """Sources longer than this are transcoded in chunks."""
    return getattr(settings, "TRANSCODE_CHUNK_THRESHOLD_S", 180)


def chunk_seconds() -> int:
    return getattr(settings, "TRANSCODE_CHUNK_S", 60)


def stall_seconds() -> float:
    return getattr(settings, "MEDIA_FFMPEG_STALL_SECONDS", 300)


def is_long(probe: ffmpeg.Probe) -> bool:
    duration = probe.duration or 0
    return (
        duration > threshold_seconds()
        and len(plan_chunks(duration, chunk_seconds())) > 1
    )


def start_chunks(
    *, asset_id: int, source: Path, probe: ffmpeg.Probe, scratch: Path, prefix: str
) -> int:
    """Encode the sound once into one piece per chunk and store the pieces, record
    the chunks and queue their chord once committed; returns how many chunks."""
    chunks = plan_chunks(probe.duration, chunk_seconds())
    rungs = choose_ladder(probe)
    if probe.has_audio:
        pieces = scratch / "pieces"
        pieces.mkdir()
        binary = ffmpeg.ffmpeg_binary()
        command = sound_command(
            binary=binary,
            source_path=str(source),
            source=probe,
            rungs=rungs,
            out=scratch,
        )
        _run(command, source.name)
        for kbps in audio_bitrates(rungs):
            whole = scratch / sound_name(kbps)
            report = subprocess.run(
                first_packet_command(binary, whole),
                capture_output=True,
                check=True,
                timeout=60,
                text=True,
            ).stdout
            first = first_packet_time(report)
            _run(
                split_command(
                    binary=binary,
                    whole=whole,
                    kbps=kbps,
                    chunks=chunks,
                    first=first,
                    out=pieces,
                ),
                whole.name,
            )
        storage.upload_tree(default_storage, pieces, prefix + PARTS)
    _record_chunks(asset_id, prefix, chunks, probe)
    return len(chunks)


def _run(command: list[str], name: str) -> None:
    try:
        ffmpeg.run(command, stall_seconds=stall_seconds())
    except ffmpeg.FFmpegError as error:
        detail = str(error).replace(name, "…")[:200]
        raise VideoRejected(
            _("ffmpeg could not convert this video: %(detail)s") % {"detail": detail}
        ) from None
    except ffmpeg.FFmpegStalled:
        raise VideoRejected(
            _(
                "ffmpeg stopped making progress on this file and was stopped. The "
                "file may be damaged: export it again and upload the new file."
            )
        ) from None


@transaction.atomic
def _record_chunks(
    asset_id: int, prefix: str, chunks: list[Chunk], probe: ffmpeg.Probe
) -> None:
    VideoChunk.objects.filter(asset_id=asset_id).delete()  # an earlier run's
    VideoChunk.objects.bulk_create(
        VideoChunk(
            asset_id=asset_id,
            prefix=prefix,
            index=chunk.index,
            start=chunk.start,
            end=chunk.end,
        )
        for chunk in chunks
    )
    VideoAsset.objects.filter(pk=asset_id).update(progress=0, updated_at=timezone.now())
    data = dataclasses.asdict(probe)
    transaction.on_commit(lambda: _enqueue(asset_id, prefix, data, len(chunks)))


def _enqueue(asset_id: int, prefix: str, probe: dict, count: int) -> None:
    from celery import chord

    from media.tasks import join_chunks_task, transcode_chunk_task

    header = [
        transcode_chunk_task.si(asset_id=asset_id, prefix=prefix, index=i, probe=probe)
        for i in range(count)
    ]
    try:
        chord(header)(
            join_chunks_task.si(asset_id=asset_id, prefix=prefix, probe=probe)
        )
    except Exception:  # the broker is down: say so; staff can try again
        logger.exception("could not queue the chunks of video asset %s", asset_id)
        fail_chunked_asset(
            asset_id=asset_id,
            reason=_(
                "The parts of this video could not be handed to the workers (the "
                "queue did not answer). Try again later."
            ),
        )


def fail_chunked_asset(*, asset_id: int, reason: str) -> None:
    """Fail the asset with the reason in words (a chunk failed for good)."""
    from media.services import fail_video_asset

    fail_video_asset(asset_id=asset_id, reason=reason)


@transaction.atomic
def _start_chunk(asset_id: int, prefix: str, index: int) -> VideoChunk | None:
    """The chunk's row, its attempt counted; None when the run is over (replaced,
    deleted, failed). A chunk already done comes back as it is."""
    from media.services import max_attempts

    row = (
        VideoChunk.objects.select_for_update()
        .of_run(asset_id, prefix)
        .filter(index=index)
        .first()
    )
    status = (
        VideoAsset.objects.filter(pk=asset_id).values_list("status", flat=True).first()
    )
    if row is None or status != VideoAsset.Status.PROCESSING:
        return None
    if row.status != VideoChunk.Status.PENDING:
        return row
    row.attempts += 1
    row.save(update_fields=["attempts"])
    if row.attempts > max_attempts():
        _fail_chunk(
            row,
            _(
                "it was started %(count)d times without finishing (the worker "
                "stopped or the storage failed each time)"
            )
            % {"count": row.attempts - 1},
        )
    return row


def _part(row: VideoChunk) -> str:
    count = VideoChunk.objects.of_run(row.asset_id, row.prefix).count()
    stretch = Chunk(row.index, row.start, row.end).describe()
    return _("Part %(number)d of %(count)d (%(stretch)s)") % {
        "number": row.index + 1,
        "count": count,
        "stretch": stretch,
    }


@transaction.atomic
def _fail_chunk(row: VideoChunk, reason: str) -> None:
    VideoChunk.objects.filter(pk=row.pk).update(status=VideoChunk.Status.FAILED)
    row.status = VideoChunk.Status.FAILED
    fail_chunked_asset(
        asset_id=row.asset_id,
        reason=_("%(part)s could not be converted: %(reason)s")
        % {"part": _part(row), "reason": reason},
    )
    prefix = row.prefix
    transaction.on_commit(lambda: storage.delete_tree(default_storage, prefix))


def fail_chunk_for_good(
    *, asset_id: int, prefix: str, index: int, error: Exception
) -> None:
    """The last retry of a storage or disk fault failed: the chunk and its asset
    fail, with the reason."""
    row = VideoChunk.objects.of_run(asset_id, prefix).filter(index=index).first()
    if row is None or row.status != VideoChunk.Status.PENDING:
        return
    _fail_chunk(
        row,
        _(
            "the server could not read or store the files after several tries "
            "(%(error)s). Try again later."
        )
        % {"error": str(error)[:200]},
    )


def transcode_chunk(
    *, asset_id: int, prefix: str, index: int, probe: dict
) -> VideoChunk | None:
    """Transcode one chunk into its part of every rendition, store its segments and
    record them; the asset's progress becomes the share of chunks done.

    A bad stretch fails the chunk and the asset with the reason; an OSError
    (storage, disk, a killed ffmpeg) is left to the task's retries.
    """
    row = _start_chunk(asset_id, prefix, index)
    if row is None or row.status != VideoChunk.Status.PENDING:
        return row
    source = ffmpeg.Probe(**probe)
    chunk = Chunk(row.index, row.start, row.end)
    rungs = choose_ladder(source)
    found = (
        VideoAsset.objects.filter(pk=asset_id)
        .values_list("original", "delivery_secret")
        .first()
    )
    if found is None:
        return None  # deleted meanwhile
    original, secret = found[0], bytes(found[1])
    try:
        with tempfile.TemporaryDirectory(
            prefix=f"jiangxin-video-{asset_id}-{os.getpid()}-"
        ) as scratch:
            scratch = Path(scratch)
            pieces = {}
            if source.has_audio:
                for kbps in audio_bitrates(rungs):
                    (scratch / f"piece-{kbps}").mkdir()
                    pieces[kbps] = storage.download(
                        default_storage,
                        f"{prefix}{PARTS}{piece_name(kbps, index)}",
                        scratch / f"piece-{kbps}",
                    )
            for seek in (True, False):
                shutil.rmtree(scratch / "out", ignore_errors=True)
                command = chunk_command(
                    binary=ffmpeg.ffmpeg_binary(),
                    source_input=_source_input(original, source),
                    source=source,
                    rungs=rungs,
                    chunk=chunk,
                    pieces=pieces,
                    workdir=scratch / "out",
                    seek=seek,
                )
                _run(command, Path(original).name)
                if _covers(scratch / "out", rungs, chunk, source):
                    break
                logger.warning(
                    "chunk %s of video asset %s: the seek missed its first keyframe; "
                    "reading from the start",
                    index,
                    asset_id,
                )
            segments = _store_parts(
                scratch / "out", prefix, rungs, chunk, source, secret=secret
            )
            has_poster = (scratch / "out" / POSTER).exists()
            if has_poster:
                storage.save_replacing(
                    default_storage, prefix + POSTER, scratch / "out" / POSTER
                )
    except VideoRejected as rejected:
        _fail_chunk(row, rejected.reason)
        return row
    except OSError:
        raise
    except Exception:
        logger.exception(
            "chunk %s of video asset %s failed unexpectedly", index, asset_id
        )
        _fail_chunk(
            row,
            _(
                "processing stopped because of an error in the platform; it has been "
                "logged for the administrators. Try again later."
            ),
        )
        raise
    return _finish_chunk(row, segments, has_poster)


def _covers(out: Path, rungs, chunk: Chunk, source: ffmpeg.Probe) -> bool:
    from media.ladder import read_segments

    first_video = next(rung for rung in rungs if not rung.is_audio_only)
    playlist = out / first_video.name / PLAYLIST
    if not playlist.exists():
        return False
    seconds = [s for _, s in read_segments(playlist.read_text())]
    rate = min(source.frame_rate or MAX_FRAME_RATE, MAX_FRAME_RATE)
    return covers(chunk, source.duration, seconds, rate)


def _source_input(name: str, source: ffmpeg.Probe) -> list[str]:
    location, remote = storage.readable_location(
        default_storage, name, seconds=SOURCE_URL_SECONDS
    )
    if remote:
        demuxer = source.format_name.split(",")[0]
        return [*URL_INPUT, "-f", demuxer, "-i", location]
    if not location:
        cache = Path(tempfile.gettempdir()) / "jiangxin-sources"
        location = str(storage.cached_copy(default_storage, name, cache))
    return [*FILE_INPUT, "-i", location]


def _store_parts(
    out: Path, prefix: str, rungs, chunk: Chunk, source: ffmpeg.Probe, *, secret: bytes
) -> dict[str, list]:
    """Encrypt the chunk's segments and store them under the ladder's prefix, at the
    names its place on the grid gives them; returns [file, seconds, bytes] per
    rendition."""
    from media.ladder import read_segments

    slots = chunk.segment_slots(source.duration)
    allowed = {SEGMENTS % (chunk.first_segment + n) for n in range(slots)}
    written = {}
    for rung in rungs:
        playlist = out / rung.name / PLAYLIST
        if not playlist.exists():
            continue
        segments = read_segments(playlist.read_text())
        if not segments or {uri for uri, _ in segments} - allowed:
            raise RuntimeError(
                f"chunk {chunk.index} wrote segments {[u for u, _ in segments]} "
                f"for {rung.name}, outside its {slots} places"
            )
        written[rung.name] = []
        for uri, seconds in segments:
            path = out / rung.name / uri
            encryption.encrypt_segment(
                path, secret=secret, prefix=prefix, size=encryption.window_segments()
            )
            storage.save_replacing(default_storage, f"{prefix}{rung.name}/{uri}", path)
            written[rung.name].append([uri, seconds, path.stat().st_size])
    if not written:
        raise VideoRejected(_("this stretch of the video has no frames."))
    return written


@transaction.atomic
def _finish_chunk(row: VideoChunk, segments: dict, has_poster: bool) -> VideoChunk:
    asset = VideoAsset.objects.select_for_update().filter(pk=row.asset_id).first()
    updated = VideoChunk.objects.filter(pk=row.pk, status=VideoChunk.Status.PENDING)
    if asset is None or not updated.update(
        status=VideoChunk.Status.DONE,
        segments=segments,
        has_poster=has_poster,
        finished_at=timezone.now(),
    ):
        return row
    run = VideoChunk.objects.of_run(row.asset_id, row.prefix)
    done, total = run.done().count(), run.count()
    if asset.status == VideoAsset.Status.PROCESSING:
        # 100 once the join has stored the playlists.
        asset.progress = min(99, done * 100 // total)
        asset.save(update_fields=["progress", "updated_at"])
    row.refresh_from_db()
    return row


def join_chunks(*, asset_id: int, prefix: str, probe: dict) -> VideoAsset | None:
    """Join the chunks' segments into the ladder's playlists and master playlist,
    store them beside the segments (which stay as the chunks wrote them), and mark
    the asset ready. Does nothing for a run that failed or was replaced."""
    from media.services import _finish

    asset = VideoAsset.objects.filter(pk=asset_id).first()
    rows = list(VideoChunk.objects.of_run(asset_id, prefix).order_by("index"))
    if asset is None or asset.status != VideoAsset.Status.PROCESSING or not rows:
        return asset
    if any(row.status != VideoChunk.Status.DONE for row in rows):
        return asset  # a failed chunk has failed the asset already
    rungs = [
        r for r in choose_ladder(ffmpeg.Probe(**probe)) if r.name in rows[0].segments
    ]
    variants = {}
    with tempfile.TemporaryDirectory(prefix=f"jiangxin-join-{asset_id}-") as scratch:
        for rung in rungs:
            segments = [s for row in rows for s in row.segments.get(rung.name, [])]
            text = encryption.keyed_playlist_text(
                variant_playlist_text(
                    [(uri, seconds) for uri, seconds, _ in segments],
                    video=not rung.is_audio_only,
                ),
                size=encryption.window_segments(),
            )
            local = Path(scratch) / f"{rung.name}.m3u8"
            local.write_text(text, encoding="utf-8")
            storage.save_replacing(
                default_storage, f"{prefix}{rung.name}/{PLAYLIST}", local
            )
            bandwidth, average = measure_bandwidth(
                [(size, seconds) for _, seconds, size in segments]
            )
            variants[rung.name] = Variant(
                name=rung.name,
                uri=f"{rung.name}/{PLAYLIST}",
                bandwidth=bandwidth,
                average_bandwidth=average,
                codecs=rung.codecs,
                width=rung.width,
                height=rung.height,
            )
        ordered = [variants[name] for name in master_order(list(variants))]
        master = Path(scratch) / MASTER
        master.write_text(master_playlist_text(ordered), encoding="utf-8")
        storage.save_replacing(default_storage, prefix + MASTER, master)
    first_video = next(r for r in rungs if not r.is_audio_only)
    timeline = [
        (uri, seconds)
        for row in rows
        for uri, seconds, _ in row.segments[first_video.name]
    ]
    duration = round(sum(seconds for _, seconds in timeline), 3)
    poster = POSTER if any(row.has_poster for row in rows) else None
    _finish(
        asset_id,
        prefix,
        Ladder(Path(prefix), ordered, duration, poster),
        key_windows=encryption.windows_of(timeline, size=encryption.window_segments()),
    )
    storage.delete_tree(default_storage, prefix + PARTS)
    asset.refresh_from_db()
    return asset
