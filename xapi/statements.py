"""xAPI statements built on the server from verified evidence (never from what a
browser claims): the Video Profile for video lessons, and attendance, quiz attempts,
practical work and certificates. Each builder returns the statement without its
actor and id; ``xapi.services.record_statement`` adds them when it writes it."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from django.conf import settings

from xapi import rules

VERSION = "1.0.3"
LANGUAGE = "zh-CN"
PLATFORM = "Jiangxin"

VIDEO_PROFILE = "https://w3id.org/xapi/video"
PROFILE_TYPE = "http://adlnet.gov/expapi/activities/profile"
VIDEO_TYPE = "https://w3id.org/xapi/video/activity-type/video"
COURSE_TYPE = "http://adlnet.gov/expapi/activities/course"
MEETING_TYPE = "http://adlnet.gov/expapi/activities/meeting"
ASSESSMENT_TYPE = "http://adlnet.gov/expapi/activities/assessment"
QUESTION_TYPE = "http://adlnet.gov/expapi/activities/cmi.interaction"
PERFORMANCE_TYPE = "http://adlnet.gov/expapi/activities/performance"
CERTIFICATE_TYPE = "https://w3id.org/xapi/tla/activity-types/credential"

EXT = "https://w3id.org/xapi/video/extensions/"
TIME = EXT + "time"
TIME_FROM = EXT + "time-from"
TIME_TO = EXT + "time-to"
PROGRESS = EXT + "progress"
PLAYED_SEGMENTS = EXT + "played-segments"
LENGTH = EXT + "length"
SESSION_ID = EXT + "session-id"
COMPLETION_THRESHOLD = EXT + "completion-threshold"

VERBS = {
    "played": ("https://w3id.org/xapi/video/verbs/played", "played"),
    "paused": ("https://w3id.org/xapi/video/verbs/paused", "paused"),
    "seeked": ("https://w3id.org/xapi/video/verbs/seeked", "seeked"),
    "completed": ("http://adlnet.gov/expapi/verbs/completed", "completed"),
    "attended": ("http://adlnet.gov/expapi/verbs/attended", "attended"),
    "answered": ("http://adlnet.gov/expapi/verbs/answered", "answered"),
    "passed": ("http://adlnet.gov/expapi/verbs/passed", "passed"),
    "failed": ("http://adlnet.gov/expapi/verbs/failed", "failed"),
    "earned": ("http://id.tincanapi.com/verb/earned", "earned"),
}

# Stable ids derived from the site (registrations, sessions): the same evidence
# always gives the same id, on every try.
_NAMESPACE = uuid.UUID("5b0f6a2e-8f3c-4d8e-9a51-6c2f1d7e4b90")


def site_url() -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def derived_uuid(name: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, f"{site_url()}/{name}"))


def actor(account_name) -> dict:
    """The trainee as an account of this site, named by an opaque id."""
    return {
        "objectType": "Agent",
        "account": {"homePage": site_url(), "name": str(account_name)},
    }


def verb(name: str) -> dict:
    iri, display = VERBS[name]
    return {"id": iri, "display": {"en-US": display}}


def activity(path: str, kind: str, name: str) -> dict:
    return {
        "objectType": "Activity",
        "id": f"{site_url()}/xapi/activities/{path}",
        "definition": {"type": kind, "name": {LANGUAGE: name or path}},
    }


def course_activity(course_id: int, title: str) -> dict:
    return activity(f"courses/{course_id}", COURSE_TYPE, title)


def _timestamp(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="milliseconds")


def _statement(
    name: str, obj: dict, *, at: dt.datetime, context: dict, result=None
) -> dict:
    statement = {
        "verb": verb(name),
        "object": obj,
        "context": {"platform": PLATFORM, "language": LANGUAGE, **context},
        "timestamp": _timestamp(at),
        "version": VERSION,
    }
    if result:
        statement["result"] = result
    return statement


def _in_course(course: dict, **more) -> dict:
    return {"contextActivities": {"parent": [course], **more}}


def _score(percent: Decimal | float | None) -> dict:
    if percent is None:
        return {}
    raw = float(percent)
    return {"score": {"scaled": round(raw / 100, 4), "raw": raw, "min": 0, "max": 100}}


# --- Video lessons (the xAPI Video Profile) ------------------------------------------


def video_event(
    event: str,
    *,
    session_id: int,
    lesson_id: int,
    lesson_title: str,
    course: dict,
    duration: float,
    required_share: int,
    position_before: float,
    position: float,
    intervals: list,
    covered_seconds: float,
    at: dt.datetime,
) -> dict:
    """A Video Profile statement (played, paused, seeked or completed) for one
    playback session. ``played-segments`` is the verified union of the intervals
    the server credited, ``progress`` the share it covers, never the player's word.
    """
    session = derived_uuid(f"playback-sessions/{session_id}")
    extensions = {SESSION_ID: session}
    result_extensions: dict = {}
    segments = rules.played_segments(intervals)
    if event == "seeked":
        result_extensions = {TIME_FROM: position_before, TIME_TO: position}
    else:
        result_extensions = {TIME: position}
        if event in ("paused", "completed"):
            result_extensions[PROGRESS] = rules.progress(covered_seconds, duration)
            extensions[LENGTH] = round(duration, 3)
            extensions[COMPLETION_THRESHOLD] = round(required_share / 100, 3)
        if segments:
            result_extensions[PLAYED_SEGMENTS] = segments
    result: dict = {"extensions": result_extensions}
    if event == "completed":
        result["completion"] = True
        result["duration"] = rules.iso_duration(covered_seconds)
    category = {"id": VIDEO_PROFILE, "definition": {"type": PROFILE_TYPE}}
    return _statement(
        event,
        activity(f"lessons/{lesson_id}", VIDEO_TYPE, lesson_title),
        at=at,
        context={
            "registration": session,
            "contextActivities": {"category": [category], "parent": [course]},
            "extensions": extensions,
        },
        result=result,
    )


# --- Attendance, quizzes, practical work, certificates --------------------------------


def attended(
    *,
    session_id: int,
    session_title: str,
    course: dict,
    checked_in_at: dt.datetime,
    checked_out_at: dt.datetime | None,
    credited_seconds: int,
) -> dict:
    """Attendance (出勤) at a scheduled session; once checked out, the seconds the
    server credited inside the session's hours."""
    result = {"completion": checked_out_at is not None}
    if checked_out_at is not None:
        result["duration"] = rules.iso_duration(credited_seconds)
    return _statement(
        "attended",
        activity(f"sessions/{session_id}", MEETING_TYPE, session_title),
        at=checked_out_at or checked_in_at,
        context=_in_course(course),
        result=result,
    )


