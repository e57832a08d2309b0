"""No URL shows one scope's records to another scope's users.

The demo (Sichuan: 51 / 510104 and its school) is one scope; a second one is built
in Guizhou (52 / 520102) with its own institution, courses, lesson, session,
enrolment, certificate, claim, workshop, competition, entry, photo, video and
people, each named with a marker. Every URL pattern of the site and the admin is
filled with the other scope's primary keys and fetched by every role of each
scope; a 200 whose body shows a marker of the other scope is a leak. New URLs are
covered without a new test; public pages are listed below with their reason.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from dataclasses import dataclass, field

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images import get_image_model
from wagtail.models import Collection, Page

from competitions.models import Competition, Entry, JudgeAssignment
from competitions.services import add_entry_photo, assign_judge
from courses.models import CoursePage, CourseSession, LessonPage, TrainingMode
from inheritors.models import Inheritor, Workshop
from lms.models import (
    Institution,
    Person,
    PopulationImport,
    Region,
    StatusPeriod,
    User,
)
from lms.roles import Role
from lms.roof import demo
from lms.services import import_population_list
from media.models import VideoAsset
from outreach.models import IpRecord, Survey, SurveyQuestion
from outreach.services import answer_survey
from tests import factories
from tests.competitions import helpers as contest
from tests.lms.population_helpers import csv_file, row
from tests.trainees.subsidies import factories as subsidy
from trainees.certificates.models import Certificate
from trainees.models import Enrolment
from trainees.subsidies import services as subsidy_services
from trainees.subsidies.models import Claim, Policy

COUNTY, PROVINCE = "520102", "520000"
MARK = "QZ7301"  # every private name in the second scope carries it
PER_MODEL = 3

# Pages anyone may open: what they show of a scope is public by design.
PUBLIC = {
    "competitions/": "the list of competitions open for registration",
    "competitions/<int:pk>/": "a competition's public announcement",
    "competitions/<int:pk>/register/": "registration form of a public competition",
    "competitions/<int:pk>/results/": "published results (公示)",
    "competitions/<int:pk>/gallery/": "the public exhibition gallery of the entries",
    "courses/<int:course_id>/enrol/": "enrolling in a public course names the course",
    "learn/quizzes/course/<int:course_id>/": "a public course's quiz list (titles)",
    "verify/<str:serial>/": "the public certificate verification page",
    "workshops/<int:page_id>/video.m3u8": "a workshop's public page video",
    "feeds/outstanding-cases.atom": "the published outstanding cases, for the media",
    "case-videos/<int:page_id>.m3u8": "a published outstanding case's video",
}
# Patterns that are not fetched, with the reason.
NOT_FETCHED = {
    "admin/logout/": "ends the session the test runs in",
    "accounts/logout/": "ends the session the test runs in",
    "learn/lessons/<int:lesson_id>/heartbeat": "POST only, writes watch time",
}

# URL arguments named after a model; other int arguments of a view set take its
# model, and the rest try one object of every model of the other scope.
BY_ARGUMENT = {
    "session_id": [CourseSession],
    "enrolment_id": [Enrolment],
    "entry_pk": [Entry],
    "lesson_id": [LessonPage],
    "course_id": [CoursePage],
    "asset_id": [VideoAsset],
    "image_id": [get_image_model()],
    "doc_id": [Document],
    "collection_id": [Collection],
    "page_id": [Page],
    "parent_page_id": [Page],
    "page_to_move_id": [Page],
    "page_pk": [Page],
}
# Site views whose ``pk`` names a model their view function does not declare.
BY_ROUTE = {
    "competitions/<int:pk>/": Competition,
    "competitions/entries/<int:pk>/": Entry,
    "competitions/entries/<int:pk>/withdraw/": Entry,
    "competitions/judging/<int:pk>/": JudgeAssignment,
    "competitions/judging/<int:pk>/entries/<int:entry_pk>/": JudgeAssignment,
    "competitions/judging/<int:pk>/chief/": JudgeAssignment,
    "workshops/mine/<int:pk>/confirm/": Workshop,
    "admin/videos/transcode/<int:pk>/": VideoAsset,
    "admin/videos/preview/<int:pk>/master.m3u8": VideoAsset,
    "admin/subsidy-claims/<int:pk>/evidence/": Claim,
    "brands/mine/<int:pk>/": IpRecord,
}


@dataclass
class Scope:
    """One side of the matrix: its users by role, objects by model, markers."""

    users: dict[str, User] = field(default_factory=dict)
    objects: dict[type, list[int]] = field(default_factory=dict)
    markers: set[str] = field(default_factory=set)
    serials: list[str] = field(default_factory=list)

    def add(self, obj) -> None:
        for model in type(obj)._meta.get_parent_list() + [type(obj)]:
            self.objects.setdefault(model, []).append(obj.pk)

    def ids(self, model) -> list[int]:
        """Keys of the scope's objects of this model (and its subclasses): three
        at most of each, enough to reach every kind of row in reasonable time."""
        found = []
        for known, ids in self.objects.items():
            if issubclass(known, model) or issubclass(model, known):
                found.extend(ids[:PER_MODEL])
        return sorted(set(found))

    def one_of_each(self) -> list[int]:
        """A key of one object of every model of the scope."""
        return sorted({ids[0] for ids in self.objects.values()})


def _photo(name: str) -> SimpleUploadedFile:
    data = io.BytesIO()
    PILImage.new("RGB", (32, 24), "red").save(data, "JPEG")
    return SimpleUploadedFile(name, data.getvalue(), content_type="image/jpeg")


def _guizhou() -> Scope:
    """The second scope, every row named with MARK."""
    scope = Scope()
    # Institutions, courses, lessons and open competitions are public pages: their
    # names carry no marker. Everything else does.
    school = factories.institution(COUNTY, name="黔南苗绣培训学校")
    course = factories.course(
        school,
        title="苗绣基础",
        region=Region.objects.get(code=COUNTY),
    )
    lesson = factories.lesson(course, title="苗绣第一课")
    onsite = factories.course(
        school,
        title="苗绣现场班",
        mode=TrainingMode.ONSITE,
        region=Region.objects.get(code=COUNTY),
    )
    now = dt.datetime.now(dt.UTC)
    session = CourseSession.objects.create(
        course=onsite,
        title=f"现场课次{MARK}",
        venue=f"南明区苗绣馆{MARK}",
        starts_at=now,
        ends_at=now + dt.timedelta(hours=3),
    )
    video = factories.video_asset(school, title=f"苗绣针法视频{MARK}")
    awarding = subsidy.course(school, title="苗绣补贴班")
    person = factories.person(name=f"黔学员{MARK}", region=COUNTY)
    enrolment = subsidy.trained(awarding, person=person)
    policy = subsidy.policy(COUNTY, name=f"南明区培训补贴{MARK}")
    submission = subsidy_services.submit_cohort_claims(
        course=awarding,
        policy=policy,
        submitted_by=factories.institution_staff(school),
        on=subsidy.TODAY,
    )
    leader_account = factories.UserFactory()
    leader = factories.workshop_leader(
        COUNTY, name=f"黔带头人{MARK}", account=leader_account
    )
    workshop = factories.workshop(
        COUNTY, name=f"南明苗绣工坊{MARK}", leader=leader, active=True
    )
    inheritor = factories.inheritor(COUNTY)
    inheritor.person.real_name = f"黔传承人{MARK}"
    inheritor.person.save(update_fields=["real_name"])
    competition = contest.competition(
        COUNTY, name="南明区苗绣技能大赛", organiser="南明区文化广电旅游局"
    )
    competitor = contest.person(name=f"黔选手{MARK}", region_code=COUNTY)
    entry = contest.enter(competition, competitor)
    add_entry_photo(
        entry=entry, file=_photo("work.jpg"), by=entry_user(), caption=f"作品{MARK}"
    )
    rural_officer = factories.officer(COUNTY, Role.RURAL_OFFICER)
    population_list = csv_file(
        [row(factories.id_number(region=COUNTY), name=f"黔脱贫{MARK}")],
        name=f"南明区脱贫人口名单{MARK}.csv",
    )
    population_import = import_population_list(
        file=population_list, file_name=population_list.name, by=rural_officer
    ).record
    judge_account = factories.UserFactory()
    judge = assign_judge(
        competition=competition,
        real_name=f"黔裁判{MARK}",
        id_number=contest.id_number(COUNTY, dt.date(1970, 1, 1)),
        account=judge_account,
        by=factories.UserFactory(is_superuser=True),
    )
    right = IpRecord.objects.create(
        workshop=workshop,
        kind=IpRecord.Kind.TRADEMARK,
        title=f"黔商标{MARK}",
        registration_number="99887766",
        holder="南明苗绣合作社",
        valid_from=dt.date(2020, 1, 1),
    )
    today = dt.date.today()
    survey = Survey.objects.create(
        region_id=COUNTY,
        title=f"南明区工坊调查{MARK}",
        period_start=today - dt.timedelta(days=30),
        period_end=today,
        opens_on=today - dt.timedelta(days=1),
        due_on=today + dt.timedelta(days=30),
    )
    question = SurveyQuestion.objects.create(
        survey=survey, text="遇到的困难", kind="text", required=False
    )
    survey_answer = answer_survey(
        survey=survey,
        workshop=workshop,
        user=leader_account,
        answers={f"q{question.pk}": f"困难{MARK}"},
        today=today,
    )
    for obj in (
        right,
        survey,
        survey_answer,
        school,
        course,
        lesson,
        onsite,
        session,
        video,
        awarding,
        person,
        enrolment,
        policy,
        *submission.claims,
        workshop,
        leader,
        inheritor,
        inheritor.person,
        competition,
        entry,
        judge,
        population_import,
        *population_import.status_periods.all(),
        *Person.objects.filter(real_name=f"黔脱贫{MARK}"),
        *entry.photos.all(),
        *[photo.image for photo in entry.photos.all()],
        *Certificate.objects.filter(enrolment=enrolment),
        Page.objects.get(pk=school.course_index.pk),
    ):
        scope.add(obj)
    if competition.photo_collection_id:
        scope.add(competition.photo_collection)
    scope.serials = list(
        Certificate.objects.filter(enrolment=enrolment).values_list("serial", flat=True)
    )
    scope.markers = {MARK}
    scope.users = {
        "institution admin": factories.institution_staff(school),
        "county culture officer": factories.officer(COUNTY),
        "province HR officer": factories.officer(PROVINCE, Role.HR_OFFICER),
        "county rural officer": rural_officer,
        "trainee": person.user,
        "workshop leader": leader_account,
        "judge": judge_account,
    }
    return scope


def entry_user() -> User:
    return factories.UserFactory()


# Rows of the demo (Sichuan) and the names that mark them. Institutions, courses,
# lessons, workshops and competitions have public pages: their names are no marker.
SICHUAN_MARKED = [
    (CourseSession, "venue"),
    (VideoAsset, "title"),
    (Policy, "name"),
    (Person, "real_name"),
    (PopulationImport, "file_name"),
    (Survey, "title"),
]
SICHUAN_UNMARKED = [
    Institution,
    CoursePage,
    LessonPage,
    Workshop,
    Competition,
    Enrolment,
    Claim,
    Certificate,
    Entry,
    JudgeAssignment,
    Inheritor,
    StatusPeriod,
]


def _sichuan() -> Scope:
    """The demo's objects (everything not of the second scope) and their names."""
    scope = Scope()
    for model, name in SICHUAN_MARKED:
        for obj in model.objects.exclude(**{f"{name}__contains": MARK}):
            scope.add(obj)
            if len(getattr(obj, name)) >= 3:
                scope.markers.add(getattr(obj, name))
    for model in SICHUAN_UNMARKED:
        for obj in model.objects.all():
            scope.add(obj)
    # A person with a public page (an inheritor's) is named there by design.
    scope.markers -= set(Page.objects.live().values_list("title", flat=True))
    for image in get_image_model().objects.exclude(title__contains=MARK):
        scope.add(image)
    school = Institution.objects.get(name=demo.DEMO_INSTITUTION["name"])
    for page in Page.objects.descendant_of(school.course_index, inclusive=True):
        scope.add(page)
    scope.serials = list(Certificate.objects.values_list("serial", flat=True))
    users = {
        user.username: user
        for user in User.objects.filter(
            username__in=[
                "school",
                "county",
                "province",
                "rural",
                "trainee",
                "leader",
                "judge1",
            ]
        )
    }
    scope.users = {
        "institution admin": users["school"],
        "county culture officer": users["county"],
        "province HR officer": users["province"],
        "county rural officer": users["rural"],
        "trainee": users["trainee"],
        "workshop leader": users["leader"],
        "judge": users["judge1"],
    }
    return scope


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Both scopes, built once for the module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        demo.load_demo()
        sichuan = _sichuan()
        guizhou = _guizhou()
        yield {"sichuan": sichuan, "guizhou": guizhou}
        transaction.set_rollback(True)


