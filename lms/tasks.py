"""Background work of the project package. Each task wraps one service."""

import socket

from celery import shared_task
from django.core import management


@shared_task
def ping() -> dict:
    """Answer from a worker: used to check that workers are alive."""
    return {"pong": True, "host": socket.gethostname()}


@shared_task
def clear_expired_sessions() -> None:
    """Drop expired login sessions (periodic, Celery beat)."""
    management.call_command("clearsessions")
