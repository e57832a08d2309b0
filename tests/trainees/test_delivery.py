"""Credit requires delivery (issue 16): a playback session of an encrypted video is
credited only for the key windows it fetched, from the logged-in trainee who owns
it; a video in the old format is credited as before and marked as such."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from media import encryption, playback
from tests import factories
from tests.conftest import skip_or_fail
from trainees import delivery, services, watch
from trainees.models import Enrolment, KeyDelivery, LessonProgress, PlaybackSession

pytestmark = pytest.mark.django_db

T0 = timezone.now()
WINDOWS = [[0.0, 4.0], [4.0, 8.0], [8.0, 12.0], [12.0, 16.0], [16.0, 20.0]]


@pytest.fixture
def school():
    return factories.institution("510104", "蜀锦学校")


@pytest.fixture
def course(school):
    return factories.course(school, completion_share=90)


@pytest.fixture
def lesson(course, school):
    video = factories.video_asset(
        school,
        duration=20.0,
        hls_prefix="videos/hls/1/abc/",
        key_windows=WINDOWS,
        delivery_secret=encryption.new_secret(),
    )
    return factories.lesson(course, kind="video", video=video, title="针法示范")


@pytest.fixture
def old_lesson(course, school):
    video = factories.video_asset(school, duration=20.0, hls_prefix="videos/hls/2/a/")
    return factories.lesson(course, kind="video", video=video, title="旧视频")


@pytest.fixture
def learner(course):
    user = factories.trainee()
    services.enrol_trainee(user=user, course=course)
    return user


@pytest.fixture
def session(learner, lesson):
    return watch.start_playback(user=learner, lesson=lesson)


def key_uri(session, window: int, *, seconds: int = 300) -> str:
    """The key URI media writes into the session's variant playlists."""
    path = f"{delivery.key_base(session)}{window}"
    asset_id = session.progress.lesson.video.pk
    token = playback.sign(
        salt=playback.KEY, asset_id=asset_id, name=path, seconds=seconds
    )
    return f"{path}?token={token}"


def fetch_keys(client, session, windows) -> list[int]:
    client.force_login(session.user)
    return [client.get(key_uri(session, w)).status_code for w in windows]


def play(session, seconds: int, *, every: int = 4):
    """Heartbeats of honest playback from 0 to ``seconds`` at 1x."""
    for seq, at in enumerate(range(0, seconds + 1, every)):
        watch.record_heartbeat(
            user=session.user,
            lesson_id=session.progress.lesson_id,
            beat=watch.Heartbeat(session.key, seq, float(at), True, 1.0),
            now=T0 + timedelta(seconds=at),
        )


def covered(session) -> float:
    return LessonProgress.objects.get(pk=session.progress_id).covered_seconds


def test_a_session_of_an_encrypted_video_is_delivery_verified(session):
    assert session.delivery_verified


def test_heartbeats_without_any_key_fetched_earn_nothing(session):
    play(session, 20)
    assert covered(session) == 0
    assert Enrolment.objects.get().verified_seconds == 0


def test_fetching_only_the_first_window_earns_at_most_that_window(client, session):
    assert fetch_keys(client, session, [0]) == [200]
    play(session, 20)
    assert covered(session) == pytest.approx(4.0)


def test_every_window_fetched_earns_the_whole_video(client, session):
    assert fetch_keys(client, session, range(5)) == [200] * 5
    play(session, 20)
    assert covered(session) == pytest.approx(20.0)


def test_a_window_fetched_after_the_last_answer_is_credited_at_once(client, session):
    fetch_keys(client, session, [0])
    play(session, 4)  # the state token now carries window 0 only
    fetch_keys(client, session, [1])
    watch.record_heartbeat(
        user=session.user,
        lesson_id=session.progress.lesson_id,
        beat=watch.Heartbeat(session.key, 99, 8.0, True, 1.0),
        now=T0 + timedelta(seconds=8),
    )
    assert covered(session) == pytest.approx(8.0)


def test_the_key_served_is_the_windows_key(client, session):
    client.force_login(session.user)
    response = client.get(key_uri(session, 2))
    asset = session.progress.lesson.video
    assert response.content == encryption.window_key(
        bytes(asset.delivery_secret), asset.hls_prefix, 2
    )
    assert "no-store" in response["Cache-Control"]


def test_a_key_fetched_twice_is_served_twice_and_recorded_once(client, session):
    assert fetch_keys(client, session, [1, 1]) == [200, 200]
    assert KeyDelivery.objects.filter(session=session).count() == 1
    assert PlaybackSession.objects.get().delivered == [[4.0, 8.0]]


def test_windows_fetched_in_any_order_merge_into_the_delivered_ranges(client, session):
    assert fetch_keys(client, session, [3, 0, 1, 3, 4]) == [200] * 5
    assert KeyDelivery.objects.filter(session=session).count() == 4
    assert PlaybackSession.objects.get().delivered == [[0.0, 8.0], [12.0, 20.0]]


