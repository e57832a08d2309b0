"""Heartbeat throughput and latency under gunicorn, against a bare view, in one run.

    .venv/bin/python bench/heartbeats.py [--viewers 200] [--seconds 20] [--workers 4]
                                         [--rounds 5]

Needs the test extras (``make install-test``). Uses PostgreSQL when DATABASE_URL is
set (it creates and drops a database of its own beside the one named), SQLite in a
temporary folder otherwise, and says which. It seeds a course with a one-hour video
lesson and one enrolled trainee per viewer, each with an open playback session,
each logged in (a session cookie and a CSRF token, which every heartbeat carries),
then starts the app under gunicorn on 127.0.0.1 and, from a second process, keeps
``--viewers`` simulated players busy: each sends its next heartbeat as soon as the
previous one is answered, its position advancing with the wall-clock time as a real
player's would (a saturating load: by Little's law its latency is the number of
viewers over the throughput). The same viewers then heartbeat at the player's own
interval (``paced_*``: what a real viewer waits), and the saturating load goes to a
bare Django view doing one indexed UPDATE, in ``--rounds`` interleaved rounds. Prints
one JSON object per scenario and a summary last: medians over the rounds, and the
median of the ratios taken within each round.

The lesson's video is encrypted (issue 16), so every heartbeat goes through the
delivery check; each session starts with every key window delivered, as a player's
that fetched its keys ahead. In each round the same viewers, logged in, also fetch
keys from the key endpoint as fast as they are answered (``keys_per_s``, each
window of the lesson in turn, the first fetch of a window recorded), against the
same bare view (``keys_ratio_vs_bare``).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
# Beside the database named, after it, so that runs against different databases
# (several people on one server) never drop each other's.
BENCH_DATABASE = "{name}_bench_heartbeats"


def emit(record: dict) -> None:
    sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    sys.stdout.flush()


# --- The load: a second process ----------------------------------------------------


async def _post(
    port: int, path: str, body: bytes, login: dict | None = None
) -> tuple[int, bytes]:
    headers = b""
    if login:
        # The trainee's session cookie and CSRF token, as the player sends them.
        headers = b"Cookie: sessionid=%s; csrftoken=%s\r\nX-CSRFToken: %s\r\n" % (
            login["session"].encode(),
            login["csrf"].encode(),
            login["csrf"].encode(),
        )
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(
        b"POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        b"%sContent-Length: %d\r\nConnection: close\r\n\r\n%s"
        % (path.encode(), headers, len(body), body)
    )
    await writer.drain()
    response = await reader.read()
    writer.close()
    return int(response[9:12]), response.partition(b"\r\n\r\n")[2]


async def _get(port: int, path: str, cookie: str) -> tuple[int, bytes]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(
        b"GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: %s\r\n"
        b"Connection: close\r\n\r\n" % (path.encode(), cookie.encode())
    )
    await writer.drain()
    response = await reader.read()
    writer.close()
    return int(response[9:12]), response.partition(b"\r\n\r\n")[2]


async def _key_fetcher(port, session, seconds, warmup, latencies, errors):
    start = time.monotonic()
    uris = session["keys"]
    turn = session.get("first_window", 0)
    while time.monotonic() - start < warmup + seconds:
        sent = time.monotonic()
        status, _ = await _get(port, uris[turn % len(uris)], session["cookie"])
        turn += 1
        if sent - start >= warmup:
            if status == 200:
                latencies.append(time.monotonic() - sent)
            else:
                errors.append(status)


async def _viewer(port, target, session, seconds, warmup, latencies, errors):
    if target["kind"] == "keys":
        # Each round goes on with later windows, so most fetches are first ones.
        session["first_window"] = 100 * (target["round"] - 1)
        return await _key_fetcher(port, session, seconds, warmup, latencies, errors)
    # Sequence numbers and positions carry on from one scenario to the next, as a
    # player that kept playing (at 1x) since the bench began: a hundred numbers a
    # second, more than a viewer sends, and a jump between scenarios well within
    # the server's bound (``trainees.watch.MAX_SEQUENCE_JUMP``).
    sequence = int((time.time() - target["clock_base"]) * 100)
    start = time.monotonic()
    interval = target.get("interval")  # None: saturating, the next as soon as answered
    due = start + random.uniform(0, interval or 0)
    while (now := time.monotonic()) - start < warmup + seconds:
        if interval:
            await asyncio.sleep(max(0.0, due - now))
            due += interval
            now = time.monotonic()
        position = time.time() - target["clock_base"]
        if target["kind"] == "heartbeat":
            path = target["path"]
            body = {"session": session["key"], "seq": sequence, "position": position}
            # Like the player, send back the state the previous answer carried.
            body["state"] = session.get("state", "")
            body |= {"playing": True, "rate": 1.0}
        else:
            path = f"{target['path']}{session['id']}"
            body = {"seq": sequence, "position": position}
        sequence += 1
        sent = time.monotonic()
        login = session["login"] if target["kind"] == "heartbeat" else None
        status, answer = await _post(port, path, json.dumps(body).encode(), login)
        if status == 200 and target["kind"] == "heartbeat":
            session["state"] = json.loads(answer)["state"]
        if sent - start >= warmup:
            if status == 200:
                latencies.append(time.monotonic() - sent)
            else:
                errors.append(status)


async def _load(port, target, sessions, seconds, warmup):
    latencies: list[float] = []
    errors: list[int] = []
    await asyncio.gather(
        *(
            _viewer(port, target, s, seconds, warmup, latencies, errors)
            for s in sessions
        )
    )
    return latencies, errors


def run_load(spec_path: str) -> None:
    spec = json.loads(Path(spec_path).read_text())
    latencies, errors = asyncio.run(
        _load(
            spec["port"],
            spec["target"],
            spec["sessions"],
            spec["seconds"],
            spec["warmup"],
        )
    )
    latencies.sort()
    if not latencies:
        raise SystemExit(f"no request succeeded; statuses: {sorted(set(errors))}")
    emit(
        {
            "per_s": round(len(latencies) / spec["seconds"], 1),
            "p50_ms": round(statistics.median(latencies) * 1000, 2),
            "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 2),
            "answered": len(latencies),
            "errors": len(errors),
            "error_statuses": sorted(set(errors)),
        }
    )


# --- The server and its database ---------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _bench_environment(scratch: Path) -> tuple[dict, str, callable]:
    """Environment for a production-like process, the database label and a cleanup."""
    env = dict(os.environ)
    env |= {
        "DJANGO_SETTINGS_MODULE": "bench.heartbeat_site",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "PERSONAL_DATA_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "MEDIA_ROOT": str(scratch / "media"),
        "CELERY_BROKER_URL": "memory://",
        "PYTHONPATH": str(ROOT),
    }
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        env["DATABASE_URL"] = f"sqlite:///{scratch / 'bench.sqlite3'}"
        return env, "sqlite", lambda: None

    import psycopg

    parts = urlsplit(url)
    bench = BENCH_DATABASE.format(name=parts.path.lstrip("/") or "jiangxin")
    bench_url = urlunsplit(parts._replace(path=f"/{bench}"))

    def admin(sql: str) -> None:
        with psycopg.connect(url, autocommit=True) as connection:
            connection.execute(sql)

    admin(f"DROP DATABASE IF EXISTS {bench}")
    admin(f"CREATE DATABASE {bench}")
    env["DATABASE_URL"] = bench_url
    return env, "postgresql", lambda: admin(f"DROP DATABASE {bench}")


def _seed(env: dict, viewers: int) -> list[dict]:
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    script = f"""
import json, secrets, django
django.setup()
from django.conf import settings
from django.test import Client
from tests import factories
from trainees import services, watch
from media import encryption, playback
from trainees import delivery
from trainees.models import PlaybackSession
school = factories.institution("510104", "基准测试学校")
course = factories.course(school)
windows = [[12.0 * w, 12.0 * (w + 1)] for w in range(300)]
video = factories.video_asset(
    school, duration=3600.0, hls_prefix="videos/hls/bench/",
    key_windows=windows, delivery_secret=encryption.new_secret(),
)
lesson = factories.lesson(course, kind="video", video=video)
out = []
for n in range({viewers}):
    user = factories.trainee(email=f"viewer{{n}}@bench.test")
    services.enrol_trainee(user=user, course=course)
    session = watch.start_playback(user=user, lesson=lesson)
    # Every window delivered, as to a player that fetched its keys ahead.
    PlaybackSession.objects.filter(pk=session.pk).update(delivered=[[0.0, 3600.0]])
    client = Client()
    client.force_login(user)
    base = delivery.key_base(session)
    keys = []
    for w in range(len(windows)):
        path = f"{{base}}{{w}}"
        token = playback.sign(
            salt=playback.KEY, asset_id=video.pk, name=path, seconds=7200
        )
        keys.append(f"{{path}}?token={{token}}")
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    login = {{"session": cookie, "csrf": secrets.token_hex(16)}}
    out.append({{
        "key": session.key, "id": session.pk, "keys": keys, "login": login,
        "cookie": f"{{settings.SESSION_COOKIE_NAME}}={{cookie}}",
    }})
