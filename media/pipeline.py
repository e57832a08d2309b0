"""The transcoding steps on local files: check, probe, the one-process ladder, the
poster and the playlists. No database here; ``media.services`` keeps the state.

A bad input raises VideoRejected with a reason a person understands; a fault of the
machine (disk, signal) raises OSError, which is worth another try.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from media import ffmpeg
from media.ladder import (
    MASTER,
    PLAYLIST,
    POSTER,
    Rung,
    Variant,
    choose_ladder,
    ladder_command,
    master_order,
    master_playlist_text,
    measure_bandwidth,
    poster_rung,
    read_segments,
)

logger = logging.getLogger(__name__)


class VideoRejected(Exception):
    """The file cannot become a playable video; ``reason`` says why, in words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Ladder:
    """A finished ladder in a local folder: variants in master order, and facts."""

    directory: Path
    variants: list[Variant]
    duration: float
    poster: str | None


DAMAGED = (
    "partial file",
    "corrupt input packet",
    "moov atom not found",
    "error reading header",
    "Invalid NAL",
    "Error while decoding",
    "Invalid data found when processing input",
    "End of file",
)


def _damaged() -> str:
    return _(
        "The file is damaged or incomplete; perhaps the upload or the copy was cut "
        "short. Export or copy the video again and upload the new file."
    )


def _not_a_video() -> str:
    return _(
        "This file is not a video that can be read. Upload a video file such as "
        "MP4, MOV or MKV."
    )


def _explain(error: ffmpeg.FFmpegError, source: Path) -> str:
    if any(marker in error.log for marker in DAMAGED):
        return _damaged()
    detail = str(error).replace(str(source), source.name)[:200]
    return _("ffmpeg could not convert this video: %(detail)s") % {"detail": detail}


MP4_BOXES = {b"ftyp", b"moov", b"mdat", b"free", b"skip", b"wide"}


def _starts_like_mp4(source: Path) -> bool:
    with open(source, "rb") as handle:
        return handle.read(8)[4:8] in MP4_BOXES


def check(source: Path) -> ffmpeg.Probe:
    """Refuse an empty, unreadable, damaged or picture-less file; else its probe.

    The check reads every packet without decoding (``-xerror`` turns damage into
    an error: a truncated MP4 otherwise converts "successfully" into a shorter
    video); the ladder itself runs with ``-xerror`` too and catches bad frames.
    """
    if os.path.getsize(source) == 0:
        raise VideoRejected(_("The file is empty. Upload the video again."))
    try:
        probe = ffmpeg.probe(str(source))
    except ffmpeg.FFmpegError:
        # An MP4 that lost its end still starts like one; anything else is no video.
        if _starts_like_mp4(source):
            raise VideoRejected(_damaged()) from None
        raise VideoRejected(_not_a_video()) from None
    if not probe.is_video_container:
        raise VideoRejected(_not_a_video())
    if not probe.has_video:
        if probe.has_audio:
            raise VideoRejected(
                _("The file has sound but no picture. Upload a video, not audio.")
            )
        raise VideoRejected(_not_a_video())
    if probe.width < 2 or probe.height < 2:
        raise VideoRejected(_not_a_video())
    command = [ffmpeg.ffmpeg_binary(), "-hide_banner", "-nostdin", "-v", "error"]
    command += ["-xerror", *ffmpeg.LOCAL_ONLY, "-i", str(source)]
    command += ["-map", "0", "-c", "copy"]
    command += ["-f", "null", "-", "-progress", "pipe:1", "-nostats"]
    try:
        ffmpeg.run(command)
    except ffmpeg.FFmpegError:
        raise VideoRejected(_damaged()) from None
    return probe


def transcode(
    source: Path,
    probe: ffmpeg.Probe,
    workdir: Path,
    *,
    on_progress: Callable[[float], None] | None = None,
    stall_seconds: float = 300,
) -> Ladder:
    """Encode the ladder and the poster into ``workdir`` (one ffmpeg process), then
    write the master playlist."""
    rungs = choose_ladder(probe)
    command = ladder_command(
        binary=ffmpeg.ffmpeg_binary(),
        source_path=str(source),
        source=probe,
        rungs=rungs,
        workdir=workdir,
    )
    try:
        ffmpeg.run(
            command,
            duration=probe.duration,
            on_progress=on_progress,
            stall_seconds=stall_seconds,
        )
    except ffmpeg.FFmpegError as error:
        raise VideoRejected(_explain(error, source)) from None
    except ffmpeg.FFmpegStalled:
        raise VideoRejected(
            _(
                "ffmpeg stopped making progress on this file and was stopped. The "
                "file may be damaged: export it again and upload the new file."
            )
        ) from None
    variants = {rung.name: _variant(workdir, rung) for rung in rungs}
    ordered = [variants[name] for name in master_order(list(variants))]
    (workdir / MASTER).write_text(master_playlist_text(ordered), encoding="utf-8")
    first_video = next(r for r in rungs if not r.is_audio_only)
    segments = read_segments((workdir / first_video.name / PLAYLIST).read_text())
    duration = round(sum(seconds for _, seconds in segments), 3)
    if not segments or duration <= 0:
        raise VideoRejected(_("The video has no frames that could be played."))
    poster = _poster(source, workdir, rungs, duration)
    return Ladder(workdir, ordered, duration, poster)


def _variant(workdir: Path, rung: Rung) -> Variant:
    playlist = workdir / rung.name / PLAYLIST
    if not playlist.exists():
        raise VideoRejected(_("The video has no frames that could be played."))
    segments = read_segments(playlist.read_text())
    sizes = [
        ((workdir / rung.name / uri).stat().st_size, seconds)
        for uri, seconds in segments
    ]
    bandwidth, average = measure_bandwidth(sizes)
    return Variant(
        name=rung.name,
        uri=f"{rung.name}/{PLAYLIST}",
        bandwidth=bandwidth,
        average_bandwidth=average,
        codecs=rung.codecs,
        width=rung.width,
        height=rung.height,
    )


def _poster(source: Path, workdir: Path, rungs: list[Rung], duration: float):
    """The still the ladder's process took; if it has none (a video shorter than
    the moment chosen), one from the very start. A missing poster fails nothing."""
    target = workdir / POSTER
    if target.exists() and target.stat().st_size > 0:
        return POSTER
    rung = poster_rung(rungs)
    command = [ffmpeg.ffmpeg_binary(), "-hide_banner", "-nostdin", "-v", "error"]
    command += [*ffmpeg.LOCAL_ONLY, "-i", str(source), "-frames:v", "1"]
    command += ["-vf", f"scale={rung.width}:{rung.height},setsar=1"]
    command += ["-q:v", "4", "-update", "1", "-y", str(target), "-progress", "pipe:1"]
    try:
        ffmpeg.run(command, stall_seconds=60)
    except (ffmpeg.FFmpegError, ffmpeg.FFmpegStalled) as error:
        logger.warning("no poster for %s: %s", source, error)
        return None
    return POSTER if target.exists() and target.stat().st_size > 0 else None
