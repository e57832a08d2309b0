"""The chunked path for long videos (长视频分段转码): where the chunks fall, the
ffmpeg commands that encode the sound and each chunk, and the joined playlists.
No database here; ``media.chunked`` keeps the state and runs the commands.

Chunks start and end on the ladder's 4-second segment grid, so every chunk writes
whole segments of every rendition and its keyframes fall where the one-process
path puts them. A chunk decodes only its stretch of the source (seeking to the
keyframe before it, ``trim`` cutting it to the frame) and keeps the source's own
timestamps (``-copyts``), shifted by one constant for every chunk, so the joined
stream runs on without a gap or an overlap at a boundary.

Sound is encoded once for the whole source, before the chunks, at each bit rate
the ladder uses, and cut into one piece per chunk at AAC frame boundaries (the
``segment`` muxer puts each frame in the piece whose stretch holds its start).
Each chunk then copies its piece beside its video. The other way, encoding each
chunk's sound on its own, gives every chunk its own encoder priming (1024 silent
samples) and padding: the boundaries would carry a gap or a click unless each
chunk encoded an overlap and trimmed it to the exact sample, which AAC's 1024-
sample frames cannot do on a 4-second grid at 44.1 kHz. One encode has no seams
at all: the decoder reads one continuous AAC stream whatever the segment files,
and sound costs a few seconds of one core for an hour of lecture.
"""

from __future__ import annotations

import functools
import math
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from media.ffmpeg import Probe
from media.ladder import (
    MAX_FRAME_RATE,
    PLAYLIST,
    POSTER,
    SEGMENT_SECONDS,
    SEGMENTS,
    Rung,
    _audio_options,
    _video_options,
    poster_rung,
    poster_time,
)

# Added to the timestamps of stored sound pieces (the format keeps no negative
# ones, and the encoder's priming starts before zero), taken off when read back.
PIECE_OFFSET = 1.0
# Added to every chunk's output timestamps: the same shift for every chunk, large
# enough that no chunk starts below zero (B-frame delay, AAC priming). Otherwise the
# muxer would shift the first chunk alone, and the join would overlap.
TIMELINE_OFFSET = 1.0
# Read this far past a chunk's end, then ``trim`` cuts the exact frame.
READ_MARGIN = 10.0
PIECES = "audio-{kbps}k-%04d.nut"
# Protocols a chunk may use to read its source: the local file, or the signed URL of
# a bucket, read in byte ranges (the demuxer is named, so no playlist can redirect).
FILE_INPUT = ["-protocol_whitelist", "file,pipe"]
URL_INPUT = ["-protocol_whitelist", "http,https,tcp,tls"]


@dataclass(frozen=True)
class Chunk:
    """One stretch of the source: [start, end) in seconds, ``end`` None for the
    last chunk (to the end of the source)."""

    index: int
    start: float
    end: float | None

    @property
    def first_segment(self) -> int:
        return round(self.start / SEGMENT_SECONDS)

    def segment_slots(self, duration: float) -> int:
        """How many segments of a rendition this chunk may write."""
        end = self.end if self.end is not None else duration
        return max(1, math.ceil(round(end - self.start, 6) / SEGMENT_SECONDS))

    def holds(self, moment: float) -> bool:
        return self.start <= moment and (self.end is None or moment < self.end)

    def describe(self) -> str:
        """ "2:00–3:00", for messages to staff."""

        def clock(seconds: float) -> str:
            minutes, rest = divmod(round(seconds), 60)
            return f"{minutes}:{rest:02d}"

        end = clock(self.end) if self.end is not None else "…"
        return f"{clock(self.start)}–{end}"


# Containers with an index of keyframes: a seek lands on the keyframe before the
# chunk. Others (MPEG-TS, MPEG-PS, ...) are searched by timestamp and land on the
# keyframe after the point sought, so a chunk seeks well before its start.
INDEXED = {"mov", "matroska", "mxf", "asf"}
UNINDEXED_MARGIN = 30.0


def seek_start(source: Probe, chunk: Chunk) -> float:
    if source.format_name.split(",")[0] in INDEXED:
        return chunk.start
    return max(0.0, chunk.start - UNINDEXED_MARGIN)


def covers(chunk: Chunk, duration: float, segments: list[float], rate: float) -> bool:
    """Whether a chunk's video segments cover its stretch: a seek that landed past
    the chunk's first keyframe leaves its first segment short, or a segment out."""
    end = chunk.end if chunk.end is not None else duration
    slots = chunk.segment_slots(duration)
    if not segments:
        return False
    first_expected = min(SEGMENT_SECONDS, end - chunk.start)
    if segments[0] < first_expected - 2 / rate:
        return False
    return len(segments) >= (slots if chunk.end is not None else slots - 1)