def _patterns(resolver=None, prefix=()):
    """Every URL pattern of the site: (route parts, callback)."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern, (*prefix, pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield (*prefix, pattern.pattern), pattern.callback


ARGUMENT = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def _route(parts) -> str | None:
    """The route as text; None for a regular expression that takes arguments."""
    route = ""
    for part in parts:
        if isinstance(part, RegexPattern):
            text = part._regex.lstrip("^").rstrip("$")
            if re.search(r"[()\[\]\\*+?|]", text):
                return None
            route += text
        else:
            route += str(part)
    return route


def _model_of(callback) -> type | None:
    model = (getattr(callback, "view_initkwargs", None) or {}).get("model")
    if model is None:
        model = getattr(getattr(callback, "view_class", None), "model", None)
    return model if isinstance(model, type) else None


def _urls(route: str, callback, other: Scope) -> list[str]:
    """The route filled with the other scope's keys (one URL per combination)."""
    urls = ["/" + route]
    view_model = BY_ROUTE.get(route) or _model_of(callback)
    guessed = False
    for match in ARGUMENT.finditer(route):
        converter, name = match["converter"] or "str", match["name"]
        if converter == "int":
            models_ = BY_ARGUMENT.get(name) or ([view_model] if view_model else None)
            if models_:
                values = [pk for model in models_ for pk in other.ids(model)]
            else:
                # Every key of the other scope for the first unknown argument,
                # one for the others: enough to reach the object, not a product.
                values = other.one_of_each() if not guessed else other.one_of_each()[:1]
                guessed = True
        elif name == "serial":
            values = other.serials
        elif name == "direction":
            values = ["in"]
        else:
            values = ["x"]
        urls = [
            url.replace(match[0], str(value), 1) for url in urls for value in values
        ]
    return urls


