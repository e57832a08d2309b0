"""Registering entries: the window, eligibility, teams, photos and withdrawal."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from competitions.models import Competition, Entry
from competitions.services import (
    add_entry_photo,
    close_lapsed_registrations,
    withdraw_entry,
)
from tests import factories
from tests.competitions.helpers import competition, enter, judge, person

pytestmark = pytest.mark.django_db


def refusal(error: ValidationError) -> str:
    return " ".join(error.messages)


def test_an_eligible_person_registers_and_gets_the_next_number():
    contest = competition()
    first = enter(contest)
    second = enter(contest)
    assert (first.number, second.number) == (1, 2)
    assert first.members.get().person.real_name


def test_registration_before_the_window_opens_is_refused_with_the_date():
    opens = timezone.now() + dt.timedelta(days=2)
    contest = competition(registration_opens_at=opens)
    with pytest.raises(ValidationError) as error:
        enter(contest)
    assert "opens on" in refusal(error.value)
    assert not Entry.objects.exists()


def test_registration_after_the_window_closes_is_refused():
    now = timezone.now()
    contest = competition(
        registration_opens_at=now - dt.timedelta(days=5),
        registration_closes_at=now - dt.timedelta(minutes=1),
    )
    with pytest.raises(ValidationError) as error:
        enter(contest)
    assert "closed on" in refusal(error.value)


def test_a_draft_competition_takes_no_entries():
    with pytest.raises(ValidationError) as error:
        enter(competition(status=Competition.Status.DRAFT))
    assert "not open" in refusal(error.value)


def test_a_person_from_outside_the_eligible_region_is_refused_with_the_reason():
    contest = competition(eligible_region_id="510104")
    with pytest.raises(ValidationError) as error:
        enter(contest, person("张三", region_code="510105"))
    assert "张三" in refusal(error.value) and "锦江区" in refusal(error.value)


def test_a_person_of_a_county_inside_an_eligible_prefecture_may_enter():
    contest = competition(eligible_region_id="510100")
    assert enter(contest, person(region_code="510105"))


def test_a_person_without_a_known_household_region_cannot_enter_a_regional_contest():
    contest = competition(eligible_region_id="510104")
    with pytest.raises(ValidationError) as error:
        enter(contest, person(region_code=None))
    assert "unknown" in refusal(error.value)


def test_age_is_counted_on_the_first_day():
    contest = competition(max_age=22)
    first_day = contest.starts_on
    turns_23_on_the_day = first_day.replace(year=first_day.year - 23)
    with pytest.raises(ValidationError) as error:
        enter(contest, person(born=turns_23_on_the_day))
    assert "maximum age is 22" in refusal(error.value)
    one_day_younger = turns_23_on_the_day + dt.timedelta(days=1)
    assert enter(contest, person(born=one_day_younger))


def test_too_young_is_refused():
    contest = competition(min_age=16)
    born = contest.starts_on.replace(year=contest.starts_on.year - 15)
    with pytest.raises(ValidationError) as error:
        enter(contest, person(born=born))
    assert "minimum age is 16" in refusal(error.value)


def test_a_person_enters_a_competition_once():
    contest = competition()
    competitor = person()
    enter(contest, competitor)
    with pytest.raises(ValidationError) as error:
        enter(contest, competitor)
    assert "already entered" in refusal(error.value)
    assert contest.entries.count() == 1


def test_a_judge_cannot_compete_in_their_own_competition():
    contest = competition()
    panel_member = judge(contest)
    with pytest.raises(ValidationError) as error:
        enter(contest, panel_member.person)
    assert "judges this competition" in refusal(error.value)


def test_every_reason_for_a_refusal_is_given_at_once():
    contest = competition(eligible_region_id="510104", min_age=30)
    young_outsider = person(region_code="510105", born=dt.date(2005, 1, 1))
    with pytest.raises(ValidationError) as error:
        enter(contest, young_outsider)
    assert len(error.value.messages) == 2


def test_a_team_entry_needs_the_full_team_and_a_name():
    contest = competition(entry_kind="team", team_size=2)
    with pytest.raises(ValidationError) as error:
        enter(contest, person(), team_name="")
    messages = refusal(error.value)
    assert "2 competitors" in messages and "team name" in messages
    entry = enter(contest, person("甲"), person("乙"), team_name="锦绣队")
    assert entry.competitors == "锦绣队 (甲、乙)"


def test_an_entry_through_an_institution_must_name_it():
    contest = competition(requires_institution=True)
    with pytest.raises(ValidationError):
        enter(contest)
    school = factories.institution("510104")
    assert enter(contest, institution=school).institution == school


def png(name="work.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_photos_of_the_work_become_wagtail_images():
    entry = enter(competition())
    photo = add_entry_photo(entry=entry, file=png(), caption="芙蓉", by=None)
    entry.competition.refresh_from_db()
    assert photo.image.collection == entry.competition.photo_collection
    assert photo.image.collection.get_parent().name == "Competition entries"
    assert list(entry.photos.all()) == [photo]


def test_no_photos_once_judging_has_started():
    contest = competition()
    entry = enter(contest)
    Competition.objects.filter(pk=contest.pk).update(status="judging")
    with pytest.raises(ValidationError):
        add_entry_photo(entry=entry, file=png(), by=None)
    assert not entry.photos.exists()


def test_a_withdrawn_entry_stays_withdrawn():
    entry = enter(competition())
    withdraw_entry(entry=entry, by=None)
    entry.refresh_from_db()
    assert entry.status == Entry.Status.WITHDRAWN
    with pytest.raises(ValidationError):
        withdraw_entry(entry=entry, by=None)


def test_lapsed_registration_windows_are_closed_by_the_periodic_task():
    now = timezone.now()
    lapsed = competition(
        registration_opens_at=now - dt.timedelta(days=5),
        registration_closes_at=now - dt.timedelta(hours=1),
    )
    running = competition()
    assert close_lapsed_registrations(now=now) == 1
    lapsed.refresh_from_db()
    running.refresh_from_db()
    assert lapsed.status == Competition.Status.CLOSED
    assert running.status == Competition.Status.OPEN


def test_the_beat_task_runs_the_closing_service():
    from competitions.tasks import close_lapsed_registrations_task

    now = timezone.now()
    lapsed = competition(
        registration_opens_at=now - dt.timedelta(days=5),
        registration_closes_at=now - dt.timedelta(hours=1),
    )
    assert close_lapsed_registrations_task() == 1
    lapsed.refresh_from_db()
    assert lapsed.status == Competition.Status.CLOSED
