"""The bad-input corpus: every case is posted to the real URL as the real role, and
must get its status and message back with no row changed and no file written.

The table below is data: add a row when a new bad input is found. Run it on SQLite
and on PostgreSQL (DATABASE_URL), whose column ranges are the stricter ones.
"""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook
from wagtail.models import Revision

from competitions.models import Entry
from inheritors.models import IchItem, IchListing
from lms.models import Person
from lms.roles import Role
from media import ffmpeg
from media.models import VideoAsset
from tests import factories
from tests.competitions import helpers as contest
from tests.conftest import skip_or_fail
from tests.trainees.evidence.attendance import factories as att
from tests.trainees.evidence.quizzes import factories as quizzes
from tests.trainees.subsidies import factories as subsidy
from trainees import services as trainee_services
from trainees import watch
from trainees.evidence.attendance.models import Attendance
from trainees.evidence.attendance.tokens import Direction, make_token
from trainees.evidence.quizzes.models import Attempt, AttemptQuestion
from trainees.evidence.quizzes.services import start_attempt
from trainees.models import LessonProgress, PlaybackSession
from trainees.subsidies.models import Claim

pytestmark = pytest.mark.django_db

FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")
ITEM_HEADER = ["项目编号", "项目名称", "类别", "级别", "地区代码", "批次", "公布年份"]
ITEM_HEADER += ["类型", "保护单位"]
GOOD_ITEM = ["Ⅶ-21", "蜀绣", "传统美术", "国家级", "510100", "1", "2006", "新增项目"]
GOOD_ITEM += ["成都市非遗保护中心"]


# --- The world each case needs, built lazily -------------------------------------


class World:
    """The rows a case acts on; only those its endpoint touches are created."""

    def __init__(self, tmp_path: Path):
        self.tmp_path = tmp_path

    @cached_property
    def school(self):
        return factories.institution("510104", "锦江蜀绣学校")

    @cached_property
    def playback(self) -> PlaybackSession:
        course = factories.course(self.school, completion_share=90)
        video = factories.video_asset(self.school, duration=20.0)
        lesson = factories.lesson(course, kind="video", video=video, title="针法")
        self.learner = factories.trainee()
        trainee_services.enrol_trainee(user=self.learner, course=course)
        return watch.start_playback(user=self.learner, lesson=lesson)

    @cached_property
    def onsite(self):
        return att.session(att.onsite_course(self.school))

    @cached_property
    def onsite_enrolment(self):
        return att.enrolled_trainee(self.onsite.course)

    @cached_property
    def instructor(self):
        return factories.institution_staff(self.school, Role.INSTRUCTOR)

    @cached_property
    def trained(self):
        subsidy.policy("510100", valid_until=dt.date(2099, 12, 31))
        return subsidy.trained(subsidy.course(self.school), hours=5)

    @cached_property
    def hr_officer(self):
        subsidy.policy("510104")
        return factories.officer("510104", Role.HR_OFFICER)

    @cached_property
    def culture_officer(self):
        return factories.officer("510100")

    @cached_property
    def admin(self):
        return factories.UserFactory(is_superuser=True, is_staff=True)

    @cached_property
    def course_page(self):
        return factories.course(self.school)

    @cached_property
    def known_person(self) -> Person:
        return factories.person("王秀兰")

    @cached_property
    def competition(self):
        return contest.competition()

    @cached_property
    def competitor(self):
        self.known_person.user = factories.trainee()
        self.known_person.save(update_fields=["user"])
        return factories.trainee()

    @cached_property
    def attempt(self):
        course = factories.course(self.school, title="蜀绣测验")
        quiz = quizzes.quiz(course, questions=2, max_attempts=2)
        self.quiz_taker, _ = quizzes.enrolled(course)
        return start_attempt(quiz=quiz, user=self.quiz_taker)

    @cached_property
    def clip(self) -> bytes:
        return _clip(self.tmp_path)

    def value(self, template):
        """A payload with the world's values put in: {key}, {known_id},
        {known_id_fw} (full-width), {clip} and friends."""
        if callable(template):
            return template(self)
        if isinstance(template, dict):
            return {k: self.value(v) for k, v in template.items()}
        if isinstance(template, str):
            for name, value in PLACEHOLDERS.items():
                if name in template:
                    template = template.replace(name, value(self))
        return template


PLACEHOLDERS = {
    "{key}": lambda world: world.playback.key,
    "{known_id}": lambda world: world.known_person.id_number,
    "{known_id_fw}": lambda world: world.known_person.id_number.translate(FULL_WIDTH),
}


