"""The HLS ladder (码率阶梯): which renditions a source gets, and the one ffmpeg
command that decodes the source once and encodes every rendition from a ``split``.

Trainees are often on slow rural networks, so the ladder always reaches down to
360p or lower and carries an audio-only rendition when there is sound. Nothing is
upscaled. Keyframes fall on the same timestamps in every rendition (a keyframe
every segment, no scene-cut keyframes), so players can switch at any segment.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path

import ffmpeg

from media.ffmpeg import Probe

SEGMENT_SECONDS = 4
MAX_FRAME_RATE = 30
PRESET = "veryfast"
AUDIO_CODEC = "mp4a.40.2"  # AAC-LC
AUDIO_ONLY = "audio"
PLAYLIST = "index.m3u8"
SEGMENTS = "seg_%05d.ts"
MASTER = "master.m3u8"
POSTER = "poster.jpg"
POSTER_SHORT_SIDE = 720


# (level, level_idc, max macroblocks per frame, max macroblocks per second)
H264_LEVELS = [
    ("3.0", 30, 1620, 40500),
    ("3.1", 31, 3600, 108000),
    ("3.2", 32, 5120, 216000),
    ("4.0", 40, 8192, 245760),
    ("4.2", 42, 8704, 522240),
    ("5.1", 51, 36864, 983040),
]


@dataclass(frozen=True)
class Rung:
    """One rendition to encode: its name, its size (None for audio only) and rates."""

    name: str
    width: int | None
    height: int | None
    video_kbps: int
    audio_kbps: int

    @property
    def is_audio_only(self) -> bool:
        return self.height is None

    @property
    def level(self) -> tuple[str, int]:
        """The lowest H.264 level that holds the frame size at 30 fps (name, idc)."""
        macroblocks = math.ceil(self.width / 16) * math.ceil(self.height / 16)
        for name, idc, max_frame, max_rate in H264_LEVELS:
            if macroblocks <= max_frame and macroblocks * MAX_FRAME_RATE <= max_rate:
                return name, idc
        return H264_LEVELS[-1][:2]

    @property
    def codecs(self) -> str:
        if self.is_audio_only:
            return AUDIO_CODEC
        # Main profile (0x4d, constraint_set1 as x264 writes it) at the rung's level.
        video = f"avc1.4d40{self.level[1]:02x}"
        return f"{video},{AUDIO_CODEC}" if self.audio_kbps else video


# (name, short side, video kbit/s, audio kbit/s), largest first.
VIDEO_RUNGS = [
    ("1080p", 1080, 5000, 128),
    ("720p", 720, 2800, 128),
    ("480p", 480, 1400, 96),
    ("360p", 360, 800, 96),
    ("240p", 240, 400, 64),
]
AUDIO_KBPS = 64


def _even(value: float) -> int:
    return max(2, int(round(value / 2)) * 2)


def choose_ladder(source: Probe) -> list[Rung]:
    """The renditions for this source: every standard rung not above its short
    side (portrait videos keep their orientation), plus audio only if it has sound.
    A source smaller than 240p keeps its own size as its single rung."""
    short, long = sorted((source.width, source.height))
    portrait = source.height > source.width
    rungs = []
    fitting = [r for r in VIDEO_RUNGS if r[1] <= short] or [
        (VIDEO_RUNGS[-1][0], short, *VIDEO_RUNGS[-1][2:])
    ]
    for name, side, video_kbps, audio_kbps in fitting:
        side = _even(side)
        other = _even(long * side / short)
        width, height = (side, other) if portrait else (other, side)
        audio = audio_kbps if source.has_audio else 0
        rungs.append(Rung(name, width, height, video_kbps, audio))
    if source.has_audio:
        rungs.append(Rung(AUDIO_ONLY, None, None, 0, AUDIO_KBPS))
    return rungs


def _hls_options(workdir: Path, rung: Rung) -> dict:
    return {
        "f": "hls",
        "hls_time": SEGMENT_SECONDS,
        "hls_playlist_type": "vod",
        "hls_flags": "independent_segments",
        "hls_segment_filename": str(workdir / rung.name / SEGMENTS),
    }


def _video_options(rung: Rung, frame_rate: float) -> dict:
    gop = max(1, round(frame_rate * SEGMENT_SECONDS))
    kbps = rung.video_kbps
    return {
        "c:v": "libx264",
        "preset": PRESET,
        "profile:v": "main",
        "level:v": rung.level[0],
        "b:v": f"{kbps}k",
        "maxrate": f"{round(kbps * 1.07)}k",
        "bufsize": f"{round(kbps * 1.5)}k",
        "g": gop,
        "keyint_min": gop,
        "sc_threshold": 0,
        "force_key_frames": f"expr:gte(t,n_forced*{SEGMENT_SECONDS})",
    }


def _audio_options(rung: Rung) -> dict:
    return {"c:a": "aac", "b:a": f"{rung.audio_kbps}k", "ac": 2}


def poster_rung(rungs: list[Rung]) -> Rung:
    """The poster's size: the largest rendition of at most 720 lines."""
    video = [rung for rung in rungs if not rung.is_audio_only]
    return next(r for r in video if min(r.width, r.height) <= POSTER_SHORT_SIDE)


