"""End to end with a real LRS, Ralph: a lesson played through the player's
endpoints reaches Ralph by a real Celery worker, and an LRS that dies mid-way loses
nothing and records nothing twice once it is back."""

import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from celery.exceptions import TimeoutError as CeleryTimeout
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from tests import factories
from tests.conftest import skip_or_fail
from tests.xapi.conftest import read_statements
from trainees import services as enrolments
from trainees import watch
from trainees.models import LessonProgress
from xapi import rules, services, statements
from xapi.models import Learner, Statement
from xapi.tasks import send_statements_task

ROOT = Path(__file__).resolve().parents[2]
SEGMENTS = "https://w3id.org/xapi/video/extensions/played-segments"
PROGRESS = "https://w3id.org/xapi/video/extensions/progress"


def video_lesson():
    school = factories.institution("510104", "蜀锦学校")
    course = factories.course(school, completion_share=90)
    video = factories.video_asset(school, duration=20.0)
    lesson = factories.lesson(course, kind="video", video=video, title="针法示范")
    user = factories.trainee()
    enrolments.enrol_trainee(user=user, course=course)
    return lesson, user


def database_url_for_a_worker() -> str:
    """The test database, for a worker process to read what this test wrote."""
    if connection.vendor != "postgresql":
        skip_or_fail("a worker shares the test database only on PostgreSQL")
    db = connection.settings_dict
    user, password = quote(db["USER"], safe=""), quote(db["PASSWORD"], safe="")
    return f"postgres://{user}:{password}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.fixture
def worker_for(lrs):
    """Start a real Celery worker on the test database and the CI's LRS."""
    processes = []

    def start():
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "lms.settings_test",
            "DATABASE_URL": database_url_for_a_worker(),
            "XAPI_LRS_ENDPOINT": lrs["url"],
            "XAPI_LRS_USERNAME": lrs["username"],
            "XAPI_LRS_PASSWORD": lrs["password"],
        }
        process = subprocess.Popen(
            [
                sys.executable, "-m", "celery", "-A", "lms", "worker",
                "--pool=solo", "--loglevel=INFO", "--hostname=xapi-worker@%h",
                "--without-heartbeat", "--without-mingle", "--without-gossip",
            ],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True,
        )  # fmt: skip
        processes.append(process)
        return process

    yield start
    for process in processes:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_lesson_played_reaches_ralph_through_a_real_worker(
    client, settings, lrs, worker_for
):
    settings.XAPI_LRS_ENDPOINT = lrs["url"]
    settings.XAPI_LRS_USERNAME = lrs["username"]
    settings.XAPI_LRS_PASSWORD = lrs["password"]
    worker = worker_for()
    lesson, user = video_lesson()
    client.force_login(user)
    key = client.post(reverse("trainees:start-playback", args=[lesson.pk])).json()[
        "session"
    ]
    url = reverse("trainees:heartbeat", args=[lesson.pk])
    # Play from 0, 2.2 s later report position 2 (all of it provable), then pause.
    beats = [(0, 0, True, 2.2), (1, 2, True, 0), (2, 2, False, 0)]
    for seq, position, playing, wait in beats:
        payload = {"session": key, "seq": seq, "position": position, "rate": 1}
        response = client.post(url, {**payload, "playing": playing}, "application/json")
        assert response.status_code == 200, response.content
        time.sleep(wait)

    result = send_statements_task.delay()
    try:
        result.get(timeout=180)
    except CeleryTimeout:
        worker.terminate()
        pytest.fail(f"the worker did not answer:\n{worker.communicate(timeout=20)[0]}")
    assert not Statement.objects.pending().exists()

    actor = statements.actor(Learner.objects.get(user=user).account_name)
    stored = read_statements(lrs["url"], lrs["username"], lrs["password"], agent=actor)
    by_verb = {item["verb"]["id"].rsplit("/", 1)[-1]: item for item in stored}
    assert sorted(by_verb) == ["paused", "played"]
    assert {item["id"] for item in stored} == {
        str(pk) for pk in Statement.objects.values_list("id", flat=True)
    }
    paused = by_verb["paused"]
    covered = LessonProgress.objects.get(enrolment__user=user).intervals
    assert paused["result"]["extensions"][SEGMENTS] == rules.played_segments(covered)
    assert paused["result"]["extensions"][SEGMENTS] == "0[.]2"
    assert paused["result"]["extensions"][PROGRESS] == 0.1
    assert paused["actor"]["account"] == actor["account"]


@pytest.mark.django_db
def test_ralph_stopped_mid_way_loses_nothing_and_records_nothing_twice(settings, ralph):
    settings.XAPI_LRS_ENDPOINT = ralph.endpoint
    settings.XAPI_LRS_USERNAME = ralph.username
    settings.XAPI_LRS_PASSWORD = ralph.password
    lesson, user = video_lesson()
    session = watch.start_playback(user=user, lesson=lesson)
    t0 = timezone.now()

    def beat(seq, position, at, playing=True):
        watch.record_heartbeat(
            user=user,
            lesson_id=lesson.pk,
            beat=watch.Heartbeat(session.key, seq, position, playing, 1.0),
            now=t0 + dt.timedelta(seconds=at),
        )

    beat(0, 0.0, 0)
    beat(1, 5.0, 5)
    beat(2, 5.0, 5.5, playing=False)
    assert services.send_due_statements().sent == 2

    ralph.stop()
    beat(3, 5.0, 10)
    beat(4, 10.0, 15)
    beat(5, 15.0, 20)
    beat(6, 19.0, 24)  # 19 of 20 seconds: past the required 90 %
    beat(7, 19.0, 24.5, playing=False)
    failed_at = timezone.now()
    outcome = services.send_due_statements(now=failed_at)
    assert (outcome.sent, outcome.failed) == (0, 3)  # played, completed, paused
    assert Statement.objects.failing().count() == 3
    # A statement the LRS stored whose answer was lost (the worker died): it is
    # sent again with the same id.
    first = Statement.objects.order_by("created_at").first()
    Statement.objects.filter(pk=first.pk).update(sent_at=None)

    ralph.start()
    later = failed_at + rules.backoff(1) + dt.timedelta(seconds=1)
    assert services.send_due_statements(now=later).sent == 4
    assert not Statement.objects.pending().exists()

    actor = statements.actor(Learner.objects.get(user=user).account_name)
    stored = ralph.read(agent=actor)
    ids = [item["id"] for item in stored]
    assert len(ids) == len(set(ids)) == Statement.objects.count() == 5
    assert set(ids) == {
        str(pk) for pk in Statement.objects.values_list("pk", flat=True)
    }
    assert sorted(item["verb"]["id"].rsplit("/", 1)[-1] for item in stored) == [
        "completed", "paused", "paused", "played", "played",
    ]  # fmt: skip
