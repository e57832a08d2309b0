"""Credit requires delivery (issue 16): a playback session is credited only for the
parts of an encrypted video whose keys it fetched.

The lesson playlist of an open playback session gives media a key base whose path
carries a signed binding to that session (``key_base``); media signs each window's
key URI under it. The key view (``serve_key``) hands out a window's key only to the
logged-in trainee who owns the open session, for a URI media signed and that has
not expired, and records the window once (``KeyDelivery``, and its time range in
``PlaybackSession.delivered``). After the heartbeat rules, ``credit`` limits what a
heartbeat adds to those ranges. A video in the old, unencrypted format is credited
as before, its sessions marked as not delivery-verified.
"""

from __future__ import annotations

import json

from django.core import signing
from django.db import IntegrityError, connection, transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from media import playback
from media.models import VideoAsset
from trainees import intervals, logins
from trainees.models import KeyDelivery, PlaybackSession

_SALT = "trainees.delivery-binding"
# Credit this close to what was asked for needs no fresh read of the ranges.
EPSILON = 0.001


class KeyRefused(Exception):
    """The key is not for this request; ``status`` is 403 or 404."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


def key_base(session: PlaybackSession) -> str:
    """The path under which this session's key URIs live, bound to it by a
    signature (media adds the window and its own token)."""
    binding = signing.dumps(session.pk, salt=_SALT)
    return reverse("trainees:delivery-key", args=[binding, 0]).rsplit("/", 1)[0] + "/"


def open_session_for(request: HttpRequest, lesson_id: int) -> PlaybackSession | None:
    """The requesting trainee's open playback session of this lesson that the
    playlist request names (``?session=``), if any."""
    key = request.GET.get("session", "")
    if not key or not request.user.is_authenticated:
        return None
    return PlaybackSession.objects.filter(
        key=key,
        user=request.user,
        ended_at__isnull=True,
        progress__lesson_id=lesson_id,
    ).first()


def lesson_master_playlist(request: HttpRequest, lesson) -> str:
    """The lesson's master playlist; its keys, if the video is encrypted, bound to
    the playback session the player opened (without one, it plays uncredited)."""
    session = open_session_for(request, lesson.pk)
    base = key_base(session) if session and lesson.video.is_encrypted else ""
    return playback.master_playlist(lesson.video, request=request, key_base=base)


def serve_key(request: HttpRequest, binding: str, window: int) -> bytes:
    """A window's key for the trainee who owns the open session the URI is bound
    to, recorded once; KeyRefused (and nothing recorded) otherwise."""
    try:
        session_id = signing.loads(binding, salt=_SALT)
    except signing.BadSignature:
        raise KeyRefused(404) from None
    session = (
        PlaybackSession.objects.filter(pk=session_id)
        .select_related("progress__lesson__video")
        .only(
            "user_id",
            "ended_at",
            "delivered",
            "progress__lesson__video__key_windows",
            "progress__lesson__video__delivery_secret",
            "progress__lesson__video__hls_prefix",
            "progress__lesson__video__status",
        )
        .first()
    )
    if session is None:
        raise KeyRefused(404)
    if logins.user_id(request) != session.user_id:
        raise KeyRefused(403)
    if session.ended_at is not None:
        raise KeyRefused(403)
    asset: VideoAsset | None = session.progress.lesson.video
    if asset is None or not asset.is_ready:
        raise KeyRefused(404)
    key = playback.window_key(
        asset, window=window, path=request.path, token=request.GET.get("token", "")
    )
    if key is None:
        raise KeyRefused(403)
    start, end = asset.key_windows[window]
    if connection.vendor != "postgresql":
        record_key_delivery(session_id=session.pk, window=window, start=start, end=end)
    elif _record_in_one_statement(session, window=window, start=start, end=end):
        _merge_range(session.pk, start, end)
    return key


# The first fetch of a window records it and adds its range to the session's
# delivered ranges, as merged from the ranges just read, unless they changed since
# (another window recorded at the same moment): then it answers 1, 0 and
# ``_merge_range`` merges again under a row lock. A later fetch answers 0, 0.
_ONE_STATEMENT = """
WITH fetched AS (
    INSERT INTO {delivery} (session_id, "window", start, "end", fetched_at)
    VALUES (%(session)s, %(window)s, %(start)s, %(end)s, %(at)s)
    ON CONFLICT (session_id, "window") DO NOTHING
    RETURNING session_id
), merged AS (
    UPDATE {session} SET delivered = %(merged)s::jsonb
    WHERE id IN (SELECT session_id FROM fetched) AND delivered = %(read)s::jsonb
    RETURNING id
)
SELECT (SELECT count(*) FROM fetched), (SELECT count(*) FROM merged)
"""


def _record_in_one_statement(
    session: PlaybackSession, *, window: int, start: float, end: float
) -> bool:
    """Record a key fetch as ``record_key_delivery`` does, in one statement on
    PostgreSQL; True when the window was recorded but its range is still to merge
    (the ranges changed under it)."""
    read = [tuple(r) for r in session.delivered]
    merged = [list(r) for r in intervals.merge(read, (start, end))]
    sql = _ONE_STATEMENT.format(
        delivery=KeyDelivery._meta.db_table, session=PlaybackSession._meta.db_table
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            {
                "session": session.pk,
                "window": window,
                "start": start,
                "end": end,
                "at": timezone.now(),
                "merged": json.dumps(merged),
                "read": json.dumps(session.delivered),
            },
        )
        fetched, merged_now = cursor.fetchone()
    return fetched > merged_now


def record_key_delivery(*, session_id: int, window: int, start: float, end: float):
    """Record that a session fetched a window's key, once: the first fetch adds the
    window's range to the session's delivered ranges; later ones change nothing."""
    if KeyDelivery.objects.filter(session_id=session_id, window=window).exists():
        return
    try:
        with transaction.atomic():
            KeyDelivery.objects.create(
                session_id=session_id, window=window, start=start, end=end
            )
            _merge_range(session_id, start, end)
    except IntegrityError:
        pass  # the same window fetched twice at once: recorded by the other


@transaction.atomic
def _merge_range(session_id: int, start: float, end: float) -> None:
    """Add a range to the session's delivered ranges, under a row lock."""
    session = (
        PlaybackSession.objects.select_for_update().only("delivered").get(pk=session_id)
    )
    ranges = [tuple(r) for r in session.delivered]
    session.delivered = [list(r) for r in intervals.merge(ranges, (start, end))]
    session.save(update_fields=["delivered"])


def _inside(part: intervals.Interval, ranges) -> list[intervals.Interval]:
    start, end = part
    found = []
    for low, high in ranges:
        low, high = max(start, low), min(end, high)
        if high > low:
            found.append((low, high))
    return found


def credit(state, covered: list, credited: intervals.Interval | None) -> list:
    """``covered`` with what the heartbeat rules credited (``credited``) added,
    limited to the ranges the session's fetched keys delivered when its video is
    encrypted. ``state`` is the heartbeat's stored state: its delivered ranges come
    from the signed state token and are read again only when they fall short."""
    if credited is None:
        return covered
    if not state.delivery_verified:
        return intervals.merge(covered, credited)
    parts = _inside(credited, state.delivered)
    if intervals.covered(parts) < credited[1] - credited[0] - EPSILON:
        fresh = (
            PlaybackSession.objects.filter(pk=state.session_id)
            .values_list("delivered", flat=True)
            .first()
        )
        state.delivered = fresh or []
        parts = _inside(credited, state.delivered)
    for part in parts:
        covered = intervals.merge(covered, part)
    return covered
