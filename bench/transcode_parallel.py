"""Wall and CPU time of a long video: the one-process ladder against the chunked
path with one and with two Celery worker processes, each pinned to its own core.

    .venv/bin/python bench/transcode_parallel.py [--seconds 300] [--repeat 3]
                                                 [--chunk-seconds 30]

Generates a 720p clip with a tone (5 minutes by default), then times, N times each
and interleaved (the order turns each run, so a busy machine hurts all alike):
  one_process   media.services.transcode_video in this process, pinned to core 0
                (check, probe, the one-process ladder, storing, database rows);
  chunked_1     the same upload through real Celery workers with the chunked path
                (threshold 0): one worker process pinned to core 0;
  chunked_2     the same with a second worker process pinned to core 1.
Wall time runs from queueing the upload's transcode to the asset being ready. CPU
time is this process's and its children's (one_process), or the workers' and their
ffmpeg children's (/proc, chunked). Prints one JSON object per measurement and a
summary last: median wall times; ``speedup_2_workers`` (chunked_1 / chunked_2, goal
>= 1.7), ``cpu_ratio_vs_one_process`` (chunked_1 CPU / one_process CPU, goal <= 1.10)
and ``boundary_gap_ms`` (the largest jump between one packet's end and the next
one's start, sound or picture, over the joined 720p and sound-only renditions,
boundaries included; goal 0: at most one audio frame). Ratios are medians of the
ratios within each run. Everything lives in a temporary folder: its own SQLite
database, media and broker (or the CELERY_BROKER_URL / DATABASE_URL given).
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
TICK = os.sysconf("SC_CLK_TCK")


def emit(record: dict) -> None:
    sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def process_cpu(pid: int) -> float:
    """CPU seconds of a process and of its children it has waited for."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    utime, stime, cutime, cstime = (int(v) for v in fields[11:15])
    return (utime + stime + cutime + cstime) / TICK


