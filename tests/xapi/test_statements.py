"""Each statement builder against its profile: the xAPI Video Profile's verbs,
required result and context extensions (their IRIs), and the other evidence."""

import datetime as dt
import json
import os
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from xapi import rules, statements

AT = dt.datetime(2026, 5, 4, 9, 30, tzinfo=dt.UTC)
COURSE = statements.course_activity(7, "蜀绣基础")
VIDEO = "https://w3id.org/xapi/video/extensions/"


def video(event: str, **overrides):
    fields = {
        "session_id": 11,
        "lesson_id": 21,
        "lesson_title": "针法示范",
        "course": COURSE,
        "duration": 20.0,
        "required_share": 90,
        "position_before": 4.0,
        "position": 10.0,
        "intervals": [[0.0, 4.0], [6.5, 10.0]],
        "covered_seconds": 7.5,
        "at": AT,
    }
    return statements.video_event(event, **{**fields, **overrides})


def test_played_carries_the_time_and_the_verified_segments():
    played = video("played")
    assert played["verb"]["id"] == "https://w3id.org/xapi/video/verbs/played"
    assert played["result"]["extensions"] == {
        VIDEO + "time": 10.0,
        VIDEO + "played-segments": "0[.]4[,]6.5[.]10",
    }


def test_paused_carries_progress_and_the_length_the_profile_requires():
    paused = video("paused")
    assert paused["verb"]["id"] == "https://w3id.org/xapi/video/verbs/paused"
    assert paused["result"]["extensions"][VIDEO + "progress"] == 0.375
    assert paused["result"]["extensions"][VIDEO + "played-segments"]
    assert paused["context"]["extensions"][VIDEO + "length"] == 20.0


def test_seeked_says_from_where_to_where():
    seeked = video("seeked")
    assert seeked["verb"]["id"] == "https://w3id.org/xapi/video/verbs/seeked"
    assert seeked["result"]["extensions"] == {
        VIDEO + "time-from": 4.0,
        VIDEO + "time-to": 10.0,
    }


def test_completed_is_complete_with_progress_segments_and_duration():
    completed = video("completed", covered_seconds=18.0, intervals=[[0.0, 18.0]])
    assert completed["verb"]["id"] == "http://adlnet.gov/expapi/verbs/completed"
    result = completed["result"]
    assert result["completion"] is True
    assert result["duration"] == "PT18S"
    assert result["extensions"][VIDEO + "progress"] == 0.9
    assert result["extensions"][VIDEO + "played-segments"] == "0[.]18"
    assert completed["context"]["extensions"][VIDEO + "length"] == 20.0


def test_every_video_statement_names_the_profile_the_video_and_its_session():
    for event in ("played", "paused", "seeked", "completed"):
        statement = video(event)
        context = statement["context"]
        assert context["contextActivities"]["category"] == [
            {
                "id": "https://w3id.org/xapi/video",
                "definition": {"type": "http://adlnet.gov/expapi/activities/profile"},
            }
        ]
        assert context["contextActivities"]["parent"] == [COURSE]
        assert statement["object"]["definition"]["type"] == (
            "https://w3id.org/xapi/video/activity-type/video"
        )
        assert context["registration"] == context["extensions"][VIDEO + "session-id"]
        assert statement["timestamp"] == "2026-05-04T09:30:00.000+00:00"


def test_the_same_playback_session_always_has_the_same_registration():
    assert (
        video("played")["context"]["registration"]
        == (video("paused", position=12.0)["context"]["registration"])
    )
    assert (
        video("played")["context"]["registration"]
        != (video("played", session_id=12)["context"]["registration"])
    )


def test_a_video_with_nothing_verified_has_no_empty_segments():
    played = video("played", intervals=[], covered_seconds=0)
    assert VIDEO + "played-segments" not in played["result"]["extensions"]


def test_the_actor_is_an_account_of_the_site_named_by_an_opaque_id(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://jiangxin.example.cn/"
    actor = statements.actor("3f1c7e4e-0000-4000-8000-000000000001")
    assert actor == {
        "objectType": "Agent",
        "account": {
            "homePage": "https://jiangxin.example.cn",
            "name": "3f1c7e4e-0000-4000-8000-000000000001",
        },
    }


def test_attendance_is_attended_with_the_credited_time_once_checked_out():
    statement = statements.attended(
        session_id=3,
        session_title="第一课",
        course=COURSE,
        checked_in_at=AT,
        checked_out_at=AT + dt.timedelta(hours=2),
        credited_seconds=7200,
    )
    assert statement["verb"]["id"] == "http://adlnet.gov/expapi/verbs/attended"
    assert statement["result"] == {"completion": True, "duration": "PT2H"}


def test_a_quiz_attempt_is_passed_or_failed_with_its_score():
    passed = statements.quiz_result(
        quiz_id=5,
        quiz_title="测验",
        course=COURSE,
        passed=True,
        score_percent=Decimal("66.67"),
        closed_at=AT,
    )
    assert passed["verb"]["id"] == "http://adlnet.gov/expapi/verbs/passed"
    assert passed["result"]["score"] == {
        "scaled": 0.6667,
        "raw": 66.67,
        "min": 0,
        "max": 100,
    }
    failed = statements.quiz_result(
        quiz_id=5,
        quiz_title="测验",
        course=COURSE,
        passed=False,
        score_percent=Decimal(0),
        closed_at=AT,
    )
    assert failed["verb"]["id"] == "http://adlnet.gov/expapi/verbs/failed"
    assert failed["result"]["success"] is False


def test_practical_work_is_completed_with_its_score():
    statement = statements.practical_graded(
        lesson_id=9,
        lesson_title="绣一片叶",
        course=COURSE,
        passed=True,
        score=Decimal("82.5"),
        graded_at=AT,
    )
    assert statement["verb"]["id"] == "http://adlnet.gov/expapi/verbs/completed"
    assert statement["result"]["score"]["raw"] == 82.5
    assert statement["result"]["success"] is True


def test_a_certificate_is_earned():
    statement = statements.certificate_earned(
        serial="JX2026000001", title="蜀绣基础", course=COURSE, issued_at=AT
    )
    assert statement["verb"]["id"] == "http://id.tincanapi.com/verb/earned"
    assert statement["object"]["id"].endswith("/certificates/JX2026000001")


@pytest.mark.parametrize(
    ("intervals", "text"),
    [
        ([], ""),
        ([[0, 5]], "0[.]5"),
        ([[0.0, 4.25], [12.3333, 20.0]], "0[.]4.25[,]12.333[.]20"),
    ],
)
def test_played_segments_are_written_as_the_profile_says(intervals, text):
    assert rules.played_segments(intervals) == text


def test_ralph_accepts_each_video_statement_as_its_profile_model(ralph_venv):
    """Ralph's own Video Profile models (``ralph validate -f xapi``, failing on any
    statement none of them recognises) accept every video statement built here."""
    lines = []
    for event in ("played", "paused", "seeked", "completed"):
        statement = video(event)
        statement["id"] = "2b8c4a4e-9c1e-4b0a-9d6a-5f1e0c3b7a1" + str(len(lines))
        statement["actor"] = statements.actor("3f1c7e4e-0000-4000-8000-000000000001")
        lines.append(json.dumps(statement, ensure_ascii=False))
    result = subprocess.run(
        [Path(ralph_venv) / "bin" / "ralph", "validate", "-f", "xapi", "-F"],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "RALPH_RUNSERVER_BACKEND": "fs"},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert len([line for line in result.stdout.splitlines() if line.strip()]) == 4