print(json.dumps({{"lesson": lesson.pk, "sessions": out}}))
"""
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _serve(env: dict, port: int, workers: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "lms.wsgi:application"]
        + ["--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
        + ["--backlog", "2048", "--log-level", "warning", "--preload"],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5):
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start")


def _measure(env, port, target, sessions, seconds, warmup, scratch) -> dict:
    spec = scratch / f"{target['kind']}.json"
    spec.write_text(
        json.dumps(
            {
                "port": port,
                "target": target,
                "sessions": sessions,
                "seconds": seconds,
                "warmup": warmup,
            }
        )
    )
    done = subprocess.run(
        [sys.executable, __file__, "--load", str(spec)],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--viewers", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--warmup", type=float, default=3)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--load", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.load:
        return run_load(args.load)

    with tempfile.TemporaryDirectory(prefix="jiangxin-bench-") as folder:
        scratch = Path(folder)
        env, database, cleanup = _bench_environment(scratch)
        server = None
        try:
            emit({"database": database, "note": "seeding"})
            seeded = _seed(env, args.viewers)
            port = _free_port()
            clock_base = time.time()
            server = _serve(env, port, args.workers)
            sessions = seeded["sessions"]
            path = f"/learn/lessons/{seeded['lesson']}/heartbeat"
            interval = int(env.get("WATCH_HEARTBEAT_SECONDS", "5"))
            rounds = []
            # Interleaved rounds, so that a busy moment of the machine hurts both.
            for number in range(1, args.rounds + 1):
                heartbeat = _measure(
                    env,
                    port,
                    {"kind": "heartbeat", "clock_base": clock_base, "path": path},
                    sessions,
                    args.seconds,
                    args.warmup,
                    scratch,
                )
                emit({"round": number, "scenario": "heartbeat", **heartbeat})
                bare = _measure(
                    env,
                    port,
                    {"kind": "bare", "path": "/bench/bare/", "clock_base": clock_base},
                    sessions,
                    args.seconds,
                    args.warmup,
                    scratch,
                )
                emit({"round": number, "scenario": "bare", **bare})
                keys = _measure(
                    env,
                    port,
                    {"kind": "keys", "clock_base": clock_base, "round": number},
                    sessions,
                    args.seconds,
                    args.warmup,
                    scratch,
                )
                emit({"round": number, "scenario": "keys", **keys})
                rounds.append((heartbeat, bare, keys))
            paced = _measure(
                env,
                port,
                {
                    "kind": "heartbeat",
                    "clock_base": clock_base,
                    "path": path,
                    "interval": interval,
                },
                sessions,
                max(args.seconds, 4 * interval),
                interval,
                scratch,
            )
            emit({"scenario": "heartbeat at the player's interval", **paced})
        finally:
            if server is not None:
                server.send_signal(signal.SIGTERM)
                server.wait(timeout=30)
            cleanup()

    def median(scenario: int, figure: str) -> float:
        return statistics.median(r[scenario][figure] for r in rounds)

    heartbeats_per_s = median(0, "per_s")
    emit(
        {
            "database": database,
            "viewers": args.viewers,
            "workers": args.workers,
            "seconds": args.seconds,
            "rounds": args.rounds,
            "heartbeats_per_s": heartbeats_per_s,
            "p50_ms": median(0, "p50_ms"),
            "p99_ms": median(0, "p99_ms"),
            "errors": sum(r[0]["errors"] for r in rounds),
            "heartbeat_interval_s": interval,
            "paced_p50_ms": paced["p50_ms"],
            "paced_p99_ms": paced["p99_ms"],
            "viewers_served": int(heartbeats_per_s * interval),
            "bare_per_s": median(1, "per_s"),
            "bare_p50_ms": median(1, "p50_ms"),
            "bare_p99_ms": median(1, "p99_ms"),
            "ratio_vs_bare": round(
                statistics.median(r[0]["per_s"] / r[1]["per_s"] for r in rounds), 3
            ),
            "keys_per_s": median(2, "per_s"),
            "keys_p50_ms": median(2, "p50_ms"),
            "keys_p99_ms": median(2, "p99_ms"),
            "keys_errors": sum(r[2]["errors"] for r in rounds),
            "keys_ratio_vs_bare": round(
                statistics.median(r[2]["per_s"] / r[1]["per_s"] for r in rounds), 3
            ),
        }
    )


if __name__ == "__main__":
    main()