def _shown(text: str, markers: set[str]) -> list[str]:
    found = []
    for marker in markers:
        escaped = json.dumps(marker)[1:-1]
        if marker in text or escaped in text:
            found.append(marker)
    return found


def leaks(user: User, other: Scope) -> list[str]:
    """Each URL that shows the other scope's markers to this user."""
    client = Client(raise_request_exception=False)
    client.force_login(user)
    found = []
    for parts, callback in _patterns():
        route = _route(parts)
        if route is None or route in PUBLIC or route in NOT_FETCHED:
            continue
        for url in _urls(route, callback, other):
            response = client.get(url)
            if response.status_code != 200 or response.streaming:
                continue
            if not isinstance(response.content, bytes):
                continue
            text = response.content.decode("utf-8", errors="replace")
            shown = _shown(text, other.markers)
            if shown:
                at = text.find(sorted(shown)[0])
                found.append(f"{url} shows {text[max(0, at - 80) : at + 40]!r}")
    return found


ROLES = [
    "institution admin",
    "county culture officer",
    "province HR officer",
    "county rural officer",
    "trainee",
    "workshop leader",
    "judge",
]


@pytest.mark.parametrize("role", ROLES)
def test_no_url_shows_guizhou_to_a_sichuan_demo_role(world, db, role):
    found = leaks(world["sichuan"].users[role], world["guizhou"])
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("role", ROLES)
def test_no_url_shows_the_sichuan_demo_to_a_guizhou_role(world, db, role):
    found = leaks(world["guizhou"].users[role], world["sichuan"])
    assert found == [], "\n".join(found)


def test_the_matrix_reaches_the_reports_media_chooser_and_admin_api():
    routes = {_route(parts) for parts, _ in _patterns()}
    for route in (
        "admin/reports/site-history/",
        "admin/reports/site-history/results/",
        "admin/images/chooser/",
        "admin/api/main/images/",
        "admin/api/main/documents/",
        "media-hls/<int:asset_id>/poster.jpg",
    ):
        assert route in routes, route
