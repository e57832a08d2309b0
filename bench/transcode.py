"""Wall time of the video pipeline against plain ffmpeg, measured in the same run.

    .venv/bin/python bench/transcode.py [--repeat N] [--seconds S]

Generates a 720p clip with a tone (30 s by default), then times, N times each and
interleaved so that a busy machine hurts all three alike:
  pipeline      media.services.transcode_video end to end (check, probe, the one-
                process ladder, poster, storing the files, database rows);
  ffmpeg        one hand-written ffmpeg command producing the same ladder;
  per rendition one ffmpeg run per rendition, one after another.
Prints one JSON object per measurement and a summary last: median wall times, and
ratios taken within each run, then the median of those. Everything
lives in a temporary folder: its own SQLite database, media and broker.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEGMENT = ["-f", "hls", "-hls_time", "4", "-hls_playlist_type", "vod"]
SEGMENT += ["-hls_flags", "independent_segments"]
KEYFRAMES = ["-g", "120", "-keyint_min", "120", "-sc_threshold", "0"]
KEYFRAMES += ["-force_key_frames", "expr:gte(t,n_forced*4)"]
# name, width, height, video kbit/s, level, audio kbit/s: the ladder of a 720p source
RUNGS = [
    ("720p", 1280, 720, 2800, "3.1", 128),
    ("480p", 854, 480, 1400, "3.1", 96),
    ("360p", 640, 360, 800, "3.0", 96),
    ("240p", 426, 240, 400, "3.0", 64),
]


def emit(record: dict) -> None:
    sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def video_options(name, kbps, level, audio_kbps, out: Path) -> list[str]:
    (out / name).mkdir(parents=True, exist_ok=True)
    return [
        "-c:v", "libx264", "-preset", "veryfast", "-profile:v", "main",
        "-level:v", level, "-b:v", f"{kbps}k", "-maxrate", f"{round(kbps * 1.07)}k",
        "-bufsize", f"{round(kbps * 1.5)}k", *KEYFRAMES,
        "-c:a", "aac", "-b:a", f"{audio_kbps}k", "-ac", "2", *SEGMENT,
        "-hls_segment_filename", str(out / name / "seg_%05d.ts"),
        str(out / name / "index.m3u8"),
    ]  # fmt: skip


def audio_options(out: Path) -> list[str]:
    (out / "audio").mkdir(parents=True, exist_ok=True)
    return [
        "-c:a", "aac", "-b:a", "64k", "-ac", "2", *SEGMENT,
        "-hls_segment_filename", str(out / "audio" / "seg_%05d.ts"),
        str(out / "audio" / "index.m3u8"),
    ]  # fmt: skip


def one_command(ffmpeg: str, source: Path, out: Path) -> list[str]:
    """The whole ladder in one ffmpeg process, written by hand."""
    labels = "".join(f"[s{i}]" for i in range(len(RUNGS)))
    graph = f"[0:0]split={len(RUNGS)}{labels}"
    for i, (_, width, height, *_rest) in enumerate(RUNGS):
        graph += f";[s{i}]scale={width}:{height},setsar=1,format=yuv420p[v{i}]"
    command = [ffmpeg, "-v", "error", "-y", "-i", str(source)]
    command += ["-filter_complex", graph]
    for i, (name, _, _, kbps, level, audio_kbps) in enumerate(RUNGS):
        command += ["-map", f"[v{i}]", "-map", "0:1"]
        command += video_options(name, kbps, level, audio_kbps, out)
    return command + ["-map", "0:1", *audio_options(out)]


def per_rendition_commands(ffmpeg: str, source: Path, out: Path) -> list[list[str]]:
    commands = []
    for name, width, height, kbps, level, audio_kbps in RUNGS:
        command = [ffmpeg, "-v", "error", "-y", "-i", str(source), "-map", "0:0"]
        command += ["-map", "0:1"]
        command += ["-vf", f"scale={width}:{height},setsar=1,format=yuv420p"]
        commands.append(command + video_options(name, kbps, level, audio_kbps, out))
    audio = [ffmpeg, "-v", "error", "-y", "-i", str(source), "-map", "0:1", "-vn"]
    return commands + [audio + audio_options(out)]


def timed(function) -> tuple[float, float]:
    """Wall seconds, and CPU seconds of this process and its ffmpeg children."""
    before = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    started = time.perf_counter()
    function()
    wall = time.perf_counter() - started
    after = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    cpu = sum(
        (a.ru_utime + a.ru_stime) - (b.ru_utime + b.ru_stime)
        for a, b in zip(after, before, strict=True)
    )
    return round(wall, 3), round(cpu, 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=30)
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="jiangxin-bench-"))
    try:
        measure(args, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def measure(args: argparse.Namespace, scratch: Path) -> None:
    os.environ["VAR_DIR"] = str(scratch / "var")
    os.environ["DJANGO_SETTINGS_MODULE"] = "lms.settings_test"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.files import File
    from django.core.management import call_command

    from media import services
    from media.ffmpeg import ffmpeg_binary
    from media.models import VideoAsset

    call_command("migrate", verbosity=0)
    services._enqueue = lambda asset_id: None  # timed directly, not through a queue
    ffmpeg = ffmpeg_binary()
    source = scratch / "source-720p.mp4"
    subprocess.run(
        [ffmpeg, "-v", "error", "-y", "-f", "lavfi"]
        + ["-i", f"testsrc2=size=1280x720:rate=30:duration={args.seconds}"]
        + ["-f", "lavfi", "-i", f"sine=frequency=440:duration={args.seconds}"]
        + ["-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p"]
        + ["-c:a", "aac", "-shortest", str(source)],
        check=True,
    )
    emit({"source": "1280x720 30 fps H.264/AAC", "seconds": args.seconds,
          "ffmpeg": ffmpeg, "cores": os.cpu_count()})  # fmt: skip

    def pipeline() -> None:
        with open(source, "rb") as handle:
            asset = services.create_video_asset(
                title="bench", file=File(handle, name=source.name),
                institution=None, uploaded_by=None,
            )  # fmt: skip
        asset = services.transcode_video(asset_id=asset.pk)
        if asset.status != VideoAsset.Status.READY:
            raise SystemExit(f"the pipeline failed: {asset.failure_reason}")

    def one_process(run: int) -> None:
        out = scratch / f"one-{run}"
        subprocess.run(one_command(ffmpeg, source, out), check=True)

    def per_rendition(run: int) -> None:
        out = scratch / f"each-{run}"
        for command in per_rendition_commands(ffmpeg, source, out):
            subprocess.run(command, check=True)

    wall = {"pipeline": [], "ffmpeg": [], "per_rendition": []}
    cpu = {"pipeline": [], "ffmpeg": [], "per_rendition": []}
    for run in range(args.repeat):
        # The pipeline and its hand-written twin run back to back, in turns first,
        # so that another process's load falls on both alike.
        pair = [("pipeline", pipeline), ("ffmpeg", lambda run=run: one_process(run))]
        order = [*(pair if run % 2 == 0 else pair[::-1])]
        order.append(("per_rendition", lambda run=run: per_rendition(run)))
        for kind, function in order:
            seconds, cpu_seconds = timed(function)
            wall[kind].append(seconds)
            cpu[kind].append(cpu_seconds)
            emit(
                {"run": run + 1, "kind": kind, "seconds": seconds, "cpu_s": cpu_seconds}
            )

    def paired(kind: str, baseline: str, measure: dict = wall) -> float:
        ratios = [a / b for a, b in zip(measure[kind], measure[baseline], strict=True)]
        return round(statistics.median(ratios), 3)

    median = {kind: statistics.median(values) for kind, values in wall.items()}
    emit(
        {
            "clip": f"{args.seconds} s 1280x720 30 fps, tone",
            "ladder": [rung[0] for rung in RUNGS] + ["audio"],
            "repeat": args.repeat,
            "pipeline_s": median["pipeline"],
            "ffmpeg_s": median["ffmpeg"],
            "per_rendition_s": median["per_rendition"],
            # Ratios are medians of the ratios within each run (measured side by
            # side), steadier on a shared machine than a ratio of medians.
            "ratio_vs_ffmpeg": paired("pipeline", "ffmpeg"),
            "ratio_vs_per_rendition": paired("pipeline", "per_rendition"),
            "one_process_vs_per_rendition": paired("ffmpeg", "per_rendition"),
            "cpu_ratio_vs_ffmpeg": paired("pipeline", "ffmpeg", cpu),
        }
    )


if __name__ == "__main__":
    main()
