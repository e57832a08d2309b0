"""ffmpeg and ffprobe: where the binaries are, what a file holds, and running a job.

The binaries come from PATH when the machine has them, else from the imageio-ffmpeg
package, which ships a static ffmpeg (without ffprobe: files are then probed from
``ffmpeg -i``'s report), so one ``pip install`` is enough to transcode.
"""

from __future__ import annotations

import ctypes
import errno
import functools
import json
import os
import re
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass


class FFmpegError(Exception):
    """ffmpeg refused or could not read the input; ``log`` holds its error lines."""

    def __init__(self, log: str) -> None:
        super().__init__(last_line(log))
        self.log = log


class FFmpegStalled(Exception):
    """ffmpeg stopped reporting progress and was stopped."""


class FFmpegInterrupted(OSError):
    """ffmpeg was killed by a signal or ran out of disk: worth another try."""


@functools.cache
def ffmpeg_binary() -> str:
    found = shutil.which("ffmpeg")
    if found:
        return found
    try:
        import imageio_ffmpeg
    except ImportError:
        raise FileNotFoundError(
            errno.ENOENT, "ffmpeg is not installed (neither on PATH nor imageio-ffmpeg)"
        ) from None
    return imageio_ffmpeg.get_ffmpeg_exe()


@functools.cache
def ffprobe_binary() -> str | None:
    return shutil.which("ffprobe")


def last_line(log: str) -> str:
    lines = [line.strip() for line in log.strip().splitlines() if line.strip()]
    return lines[-1] if lines else ""


# Demuxers of recorded video (phones, cameras, screen recorders, editors).
VIDEO_CONTAINERS = {
    "mov", "mp4", "3gp", "3g2", "matroska", "webm", "avi", "flv", "mpegts",
    "mpeg", "asf", "ogg", "dv", "mxf",
}  # fmt: skip
# Inputs may only be local files: nothing in them can make ffmpeg fetch a URL.
LOCAL_ONLY = ["-protocol_whitelist", "file,pipe"]


@dataclass(frozen=True)
class Probe:
    """What a media file holds. Width and height are as displayed: rotation and
    non-square pixels already applied."""

    duration: float | None
    video_index: int | None
    audio_index: int | None
    format_name: str = ""
    width: int = 0
    height: int = 0
    frame_rate: float | None = None
    # Where the container's timeline begins (MPEG-TS often starts at 1.4 s).
    start_time: float = 0.0

    @property
    def is_video_container(self) -> bool:
        """A container of recorded video, not a playlist, list of files, image
        sequence or text that ffmpeg could also read (and follow elsewhere)."""
        return bool(set(self.format_name.split(",")) & VIDEO_CONTAINERS)

    @property
    def has_video(self) -> bool:
        return self.video_index is not None

    @property
    def has_audio(self) -> bool:
        return self.audio_index is not None


def _display_size(width: int, height: int, sar: str | None, rotation: float) -> tuple:
    if sar and re.fullmatch(r"\d+:\d+", sar, re.ASCII) and not sar.startswith("0"):
        num, den = (int(part) for part in sar.split(":"))
        if den and num != den:
            width = round(width * num / den)
    if round(abs(rotation)) % 180 == 90:
        width, height = height, width
    return width, height


def _rate(text: str | None) -> float | None:
    if not text or text in ("0/0", "N/A"):
        return None
    num, _, den = text.partition("/")
    try:
        value = float(num) / float(den or 1)
    except (ValueError, ZeroDivisionError):
        return None
    return value or None


def probe(path: str) -> Probe:
    """Probe a local file with ffprobe, or with ffmpeg alone when there is none."""
    if ffprobe_binary() is None:
        return probe_with_ffmpeg(path)
    result = subprocess.run(
        [ffprobe_binary(), "-v", "error", "-print_format", "json", *LOCAL_ONLY]
        + ["-show_format", "-show_streams", path],
        capture_output=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )
    if result.returncode != 0:
        raise FFmpegError(result.stderr.decode(errors="replace"))
    data = json.loads(result.stdout or b"{}")
    video = audio = None
    for stream in data.get("streams", []):
        cover = stream.get("disposition", {}).get("attached_pic")
        if stream.get("codec_type") == "video" and video is None and not cover:
            video = stream
        elif stream.get("codec_type") == "audio" and audio is None:
            audio = stream
    duration = data.get("format", {}).get("duration")
    start_time = _float(data.get("format", {}).get("start_time")) or 0.0
    format_name = data.get("format", {}).get("format_name", "")
    if video is None:
        return Probe(
            duration=_float(duration),
            video_index=None,
            audio_index=audio["index"] if audio else None,
            format_name=format_name,
        )
    rotation = 0.0
    for side_data in video.get("side_data_list", []):
        rotation = float(side_data.get("rotation", rotation))
    rotation = float(video.get("tags", {}).get("rotate", rotation))
    width, height = _display_size(
        int(video.get("width", 0)),
        int(video.get("height", 0)),
        video.get("sample_aspect_ratio"),
        rotation,
    )
    return Probe(
        duration=_float(duration) or _float(video.get("duration")),
        video_index=video["index"],
        audio_index=audio["index"] if audio else None,
        format_name=format_name,
        width=width,
        height=height,
        frame_rate=_rate(video.get("avg_frame_rate"))
        or _rate(video.get("r_frame_rate")),
        start_time=start_time,
    )


