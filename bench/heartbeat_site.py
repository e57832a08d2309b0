"""Settings for bench/heartbeats.py: the project's own, plus the bare baseline view."""

from lms.settings import *  # noqa: F403

ROOT_URLCONF = "bench.heartbeat_urls"
