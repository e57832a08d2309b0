import pytest


@pytest.fixture(autouse=True)
def pdf_tasks(monkeypatch):
    """Certificates whose PDF task was enqueued, instead of a real broker message."""
    from trainees.certificates.tasks import render_certificate_pdf_task

    enqueued: list[int] = []
    monkeypatch.setattr(render_certificate_pdf_task, "delay", enqueued.append)
    return enqueued