def quiz_result(
    *,
    quiz_id: int,
    quiz_title: str,
    course: dict,
    passed: bool,
    score_percent: Decimal,
    closed_at: dt.datetime,
) -> dict:
    """A closed quiz attempt (作答), graded by the server: passed or failed."""
    return _statement(
        "passed" if passed else "failed",
        activity(f"quizzes/{quiz_id}", ASSESSMENT_TYPE, quiz_title),
        at=closed_at,
        context=_in_course(course),
        result={"success": passed, "completion": True, **_score(score_percent)},
    )


def question_answered(
    *,
    quiz_id: int,
    quiz_title: str,
    question_id: int,
    question_text: str,
    course: dict,
    correct: bool,
    at: dt.datetime,
) -> dict:
    """One question of a closed attempt, as the server marked it."""
    quiz = activity(f"quizzes/{quiz_id}", ASSESSMENT_TYPE, quiz_title)
    return _statement(
        "answered",
        activity(f"quizzes/{quiz_id}/questions/{question_id}", QUESTION_TYPE,
                 question_text[:200]),
        at=at,
        context={"contextActivities": {"parent": [quiz], "grouping": [course]}},
        result={"success": correct},
    )  # fmt: skip


def practical_graded(
    *,
    lesson_id: int,
    lesson_title: str,
    course: dict,
    passed: bool,
    score: Decimal | None,
    graded_at: dt.datetime,
) -> dict:
    """Practical work (实操作业) graded by an instructor: completed, with the verdict
    and the score out of 100 when one was given."""
    return _statement(
        "completed",
        activity(f"practical/{lesson_id}", PERFORMANCE_TYPE, lesson_title),
        at=graded_at,
        context=_in_course(course),
        result={"completion": True, "success": passed, **_score(score)},
    )


def certificate_earned(
    *,
    serial: str,
    title: str,
    course: dict | None,
    issued_at: dt.datetime,
) -> dict:
    """A certificate (证书) this platform issued for a completed enrolment."""
    return _statement(
        "earned",
        activity(f"certificates/{serial}", CERTIFICATE_TYPE, title),
        at=issued_at,
        context=_in_course(course) if course else {},
        result={"completion": True, "success": True},
    )