class Worker:
    """A Celery worker process (solo pool) pinned to one core."""

    def __init__(self, core: int, env: dict, log: Path) -> None:
        self.log = open(log, "w")
        self.process = subprocess.Popen(
            ["taskset", "-c", str(core), sys.executable, "-m", "celery", "-A", "lms",
             "worker", "--pool=solo", "-Q", "default,media", "--loglevel=INFO",
             f"--hostname=bench-{core}@%h", "--without-heartbeat",
             "--without-mingle", "--without-gossip"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + 120
        while "ready." not in log.read_text():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(
                    f"the worker did not start:\n{log.read_text()[-3000:]}"
                )
            time.sleep(0.2)

    def cpu(self) -> float:
        return process_cpu(self.process.pid)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=300)
    parser.add_argument("--chunk-seconds", type=int, default=30)
    args = parser.parse_args()
    if shutil.which("taskset") is None or (os.cpu_count() or 1) < 2:
        raise SystemExit("needs taskset (util-linux) and two cores")
    scratch = Path(tempfile.mkdtemp(prefix="jiangxin-bench-"))
    try:
        measure(args, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def measure(args: argparse.Namespace, scratch: Path) -> None:
    os.environ["VAR_DIR"] = str(scratch / "var")
    os.environ["DJANGO_SETTINGS_MODULE"] = "lms.settings_test"
    # The workers take every long video to the chunked path.
    os.environ["TRANSCODE_CHUNK_THRESHOLD_S"] = "0"
    os.environ["TRANSCODE_CHUNK_S"] = str(args.chunk_seconds)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.files import File
    from django.core.management import call_command

    from media import services
    from media.ffmpeg import ffmpeg_binary
    from media.models import VideoAsset

    call_command("migrate", verbosity=0)
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
          "chunk_seconds": args.chunk_seconds, "ffmpeg": ffmpeg,
          "cores": os.cpu_count(), "broker": settings.CELERY_BROKER_URL})  # fmt: skip

    def upload(title: str, queue: bool) -> VideoAsset:
        if not queue:
            services._enqueue, real = (lambda asset_id: None), services._enqueue
        try:
            with open(source, "rb") as handle:
                return services.create_video_asset(
                    title=title, file=File(handle, name=source.name),
                    institution=None, uploaded_by=None,
                )  # fmt: skip
        finally:
            if not queue:
                services._enqueue = real

    def one_process() -> tuple[float, float, VideoAsset]:
        asset = upload("one process", queue=False)
        settings.TRANSCODE_CHUNK_THRESHOLD_S = 10**9
        everywhere = os.sched_getaffinity(0)
        os.sched_setaffinity(0, {0})
        before = [resource.getrusage(who) for who in SELF_AND_CHILDREN]
        started = time.perf_counter()
        try:
            asset = services.transcode_video(asset_id=asset.pk)
        finally:
            wall = time.perf_counter() - started
            os.sched_setaffinity(0, everywhere)
        after = [resource.getrusage(who) for who in SELF_AND_CHILDREN]
        cpu = sum(
            (a.ru_utime + a.ru_stime) - (b.ru_utime + b.ru_stime)
            for a, b in zip(after, before, strict=True)
        )
        return wall, cpu, asset

    def chunked(workers: list[Worker]) -> tuple[float, float, VideoAsset]:
        before = [worker.cpu() for worker in workers]
        started = time.perf_counter()
        asset = upload(f"chunked {len(workers)}", queue=True)
        while asset.status not in (VideoAsset.Status.READY, VideoAsset.Status.FAILED):
            time.sleep(0.25)
            asset.refresh_from_db()
        wall = time.perf_counter() - started
        cpu = sum(w.cpu() - b for w, b in zip(workers, before, strict=True))
        return wall, cpu, asset

    env = {**os.environ}
    first = Worker(0, env, scratch / "worker-0.log")
    wall = {"one_process": [], "chunked_1": [], "chunked_2": []}
    cpu = {kind: [] for kind in wall}
    gaps = []
    try:
        for run in range(args.repeat):
            kinds = list(wall)
            kinds = kinds[run % 3 :] + kinds[: run % 3]
            for kind in kinds:
                second = None
                if kind == "one_process":
                    seconds, cpu_seconds, asset = one_process()
                elif kind == "chunked_1":
                    seconds, cpu_seconds, asset = chunked([first])
                else:
                    second = Worker(1, env, scratch / f"worker-1-{run}.log")
                    seconds, cpu_seconds, asset = chunked([first, second])
                    second.stop()
                if asset.status != VideoAsset.Status.READY:
                    raise SystemExit(f"{kind} failed: {asset.failure_reason}")
                wall[kind].append(round(seconds, 3))
                cpu[kind].append(round(cpu_seconds, 3))
                record = {"run": run + 1, "kind": kind, "seconds": round(seconds, 3),
                          "cpu_s": round(cpu_seconds, 3)}  # fmt: skip
                if kind != "one_process":
                    record["chunks"] = asset.chunks.count()
                    record["boundary_gap_ms"] = boundary_gap_ms(asset, scratch)
                    gaps.append(record["boundary_gap_ms"])
                emit(record)
    finally:
        first.stop()

    def paired(kind: str, baseline: str, measure: dict) -> float:
        ratios = [a / b for a, b in zip(measure[kind], measure[baseline], strict=True)]
        return round(statistics.median(ratios), 3)

    emit(
        {
            "clip": f"{args.seconds} s 1280x720 30 fps, tone",
            "chunk_seconds": args.chunk_seconds,
            "repeat": args.repeat,
            **{f"{kind}_s": statistics.median(v) for kind, v in wall.items()},
            **{f"{kind}_cpu_s": statistics.median(v) for kind, v in cpu.items()},
            "speedup_2_workers": paired("chunked_1", "chunked_2", wall),
            "cpu_ratio_vs_one_process": paired("chunked_1", "one_process", cpu),
            "cpu_ratio_2_workers_vs_one_process": paired(
                "chunked_2", "one_process", cpu
            ),
            "boundary_gap_ms": max(gaps),
        }
    )


SELF_AND_CHILDREN = (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)


def boundary_gap_ms(asset, scratch: Path) -> float:
    """The largest jump, in ms, between a packet's end and the next packet's start
    in the joined 720p and sound-only renditions (each concatenated as a player
    feeds it to its decoder)."""
    from django.core.files.storage import default_storage

    from media.ladder import read_segments

    largest = 0
    for rung in ("720p", "audio"):
        with default_storage.open(f"{asset.hls_prefix}{rung}/index.m3u8") as handle:
            segments = read_segments(handle.read().decode())
        joined = scratch / f"joined-{rung}.ts"
        with open(joined, "wb") as out:
            for uri, _ in segments:
                with default_storage.open(f"{asset.hls_prefix}{rung}/{uri}") as part:
                    out.write(part.read())
        report = subprocess.run(
            ["ffprobe", "-v", "error", "-of", "json", "-show_entries",
             "packet=codec_type,dts,duration", str(joined)],
            capture_output=True, check=True,
        ).stdout  # fmt: skip
        streams: dict[str, list] = {}
        for packet in json.loads(report)["packets"]:
            streams.setdefault(packet["codec_type"], []).append(
                (int(packet["dts"]), int(packet.get("duration", 0)))
            )
        for packets in streams.values():
            for (dts, duration), (following, _) in zip(packets, packets[1:]):  # noqa: B905
                # One 90 kHz tick is the rounding of an AAC frame's length.
                jump = abs(following - (dts + duration))
                largest = max(largest, jump if jump > 1 else 0)
        joined.unlink()
    return round(largest / 90, 3)


if __name__ == "__main__":
    main()