def _float(value) -> float | None:
    try:
        return float(value) if value not in (None, "N/A") else None
    except ValueError:
        return None


INPUT = re.compile(r"Input #0, ([\w,]+), from ")
STREAM = re.compile(
    r"Stream #0:(\d+)(?:\[\w+\])?(?:\([^)]*\))?: (Video|Audio): (.*)", re.ASCII
)
DURATION = re.compile(r"Duration: (\d+):(\d\d):(\d\d(?:\.\d+)?)", re.ASCII)
START = re.compile(r", start: (-?\d+(?:\.\d+)?)", re.ASCII)
SIZE = re.compile(r", (\d{2,5})x(\d{2,5})(?: \[SAR (\d+:\d+) DAR \d+:\d+\])?", re.ASCII)
FPS = re.compile(r", ([\d.]+)(k?) fps", re.ASCII)
ROTATION = re.compile(r"rotation of (-?[\d.]+) degrees|rotate\s*: (-?[\d.]+)", re.ASCII)


def probe_with_ffmpeg(path: str) -> Probe:
    """Read ``ffmpeg -i``'s report: the probe for machines without ffprobe."""
    result = subprocess.run(
        [ffmpeg_binary(), "-hide_banner", "-nostdin", *LOCAL_ONLY, "-i", path],
        capture_output=True,
        timeout=120,
    )
    report = result.stderr.decode(errors="replace")
    container = INPUT.search(report)
    if container is None:
        raise FFmpegError(report)
    duration = None
    if match := DURATION.search(report):
        hours, minutes, seconds = match.groups()
        duration = int(hours) * 3600 + int(minutes) * 60 + float(seconds)
    start = START.search(report)
    video_index = audio_index = None
    width = height = 0
    frame_rate = None
    lines = report.splitlines()
    for number, line in enumerate(lines):
        match = STREAM.search(line)
        if not match:
            continue
        index, kind, details = int(match.group(1)), match.group(2), match.group(3)
        if kind == "Audio" and audio_index is None:
            audio_index = index
        elif kind == "Video" and video_index is None and "attached pic" not in line:
            video_index = index
            size = SIZE.search(details)
            rotation = 0.0
            for following in lines[number + 1 : number + 40]:
                if STREAM.search(following):
                    break
                if found := ROTATION.search(following):
                    rotation = float(found.group(1) or found.group(2))
            if size:
                width, height = _display_size(
                    int(size.group(1)), int(size.group(2)), size.group(3), rotation
                )
            if fps := FPS.search(details):
                frame_rate = float(fps.group(1)) * (1000 if fps.group(2) else 1)
    return Probe(
        duration=duration,
        video_index=video_index,
        audio_index=audio_index,
        format_name=container.group(1),
        width=width,
        height=height,
        frame_rate=frame_rate,
        start_time=float(start.group(1)) if start else 0.0,
    )


def run(
    args: list[str],
    *,
    duration: float | None = None,
    on_progress: Callable[[float], None] | None = None,
    stall_seconds: float = 300,
) -> None:
    """Run an ffmpeg command line that writes ``-progress pipe:1``.

    ``on_progress`` receives the share done (0.0–1.0) as ffmpeg reports it. A job
    that reports nothing for ``stall_seconds`` is killed (FFmpegStalled).
    """
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(
            args,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=errors,
            preexec_fn=_die_with_parent if sys.platform == "linux" else None,
        )
        try:
            _follow_progress(process, duration, on_progress, stall_seconds)
        finally:
            if process.poll() is None:
                process.kill()
            process.wait()
            process.stdout.close()
        errors.seek(0, os.SEEK_END)
        errors.seek(max(0, errors.tell() - 20_000))
        log = errors.read().decode(errors="replace")
    if process.returncode < 0:
        raise FFmpegInterrupted(f"ffmpeg was stopped by signal {-process.returncode}")
    if "No space left on device" in log:
        raise FFmpegInterrupted(errno.ENOSPC, "No space left on device")
    if process.returncode != 0:
        raise FFmpegError(log)


def _die_with_parent() -> None:
    """In the child: when the worker is killed, its ffmpeg is killed too, rather
    than running on beside the redelivered job."""
    PR_SET_PDEATHSIG = 1
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def _follow_progress(process, duration, on_progress, stall_seconds) -> None:
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    pending = b""
    last_report = time.monotonic()
    while True:
        if not selector.select(timeout=1.0):
            if time.monotonic() - last_report > stall_seconds:
                process.kill()
                raise FFmpegStalled(f"no progress for {stall_seconds:.0f} s")
            continue
        chunk = os.read(process.stdout.fileno(), 65536)
        if not chunk:
            return
        last_report = time.monotonic()
        pending += chunk
        *lines, pending = pending.split(b"\n")
        for line in lines:
            key, _, value = line.decode(errors="replace").strip().partition("=")
            if key == "out_time_us" and on_progress and duration:
                try:
                    done = int(value) / 1_000_000 / duration
                except ValueError:
                    continue
                on_progress(min(max(done, 0.0), 1.0))