def chunk_length(seconds: float) -> int:
    """A chunk length on the segment grid: a whole number of segments, at least one."""
    return max(1, int(seconds) // SEGMENT_SECONDS) * SEGMENT_SECONDS


def plan_chunks(duration: float, seconds: float) -> list[Chunk]:
    """Chunks of ``seconds`` (rounded down to the grid) covering the source; a last
    stretch shorter than one segment joins the chunk before it."""
    length = chunk_length(seconds)
    count = max(1, math.ceil(round(duration, 6) / length))
    if count > 1 and duration - (count - 1) * length < SEGMENT_SECONDS:
        count -= 1
    return [
        Chunk(number, float(number * length), None)
        if number == count - 1
        else Chunk(number, float(number * length), float((number + 1) * length))
        for number in range(count)
    ]


def audio_bitrates(rungs: list[Rung]) -> list[int]:
    """The sound's bit rates in the ladder, each encoded once."""
    return sorted({rung.audio_kbps for rung in rungs if rung.audio_kbps}, reverse=True)


def piece_name(kbps: int, index: int) -> str:
    return PIECES.format(kbps=kbps) % index


def sound_command(
    *, binary: str, source_path: str, source: Probe, rungs: list[Rung], out: Path
) -> list[str]:
    """One process decodes the sound once and encodes it whole at every bit rate
    (``sound_name``) in ``out``, timestamps shifted by PIECE_OFFSET."""
    command = [binary, "-hide_banner", "-nostdin", "-v", "error", "-xerror", "-y"]
    command += [*FILE_INPUT, "-i", source_path]
    for kbps in audio_bitrates(rungs):
        rung = Rung("sound", None, None, 0, kbps)
        command += ["-map", f"0:{source.audio_index}"]
        command += _flatten(_audio_options(rung))
        command += ["-output_ts_offset", str(PIECE_OFFSET), "-f", "nut"]
        command += [str(Path(out) / sound_name(kbps))]
    return command + ["-progress", "pipe:1", "-nostats"]


def sound_name(kbps: int) -> str:
    return f"audio-{kbps}k.nut"


def first_packet_command(binary: str, path: Path) -> list[str]:
    """Prints the time base and the first packet's timestamps (``framecrc``)."""
    command = [binary, "-hide_banner", "-nostdin", "-v", "error", "-copyts"]
    command += [*FILE_INPUT, "-i", str(path), "-map", "0:a:0", "-c", "copy"]
    return command + ["-frames:a", "1", "-f", "framecrc", "-"]


def first_packet_time(report: str) -> float:
    """The first packet's time from ``first_packet_command``'s report."""
    base = re.search(r"#tb 0: (\d+)/(\d+)", report, re.ASCII)
    packet = re.search(r"^0,\s*(-?\d+),", report, re.ASCII | re.MULTILINE)
    if not base or not packet:
        raise ValueError(f"no packet in {report[:200]!r}")
    return int(packet.group(1)) * int(base.group(1)) / int(base.group(2))


def split_command(
    *, binary: str, whole: Path, kbps: int, chunks: list[Chunk], first: float, out: Path
) -> list[str]:
    """Cut one encoded sound into one piece per chunk (``piece_name``), copying its
    frames: each frame goes to the chunk in whose stretch it starts, counted from
    the first frame (whose priming starts before zero), so that a chunk's frames
    fall into segments as the one-process path's do."""
    cuts = ",".join(f"{chunk.start + first:.6f}" for chunk in chunks[1:])
    command = [binary, "-hide_banner", "-nostdin", "-v", "error", "-xerror", "-y"]
    command += ["-copyts", *FILE_INPUT, "-i", str(whole), "-map", "0", "-c", "copy"]
    command += ["-f", "segment", "-segment_times", cuts, "-segment_format", "nut"]
    command += ["-reset_timestamps", "0", str(Path(out) / PIECES.format(kbps=kbps))]
    return command + ["-progress", "pipe:1", "-nostats"]


def _flatten(options: dict) -> list[str]:
    flat = []
    for key, value in options.items():
        flat += [f"-{key}", str(value)]
    return flat


def chunk_command(
    *,
    binary: str,
    source_input: list[str],
    source: Probe,
    rungs: list[Rung],
    chunk: Chunk,
    pieces: dict[int, Path],
    workdir: Path,
    seek: bool = True,
) -> list[str]:
    """One ffmpeg process for one chunk: its stretch of video decoded once and split
    to every video rung, each muxed with its sound piece into HLS segments numbered
    from the chunk's place on the grid; the sound alone into the audio rung; and,
    in the chunk that holds the poster's moment, the poster.

    ``source_input`` is the input's options and location (``-i`` last). Without
    ``seek``, the source is read from its start (see ``covers``).
    """
    command = [binary, "-hide_banner", "-nostdin", "-v", "error", "-xerror", "-y"]
    command += ["-copyts"]
    if source.start_time:
        command += ["-itsoffset", f"{-source.start_time:.6f}"]
    start = seek_start(source, chunk) if seek else 0.0
    if start:
        command += ["-noaccurate_seek", "-ss", f"{start:.6f}"]
    if chunk.end is not None:
        command += ["-t", f"{chunk.end - start + READ_MARGIN:.6f}"]
    command += source_input
    piece_input = {}
    for number, (kbps, path) in enumerate(sorted(pieces.items()), start=1):
        command += ["-itsoffset", f"{-PIECE_OFFSET}", "-i", str(path)]
        piece_input[kbps] = number

    video_rungs = [rung for rung in rungs if not rung.is_audio_only]
    moment = poster_time(source.duration)
    with_poster = chunk.holds(moment)
    trim = f"trim=start={chunk.start:.6f}"
    if chunk.end is not None:
        trim += f":end={chunk.end:.6f}"
    chain = f"[0:{source.video_index}]{trim}"
    if source.frame_rate and source.frame_rate > MAX_FRAME_RATE + 0.5:
        chain += f",fps={MAX_FRAME_RATE}"
    branches = len(video_rungs) + (1 if with_poster else 0)
    chain += f",split={branches}" + "".join(f"[s{i}]" for i in range(branches))
    graph = [chain]
    for number, rung in enumerate(video_rungs):
        graph.append(
            f"[s{number}]scale={rung.width}:{rung.height},setsar=1,"
            f"format=yuv420p[v{number}]"
        )
    if with_poster:
        still = poster_rung(rungs)
        graph.append(
            f"[s{len(video_rungs)}]select=gte(t\\,{moment}),trim=end_frame=1,"
            f"scale={still.width}:{still.height},setsar=1[poster]"
        )
    command += ["-filter_complex", ";".join(graph)]

    frame_rate = min(source.frame_rate or MAX_FRAME_RATE, MAX_FRAME_RATE)
    for number, rung in enumerate(video_rungs):
        command += ["-map", f"[v{number}]"]
        options = _video_options(rung, frame_rate)
        options["force_key_frames"] = (
            f"expr:gte(t,{chunk.start:.6f}+n_forced*{SEGMENT_SECONDS})"
        )
        command += _flatten(options)
        if rung.audio_kbps and rung.audio_kbps in piece_input:
            command += ["-map", f"{piece_input[rung.audio_kbps]}:a:0", "-c:a", "copy"]
        command += _hls_output(binary, workdir, rung, chunk)
    for rung in rungs:
        if rung.is_audio_only and rung.audio_kbps in piece_input:
            command += ["-map", f"{piece_input[rung.audio_kbps]}:a:0", "-c:a", "copy"]
            command += _hls_output(binary, workdir, rung, chunk)
    if with_poster:
        command += ["-map", "[poster]", "-frames:v", "1", "-q:v", "4", "-update", "1"]
        command += [str(workdir / POSTER)]
    return command + ["-progress", "pipe:1", "-nostats"]


@functools.cache
def segment_options_flag(binary: str) -> str:
    """The HLS muxer's option that passes options to its MPEG-TS muxer (renamed in
    ffmpeg 6)."""
    report = subprocess.run(
        [binary, "-hide_banner", "-h", "muxer=hls"],
        capture_output=True,
        text=True,
        timeout=30,
    ).stdout
    return (
        "-hls_segment_options" if "hls_segment_options" in report else "-hls_ts_options"
    )


def _hls_output(binary: str, workdir: Path, rung: Rung, chunk: Chunk) -> list[str]:
    """Each chunk's MPEG-TS muxer starts its continuity counters anew; the first
    packet of every stream says so (discontinuity_indicator), as the standard asks,
    so demuxers that check the counters accept the join (timestamps run on)."""
    (workdir / rung.name).mkdir(parents=True, exist_ok=True)
    return [
        "-output_ts_offset", str(TIMELINE_OFFSET),
        "-f", "hls", "-hls_time", str(SEGMENT_SECONDS),
        segment_options_flag(binary), "mpegts_flags=+initial_discontinuity",
        "-hls_playlist_type", "vod", "-hls_flags", "independent_segments",
        "-start_number", str(chunk.first_segment),
        "-hls_segment_filename", str(workdir / rung.name / SEGMENTS),
        str(workdir / rung.name / PLAYLIST),
    ]  # fmt: skip


def target_duration(seconds: list[float]) -> int:
    """EXT-X-TARGETDURATION as ffmpeg's HLS muxer writes it: the longest segment
    rounded to the nearest second (RFC 8216 asks no more)."""
    return math.floor(max(seconds, default=0.0) + 0.5)


def variant_playlist_text(segments: list[tuple[str, float]], *, video: bool) -> str:
    """A VOD media playlist of the joined segments, in ffmpeg's own form (which
    declares independent segments where there is video). Only the playlist is
    written; the segments stay as their chunks stored them."""
    lines = [
        "#EXTM3U",
        "#EXT-X-VERSION:6",
        f"#EXT-X-TARGETDURATION:{target_duration([s for _, s in segments])}",
        "#EXT-X-MEDIA-SEQUENCE:0",
        "#EXT-X-PLAYLIST-TYPE:VOD",
    ]
    if video:
        lines.append("#EXT-X-INDEPENDENT-SEGMENTS")
    for uri, seconds in segments:
        lines += [f"#EXTINF:{seconds:.6f},", uri]
    lines.append("#EXT-X-ENDLIST")
    return "\n".join(lines) + "\n"
