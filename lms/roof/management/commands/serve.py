import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand

from lms.roof.demo import DEMO_LOGINS, DEMO_PASSWORD


def worker_queues() -> list[str]:
    """Every queue a task can be routed to: the one embedded worker consumes all."""
    routed = {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()}
    return sorted({settings.CELERY_TASK_DEFAULT_QUEUE} | routed)


def _raise_interrupt(signum, frame):
    raise KeyboardInterrupt


class Command(BaseCommand):
    help = (
        "Run Jiangxin on one machine: the web server, a Celery worker and Celery beat, "
        "on the embedded defaults. Ctrl-C stops all three."
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")

    def handle(self, *args, host: str, port: int, **options):
        python = sys.executable
        beat_file = settings.VAR_DIR / "celerybeat-schedule"
        commands = {
            "worker": [
                python, "-m", "celery", "-A", "lms", "worker",
                "--loglevel=INFO", "--concurrency=2", "--hostname=jiangxin@%h",
                "-Q", ",".join(worker_queues()),
            ],
            "beat": [
                python, "-m", "celery", "-A", "lms", "beat",
                "--loglevel=INFO", f"--schedule={beat_file}",
            ],
            "web": [python, "manage.py", "runserver", f"{host}:{port}", "--noreload"],
        }  # fmt: skip
        # A terminated `serve` stops its children as Ctrl-C does.
        signal.signal(signal.SIGTERM, _raise_interrupt)
        processes = {name: subprocess.Popen(cmd) for name, cmd in commands.items()}
        self._banner(host, port)
        try:
            while all(p.poll() is None for p in processes.values()):
                time.sleep(0.5)
            stopped = [name for name, p in processes.items() if p.poll() is not None]
            self.stderr.write(f"{', '.join(stopped)} stopped; stopping the rest.")
        except KeyboardInterrupt:
            self.stdout.write("\nStopping web server, worker and beat …")
        finally:
            self._stop(processes)

    def _banner(self, host: str, port: int) -> None:
        lines = [
            "",
            "=" * 64,
            f"  Jiangxin (匠心) is running at http://{host}:{port}/",
            f"  Admin: http://{host}:{port}/admin/",
            f"  Demo logins (password for all: {DEMO_PASSWORD}):",
            *(f"    {email:<28} {role}" for email, role in DEMO_LOGINS),
            "  Web server, Celery worker and beat run; Ctrl-C stops all of them.",
            "=" * 64,
            "",
        ]
        self.stdout.write("\n".join(lines))

    @staticmethod
    def _stop(processes: dict[str, subprocess.Popen]) -> None:
        for process in processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 15
        for process in processes.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
