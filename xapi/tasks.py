"""Celery tasks of the learning records, each a thin wrapper around one service."""

from dataclasses import asdict

from celery import shared_task

from xapi import services


@shared_task
def send_statements_task() -> dict:
    """Send the outbox's due statements (queued when statements are written)."""
    return asdict(services.send_due_statements())


@shared_task
def resend_statements_task() -> dict:
    """Every minute (beat): send what failed once its wait is over, and anything a
    lost send task left behind."""
    return asdict(services.send_due_statements())