def _clip(tmp_path: Path) -> bytes:
    try:
        binary = ffmpeg.ffmpeg_binary()
    except FileNotFoundError:
        skip_or_fail("no ffmpeg")
    target = tmp_path / "clip.mp4"
    command = [binary, "-v", "error", "-y", "-f", "lavfi"]
    command += ["-i", "testsrc=size=320x240:rate=25:duration=2"]
    command += ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]
    subprocess.run([*command, str(target)], check=True, timeout=60)
    return target.read_bytes()


# --- Files a case uploads ----------------------------------------------------------


def _xlsx(*rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _csv(*rows) -> bytes:
    return "\n".join(",".join(row) for row in rows).encode("utf-8")


def _item(**changes) -> list[str]:
    row = dict(zip(ITEM_HEADER, GOOD_ITEM, strict=True))
    names = {
        "batch": "批次",
        "year": "公布年份",
        "name": "项目名称",
        "unit": "保护单位",
    }
    for key, value in changes.items():
        row[names[key]] = value
    return list(row.values())


def _truncated_sheet() -> bytes:
    """A workbook whose zip is whole but whose sheet XML stops half-way."""
    source = zipfile.ZipFile(io.BytesIO(_xlsx(ITEM_HEADER, *[GOOD_ITEM] * 50)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.endswith("sheet1.xml"):
                data = data[: len(data) // 2]
            target.writestr(info, data)
    return buffer.getvalue()


def upload(name: str, content) -> Callable[[World], dict]:
    def make(world: World) -> dict:
        data = content(world) if callable(content) else content
        return {"file": SimpleUploadedFile(name, data)}

    return make


def video(name: str, content) -> Callable[[World], dict]:
    def make(world: World) -> dict:
        data = content(world) if callable(content) else content
        return {
            "title": "蜀绣 · 平针",
            "institution": world.school.pk,
            "original": SimpleUploadedFile(name, data),
        }

    return make


# --- Endpoints: the URL, the role, how to send, what must not change ---------------


@dataclass(frozen=True)
class Endpoint:
    url: Callable[[World], str]
    user: Callable[[World], object]
    send: str  # "json" (raw body), "post", "get"
    state: Callable[[World], tuple]
    body: Callable[[object], str] = lambda response: response.content.decode()


def _json_error(response) -> str:
    return response.json()["error"]


def _scan_url(world: World) -> str:
    token = make_token(session_id=world.onsite.pk, direction=Direction.IN)
    world.onsite_enrolment  # noqa: B018 - the trainee must hold a place
    return reverse("attendance:scan", args=[world.onsite.pk, token])


def _page_edit_data(world: World) -> dict:
    page = world.course_page
    return {"title": page.title, "slug": page.slug, "summary": page.summary}


ENDPOINTS = {
    "heartbeat": Endpoint(
        url=lambda w: reverse(
            "trainees:heartbeat", args=[w.playback.progress.lesson_id]
        ),
        user=lambda w: w.learner,
        send="json",
        state=lambda w: (
            PlaybackSession.objects.get(pk=w.playback.pk).last_sequence,
            LessonProgress.objects.count(),
        ),
        body=_json_error,
    ),
    "scan": Endpoint(
        url=_scan_url,
        user=lambda w: w.onsite_enrolment.user,
        send="post",
        state=lambda w: (Attendance.objects.count(),),
    ),
    "mark": Endpoint(
        url=lambda w: reverse(
            "attendance:mark", args=[w.onsite.pk, w.onsite_enrolment.pk]
        ),
        user=lambda w: w.instructor,
        send="post",
        state=lambda w: (Attendance.objects.count(),),
    ),
    "item import": Endpoint(
        url=lambda w: reverse("ich-items:import"),
        user=lambda w: w.culture_officer,
        send="post",
        state=lambda w: (IchItem.objects.count(), IchListing.objects.count()),
    ),
    "subsidy apply": Endpoint(
        url=lambda w: reverse("subsidies:apply", args=[w.trained.pk]),
        user=lambda w: w.trained.user,
        send="post",
        state=lambda w: (Claim.objects.count(),),
    ),
    "eligibility report": Endpoint(
        url=lambda w: reverse("subsidy-claims:eligibility_report"),
        user=lambda w: w.hr_officer,
        send="get",
        state=lambda w: (Claim.objects.count(),),
    ),
    "page edit": Endpoint(
        url=lambda w: reverse("wagtailadmin_pages:edit", args=[w.course_page.pk]),
        user=lambda w: w.admin,
        send="post",
        state=lambda w: (Revision.objects.count(),),
    ),
    "person add": Endpoint(
        url=lambda w: reverse("people:add"),
        user=lambda w: w.admin,
        send="post",
        state=lambda w: (w.known_person.real_name, Person.objects.count()),
    ),
    "competition registration": Endpoint(
        url=lambda w: reverse("competitions:register", args=[w.competition.pk]),
        user=lambda w: w.competitor,
        send="post",
        state=lambda w: (Person.objects.count(), Entry.objects.count()),
    ),
    "quiz answer": Endpoint(
        url=lambda w: reverse("quizzes:attempt", args=[w.attempt.pk]),
        user=lambda w: w.quiz_taker,
        send="post",
        state=lambda w: (
            Attempt.objects.get(pk=w.attempt.pk).is_open,
            sorted(map(str, AttemptQuestion.objects.values_list("selected"))),
        ),
    ),
    "video upload": Endpoint(
        url=lambda w: reverse("videos:add"),
        user=lambda w: factories.institution_staff(w.school, Role.INSTRUCTOR),
        send="post",
        state=lambda w: (VideoAsset.objects.count(),),
    ),
}


# --- The corpus ------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    name: str
    endpoint: str
    payload: object
    status: int
    message: str


def beat(**fields) -> str:
    """A heartbeat body: good values, then ``fields`` spelled as raw JSON text."""
    values = {"session": '"{key}"', "seq": "1", "position": "1.0"}
    values |= {"playing": "true", "rate": "1.0", **fields}
    return "{" + ", ".join(f'"{k}": {v}' for k, v in values.items()) + "}"


def where(latitude: str, longitude: str = "104.081") -> dict:
    return {"latitude": latitude, "longitude": longitude}


def marked(checked_in_at: str) -> dict:
    return {"checked_in_at": checked_in_at, "reason": "老人没有智能手机"}


def person(id_number: str, mobile: str = "", name: str = "李四") -> dict:
    return {"real_name": name, "id_number": id_number, "mobile": mobile}


def answer(value: str) -> Callable[[World], dict]:
    def make(world: World) -> dict:
        first = world.attempt.items.values_list("question_id", flat=True).first()
        return {f"q{first}": value, "action": "submit"}

    return make


BIG = "1" + "0" * 400
CASES = [
    # Heartbeats: numbers beyond their columns, NaN, deep nesting, wrong types.
    Case("seq 10^400", "heartbeat", beat(seq=BIG), 400, "sequence number"),
    Case("seq 2^63", "heartbeat", beat(seq=str(2**63)), 400, "sequence number"),
    Case("seq 2^31", "heartbeat", beat(seq=str(2**31)), 400, "sequence number"),
    Case("seq negative", "heartbeat", beat(seq="-5"), 400, "sequence number"),
    Case("seq true", "heartbeat", beat(seq="true"), 400, "sequence number"),
    Case("seq fraction", "heartbeat", beat(seq="1.5"), 400, "sequence number"),
    Case("seq text digits", "heartbeat", beat(seq='"７"'), 400, "sequence number"),
    Case("position 10^400", "heartbeat", beat(position=BIG), 400, "position"),
    Case("position 1e400", "heartbeat", beat(position="1e400"), 400, "position"),
    Case("position NaN", "heartbeat", beat(position="NaN"), 400, "not valid JSON"),
    Case("position inf", "heartbeat", beat(position="Infinity"), 400, "valid JSON"),
    Case("rate 10^400", "heartbeat", beat(rate=BIG), 400, "playback rate"),
    Case("rate -Infinity", "heartbeat", beat(rate="-Infinity"), 400, "valid JSON"),
    Case("deep nesting", "heartbeat", "[" * 50_000, 400, "larger than"),
    Case("nesting in 4 KB", "heartbeat", "[" * 1000 + "]" * 1000, 400, "nested"),
    Case("5000-digit body", "heartbeat", "9" * 5000, 400, "larger than"),
    Case("seq 3900 digits", "heartbeat", beat(seq="9" * 3900), 400, "sequence number"),
    Case("not UTF-8", "heartbeat", b'{"seq": "\xff"}', 400, "not valid JSON"),
    Case("empty body", "heartbeat", "", 400, "JSON object"),
    Case("a list", "heartbeat", "[1, 2]", 400, "JSON object"),
    Case("session a number", "heartbeat", beat(session="7"), 400, "session"),
    # The QR scan's coordinates.
    Case("latitude NaN", "scan", where("NaN"), 400, "location could not be read"),
    Case("latitude nan", "scan", where("nan"), 400, "location could not be read"),
    Case("latitude inf", "scan", where("Infinity"), 400, "location could not be read"),
    Case("latitude 1e400", "scan", where("1e400"), 400, "location could not be read"),
    Case("latitude 91", "scan", where("91"), 400, "location could not be read"),
    Case("latitude sNaN", "scan", where("sNaN"), 400, "location could not be read"),
    Case("longitude -inf", "scan", where("30.65", "-inf"), 400, "could not be read"),
    Case(
        "latitude full", "scan", where("３０.６５"), 400, "location could not be read"
    ),
    Case("latitude huge", "scan", where("9" * 5000), 400, "location could not be read"),
    # A mark by hand.
    Case("year 1", "mark", marked("0001-01-01T00:00"), 400, "day of the session"),
    Case("year 9999", "mark", marked("9999-12-31T23:59"), 400, "day of the session"),
    Case("month 13", "mark", marked("2026-13-01T09:00"), 400, "valid date/time"),
    Case("not a date", "mark", marked("yesterday"), 400, "valid date/time"),
    # The ICH item import.
    Case(
        "batch 10^20",
        "item import",
        upload("items.xlsx", _xlsx(ITEM_HEADER, _item(batch=str(10**20)))),
        200,
        "the batch",
    ),
    Case(
        "batch 40000",
        "item import",
        upload("items.xlsx", _xlsx(ITEM_HEADER, _item(batch="40000"))),
        200,
        "not between 1 and 32767",
    ),
    Case(
        "batch 0",
        "item import",
        upload("items.csv", _csv(ITEM_HEADER, _item(batch="0"))),
        200,
        "not between 1 and 32767",
    ),
    Case(
        "csv field over the reader's limit",
        "item import",
        upload("items.csv", _csv(ITEM_HEADER, _item(name="绣" * 140_000))),
        200,
        "cannot be read",
    ),
    Case(
        "cell over 2000 characters",
        "item import",
        upload("items.xlsx", _xlsx(ITEM_HEADER, _item(unit="单位" * 1500))),
        200,
        "longer than 2000 characters",
    ),
    Case(
        "protection unit over 200",
        "item import",
        upload("items.csv", _csv(ITEM_HEADER, _item(unit="单" * 201))),
        200,
        "longer than 200 characters",
    ),
    Case(
        "truncated sheet",
        "item import",
        upload("items.xlsx", _truncated_sheet()),
        200,
        "damaged",
    ),
    Case(
        "truncated zip",
        "item import",
        upload("items.xlsx", _xlsx(ITEM_HEADER, GOOD_ITEM)[:500]),
        200,
        "not a readable .xlsx",
    ),
    Case(
        "year 10^30",
        "item import",
        upload("items.csv", _csv(ITEM_HEADER, _item(year=str(10**30)))),
        200,
        "not a year since 1990",
    ),
    Case(
        "year in Chinese numerals",
        "item import",
        upload("items.csv", _csv(ITEM_HEADER, _item(year="二〇〇六"))),
        200,
        "not a year since 1990",
    ),
    Case(
        "CSV with NUL",
        "item import",
        upload("items.csv", b"\x00" * 10),
        200,
        "The file is empty",
    ),
    # The policy named by the subsidy forms.
    Case("policy abc", "subsidy apply", {"policy": "abc"}, 400, "whole number"),
    Case("policy empty", "subsidy apply", {"policy": ""}, 400, "is missing"),
    Case("policy absent", "subsidy apply", {}, 400, "is missing"),
    Case("policy SQL", "subsidy apply", {"policy": "1 OR 1=1"}, 400, "whole number"),
    Case("policy 10^30", "subsidy apply", {"policy": str(10**30)}, 400, "whole number"),
    Case("policy 2^63", "subsidy apply", {"policy": str(2**63)}, 400, "between 1 and"),
    Case("policy 0", "subsidy apply", {"policy": "0"}, 400, "between 1 and"),
    Case("policy -1", "subsidy apply", {"policy": "-1"}, 400, "between 1 and"),
    Case("policy full-width", "subsidy apply", {"policy": "１"}, 400, "whole number"),
    Case("report abc", "eligibility report", {"policy": "abc"}, 400, "whole number"),
    Case("report empty", "eligibility report", {"policy": ""}, 400, "is missing"),
    Case("report absent", "eligibility report", {}, 400, "is missing"),
    Case("report SQL", "eligibility report", {"policy": "1 OR 1=1"}, 400, "number"),
    Case("report 1.5", "eligibility report", {"policy": "1.5"}, 400, "whole number"),
    Case("report 2^63", "eligibility report", {"policy": str(2**63)}, 400, "between"),
    # A page edit without its StreamField's keys.
    Case("no body-count", "page edit", _page_edit_data, 400, "body-count"),
    Case(
        "body-count abc",
        "page edit",
        lambda w: {**_page_edit_data(w), "body-count": "abc"},
        400,
        "whole number",
    ),
    Case(
        "body-count 10^9",
        "page edit",
        lambda w: {**_page_edit_data(w), "body-count": "1000000000"},
        400,
        "between 0 and 1000",
    ),
    Case(
        "body-count 1, no block",
        "page edit",
        lambda w: {**_page_edit_data(w), "body-count": "1"},
        400,
        "body-0-deleted",
    ),
    # ID and mobile numbers where a person is registered.
    Case(
        "full-width copy of a known number, other name",
        "person add",
        person("{known_id_fw}"),
        200,
        "already registered under another name",
    ),
    Case(
        "known number with spaces, other name",
        "person add",
        lambda w: person(" ".join(w.known_person.id_number)),
        200,
        "already registered under another name",
    ),
    Case(
        "mobile not-a-number",
        "person add",
        person("{known_id}", "not-a-number"),
        200,
        "mobile number has 11 digits",
    ),
    Case(
        "mobile 12 digits",
        "person add",
        person("{known_id}", "138123456789"),
        200,
        "mobile number has 11 digits",
    ),
    Case(
        "mobile 2",
        "person add",
        person("{known_id}", "12812345678"),
        200,
        "mobile number has 11 digits",
    ),
    Case(
        "ID checksum", "person add", person("11010519491231002Y"), 200, "18 characters"
    ),
    Case(
        "ID Arabic-Indic",
        "person add",
        person("١١٠١٠٥١٩٤٩١٢٣١٠٠٢X"),
        200,
        "18 characters",
    ),
    Case(
        "ID province 99",
        "person add",
        person("990105194912310021"),
        200,
        "province code",
    ),
    Case(
        "ID 8300 not 830000",
        "person add",
        person("830100199001010011"),
        200,
        "province code",
    ),
    Case("ID born 1870", "person add", person("110105187001010011"), 200, "impossible"),
    Case(
        "full-width copy of someone else's number",
        "competition registration",
        lambda w: {"real_name": "王秀兰", "id_number": w.value("{known_id_fw}")},
        200,
        "could not register you with these details",
    ),
    # A quiz answer names a choice by its id.
    Case("answer ²", "quiz answer", answer("²"), 200, "could not be read"),
    Case("answer 5000 digits", "quiz answer", answer("9" * 5000), 200, "not be read"),
    Case("answer Arabic-Indic", "quiz answer", answer("٣"), 200, "could not be read"),
    Case("answer 0", "quiz answer", answer("0"), 200, "could not be read"),
    Case("answer 2^63", "quiz answer", answer(str(2**63)), 200, "could not be read"),
    # Videos read to their end before anything is stored.
    Case(
        "text as video",
        "video upload",
        video("notes.mp4", b"hello " * 100),
        200,
        "not a video that can be read",
    ),
    Case(
        "truncated clip",
        "video upload",
        video("cut.mp4", lambda w: w.clip[: len(w.clip) * 2 // 3]),
        200,
        "damaged or incomplete",
    ),
    Case("empty video", "video upload", video("empty.mp4", b""), 200, "empty"),
]


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 60
    assert len({case.name for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_a_bad_input_gets_its_status_and_message_and_changes_nothing(
    client, settings, tmp_path, case
):
    world = World(tmp_path)
    endpoint = ENDPOINTS[case.endpoint]
    url = endpoint.url(world)
    payload = world.value(case.payload)
    client.force_login(endpoint.user(world))
    before = endpoint.state(world)
    media = Path(settings.MEDIA_ROOT)
    files_before = sorted(media.rglob("*")) if media.exists() else []

    if endpoint.send == "json":
        body = payload.encode() if isinstance(payload, str) else payload
        response = client.post(url, body, content_type="application/json")
    elif endpoint.send == "get":
        response = client.get(url, payload)
    else:
        if case.endpoint == "scan":
            client.get(url)  # the phone opens the code first
        response = client.post(url, payload)

    text = endpoint.body(response)
    assert response.status_code == case.status, text[:3000]
    assert case.message in unicodedata.normalize("NFC", text), text[:3000]
    assert endpoint.state(world) == before
    files_after = sorted(media.rglob("*")) if media.exists() else []
    assert files_after == files_before