def test_a_window_recorded_while_another_was_merged_keeps_both_ranges(session):
    if connection.vendor != "postgresql":
        skip_or_fail("the one-statement record is PostgreSQL's")
    stale = PlaybackSession.objects.get(pk=session.pk)  # read before window 0
    delivery.record_key_delivery(session_id=session.pk, window=0, start=0, end=4)
    left = delivery._record_in_one_statement(stale, window=2, start=8, end=12)
    assert left  # recorded, its range still to merge: the view merges it
    delivery._merge_range(session.pk, 8, 12)
    assert PlaybackSession.objects.get().delivered == [[0.0, 4.0], [8.0, 12.0]]
    assert KeyDelivery.objects.filter(session=session).count() == 2


def test_a_key_fetch_costs_a_few_statements_and_no_session_read(
    client, session, monkeypatch
):
    client.force_login(session.user)
    fetch_keys(client, session, [0])  # the login is read once, then remembered
    reads = []
    monkeypatch.setattr(
        "django.contrib.sessions.backends.base.SessionBase._get_session",
        lambda *args, **kwargs: reads.append(1) or {},
    )
    with CaptureQueriesContext(connection) as queries:
        assert client.get(key_uri(session, 1)).status_code == 200
    assert reads == []
    if connection.vendor == "postgresql":  # the session, then the one statement
        assert len(queries) == 2, [q["sql"] for q in queries]


def test_another_trainee_is_refused_the_key_and_nothing_is_recorded(
    client, course, session
):
    other = factories.trainee()
    services.enrol_trainee(user=other, course=course)
    client.force_login(other)
    assert client.get(key_uri(session, 0)).status_code == 403
    assert not KeyDelivery.objects.exists()
    play(session, 8)
    assert covered(session) == 0


def test_a_key_without_a_login_is_refused(client, session):
    assert client.get(key_uri(session, 0)).status_code == 403
    assert not KeyDelivery.objects.exists()


def test_an_ended_session_is_refused_its_keys(client, learner, lesson, session):
    uri = key_uri(session, 0)
    newer = watch.start_playback(user=learner, lesson=lesson)  # another tab
    client.force_login(learner)
    assert client.get(uri).status_code == 403
    assert not KeyDelivery.objects.exists()
    assert newer.delivered == []


def test_a_key_uri_of_another_session_is_refused(client, learner, lesson, session):
    first_path = key_uri(session, 0)
    session.ended_at = timezone.now()
    session.save()
    second = watch.start_playback(user=learner, lesson=lesson)
    # The first session's token under the second session's binding.
    forged = delivery.key_base(second) + "0?" + first_path.split("?")[1]
    client.force_login(learner)
    assert client.get(forged).status_code == 403
    assert not KeyDelivery.objects.exists()


def test_an_expired_key_uri_is_refused(client, session, monkeypatch):
    uri = key_uri(session, 0, seconds=60)
    later = playback.time.time() + 61
    monkeypatch.setattr(playback.time, "time", lambda: later)
    assert fetch_keys(client, session, []) == []
    assert client.get(uri).status_code == 403
    assert not KeyDelivery.objects.exists()


def test_a_forged_binding_is_not_found(client, session):
    client.force_login(session.user)
    url = reverse("trainees:delivery-key", args=[str(session.pk), 0])
    assert client.get(url).status_code == 404
    assert not KeyDelivery.objects.exists()


def test_a_window_beyond_the_video_is_refused(client, session):
    assert fetch_keys(client, session, [5]) == [403]


def test_the_lesson_playlist_binds_keys_to_the_open_session(client, session):
    session.progress.lesson.video.renditions.create(
        name="240p",
        width=426,
        height=240,
        bandwidth=500_000,
        average_bandwidth=400_000,
        codecs="avc1.4d401e,mp4a.40.2",
        playlist="videos/hls/1/abc/240p/index.m3u8",
        position=0,
    )
    client.force_login(session.user)
    url = reverse("trainees:lesson-playlist", args=[session.progress.lesson_id])
    response = client.get(url, {"session": session.key})
    assert response.status_code == 200
    assert "keys=" in response.text
    assert "keys=" not in client.get(url).text  # no session named: keys credit nothing


def test_keys_of_a_playlist_without_a_session_credit_nothing(client, session):
    asset = session.progress.lesson.video
    path = f"{playback.default_key_base(asset.pk)}0"
    token = playback.sign(salt=playback.KEY, asset_id=asset.pk, name=path, seconds=60)
    assert client.get(f"{path}?token={token}").status_code == 200
    assert not KeyDelivery.objects.exists()


def test_an_old_format_video_is_credited_and_marked_not_delivery_verified(
    learner, old_lesson
):
    session = watch.start_playback(user=learner, lesson=old_lesson)
    assert not session.delivery_verified
    play(session, 20)
    assert covered(session) == pytest.approx(20.0)
    assert not PlaybackSession.objects.get().delivery_verified
