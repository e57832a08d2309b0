import pytest


@pytest.fixture(autouse=True)
def archive_tasks(monkeypatch):
    """Claims whose evidence archive was queued, instead of a real broker message."""
    from trainees.subsidies.tasks import archive_claim_task

    queued: list[int] = []
    monkeypatch.setattr(archive_claim_task, "delay", queued.append)
    return queued


@pytest.fixture
def run_archive_tasks(monkeypatch):
    """Queued archive tasks run at once, in this process, as a worker would."""
    from trainees.subsidies.tasks import archive_claim_task

    def run(claim_id: int) -> None:
        archive_claim_task.apply(args=[claim_id], throw=True)

    monkeypatch.setattr(archive_claim_task, "delay", run)