def poster_time(duration: float | None) -> float:
    """A second in, past the black first frame of most recordings; 0 when short."""
    return 1.0 if duration and duration >= 2 else 0.0


def ladder_command(
    *, binary: str, source_path: str, source: Probe, rungs: list[Rung], workdir: Path
) -> list[str]:
    """One ffmpeg process: decode once, ``split`` to every video rung, encode each
    with its sound into its own HLS playlist, the sound alone into another, and one
    frame into the poster (``trim`` ends that branch, so it costs one frame)."""
    source_input = ffmpeg.input(source_path, protocol_whitelist="file,pipe")
    video = source_input[str(source.video_index)]
    frame_rate = min(source.frame_rate or MAX_FRAME_RATE, MAX_FRAME_RATE)
    if source.frame_rate and source.frame_rate > MAX_FRAME_RATE + 0.5:
        video = video.filter("fps", MAX_FRAME_RATE)
    video_rungs = [rung for rung in rungs if not rung.is_audio_only]
    branches = video.filter_multi_output("split", len(video_rungs) + 1)
    still = poster_rung(rungs)
    poster = (
        branches.stream(len(video_rungs))
        .filter("select", f"gte(t,{poster_time(source.duration)})")
        .filter("trim", end_frame=1)
        .filter("scale", still.width, still.height)
        .filter("setsar", 1)
    )
    outputs = []
    for number, rung in enumerate(video_rungs):
        (workdir / rung.name).mkdir(parents=True, exist_ok=True)
        scaled = (
            branches.stream(number)
            .filter("scale", rung.width, rung.height)
            .filter("setsar", 1)
            .filter("format", "yuv420p")
        )
        streams = [scaled]
        options = {**_video_options(rung, frame_rate), **_hls_options(workdir, rung)}
        if source.has_audio:
            streams.append(source_input[str(source.audio_index)])
            options.update(_audio_options(rung))
        outputs.append(
            ffmpeg.output(*streams, str(workdir / rung.name / PLAYLIST), **options)
        )
    for rung in rungs:
        if rung.is_audio_only:
            (workdir / rung.name).mkdir(parents=True, exist_ok=True)
            outputs.append(
                ffmpeg.output(
                    source_input[str(source.audio_index)],
                    str(workdir / rung.name / PLAYLIST),
                    **_audio_options(rung),
                    **_hls_options(workdir, rung),
                )
            )
    outputs.append(
        ffmpeg.output(
            poster, str(workdir / POSTER), **{"frames:v": 1, "q:v": 4, "update": 1}
        )
    )
    command = ffmpeg.merge_outputs(*outputs).global_args(
        "-hide_banner", "-nostdin", "-v", "error", "-xerror"
    )
    command = command.global_args("-progress", "pipe:1", "-nostats")
    return command.compile(cmd=binary, overwrite_output=True)


EXTINF = re.compile(r"#EXTINF:([\d.]+)", re.ASCII)


def read_segments(playlist_text: str) -> list[tuple[str, float]]:
    """The (segment URI, duration) pairs of a variant playlist, in order."""
    segments = []
    duration = None
    for line in playlist_text.splitlines():
        line = line.strip()
        if match := EXTINF.match(line):
            duration = float(match.group(1))
        elif line and not line.startswith("#") and duration is not None:
            segments.append((line, duration))
            duration = None
    return segments


def measure_bandwidth(segments: list[tuple[int, float]]) -> tuple[int, int]:
    """(peak, average) bit rate from (bytes, seconds) per segment. The peak leaves
    out a short last segment, whose few bytes would otherwise look like a burst."""
    total_bytes = sum(size for size, _ in segments)
    total_seconds = sum(seconds for _, seconds in segments) or 1.0
    average = round(total_bytes * 8 / total_seconds)
    full = [
        size * 8 / seconds
        for size, seconds in segments
        if seconds >= min(1.0, total_seconds)
    ]
    return max([round(rate) for rate in full] + [average]), average


@dataclass(frozen=True)
class Variant:
    """A finished rendition as the master playlist lists it."""

    name: str
    uri: str
    bandwidth: int
    average_bandwidth: int
    codecs: str
    width: int | None = None
    height: int | None = None


def master_playlist_text(variants: list[Variant]) -> str:
    lines = ["#EXTM3U", "#EXT-X-VERSION:3", "#EXT-X-INDEPENDENT-SEGMENTS"]
    for variant in variants:
        attributes = [
            f"BANDWIDTH={variant.bandwidth}",
            f"AVERAGE-BANDWIDTH={variant.average_bandwidth}",
            f'CODECS="{variant.codecs}"',
        ]
        if variant.height:
            attributes.append(f"RESOLUTION={variant.width}x{variant.height}")
        lines += [f"#EXT-X-STREAM-INF:{','.join(attributes)}", variant.uri]
    return "\n".join(lines) + "\n"


def master_order(names: list[str]) -> list[str]:
    """Players start with the first variant: the lowest video rendition, so a slow
    network shows a picture at once and climbs from there, never the reverse; the
    others follow from low to high, audio only last."""
    video = sorted((n for n in names if n != AUDIO_ONLY), key=lambda n: int(n[:-1]))
    return video + [n for n in names if n == AUDIO_ONLY]
