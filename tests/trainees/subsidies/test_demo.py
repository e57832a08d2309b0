"""The demo data: loads on top of the other demos, and a second run creates nothing."""

import pytest

from lms.roof import demo as lms_demo
from trainees.certificates import demo as certificates_demo
from trainees.subsidies import demo
from trainees.subsidies.models import Claim, ClaimArchive, Policy

pytestmark = pytest.mark.django_db


def test_the_demo_loads_a_policy_and_a_claim_once(monkeypatch):
    from media import demo as media_demo

    # Demo videos are made with ffmpeg elsewhere; the subsidy demo needs none.
    monkeypatch.setattr(media_demo, "load_demo", lambda **kwargs: 0)
    monkeypatch.setattr(media_demo, "demo_assets", lambda school: [])
    lms_demo.load_demo()
    certificates_demo.load_demo()
    demo.load_demo()  # lms.roof.demo may already have called it
    assert Policy.objects.count() == 1
    assert Claim.objects.get().course.title == certificates_demo.FINISHED_TITLE
    assert demo.load_demo() == 0


def test_the_demo_claim_gets_its_evidence_archive_from_the_worker(
    monkeypatch, run_archive_tasks, django_capture_on_commit_callbacks
):
    from media import demo as media_demo

    monkeypatch.setattr(media_demo, "load_demo", lambda **kwargs: 0)
    monkeypatch.setattr(media_demo, "demo_assets", lambda school: [])
    lms_demo.load_demo()
    certificates_demo.load_demo()
    with django_capture_on_commit_callbacks(execute=True):
        demo.load_demo()
    archive = ClaimArchive.objects.get()
    assert archive.claim == Claim.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        demo.load_demo()
    assert ClaimArchive.objects.count() == 1
