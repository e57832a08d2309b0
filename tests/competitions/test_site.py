"""The competitions site: registering from a phone, one's own entries, and the
public results and gallery that exist only once results are published."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from competitions.models import Competition, Entry
from competitions.services import publish_results
from lms.models import Person
from tests import factories
from tests.competitions.helpers import (
    competition,
    enter,
    id_number,
    person,
    ready_for_judging,
)
from tests.competitions.test_results import lock, mark

pytestmark = pytest.mark.django_db


def png(name="work.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_the_list_shows_open_competitions_but_not_drafts(client):
    competition(name="锦江蜀绣大赛")
    competition(name="草稿大赛", status=Competition.Status.DRAFT)
    response = client.get(reverse("competitions:list"))
    assert "锦江蜀绣大赛" in response.text and "草稿大赛" not in response.text


def test_a_draft_has_no_public_page(client):
    draft = competition(status=Competition.Status.DRAFT)
    assert (
        client.get(reverse("competitions:detail", args=[draft.pk])).status_code == 404
    )


def test_a_new_account_registers_with_name_id_number_and_photos(client):
    contest = competition(eligible_region_id="510104")
    user = factories.trainee()
    client.force_login(user)
    number = id_number("510104", dt.date(1992, 8, 8))
    response = client.post(
        reverse("competitions:register", args=[contest.pk]),
        {
            "real_name": "陈秀英",
            "id_number": number,
            "household_region": "510104",
            "skill_level": "4",
            "workshop_name": "锦江蜀绣工坊",
            "description": "芙蓉锦鲤双面绣",
            "photos": [png("a.png"), png("b.png")],
        },
    )
    assert response.status_code == 302
    entry = Entry.objects.get()
    assert entry.members.get().person == Person.objects.get(user=user)
    assert entry.members.get().skill_level == "4"
    assert entry.photos.count() == 2


def test_an_ineligible_registration_shows_the_reason_and_keeps_the_input(client):
    contest = competition(eligible_region_id="510104")
    me = person("刘洋", region_code="510105")
    user = factories.trainee()
    Person.objects.filter(pk=me.pk).update(user=user)
    client.force_login(user)
    response = client.post(
        reverse("competitions:register", args=[contest.pk]),
        {"description": "竹编果盘", "workshop_name": "青羊竹编"},
    )
    assert response.status_code == 200
    assert "锦江区" in response.text
    assert "竹编果盘" in response.text
    assert not Entry.objects.exists()


def test_someone_elses_id_number_does_not_register_them(client):
    owner = factories.trainee()
    victim = person("周杰", user=owner)
    contest = competition()
    client.force_login(factories.trainee())
    response = client.post(
        reverse("competitions:register", args=[contest.pk]),
        {"real_name": "周杰", "id_number": victim.id_number},
    )
    assert response.status_code == 200
    assert not Entry.objects.exists()


def test_registration_outside_the_window_shows_why(client):
    now = timezone.now()
    contest = competition(
        registration_opens_at=now - dt.timedelta(days=9),
        registration_closes_at=now - dt.timedelta(days=1),
    )
    client.force_login(factories.trainee())
    response = client.get(reverse("competitions:register", args=[contest.pk]))
    assert "closed on" in response.text or "截止" in response.text
    assert "<form" not in response.text.split("</header>")[1]


def test_a_team_registers_its_teammates_by_name_and_id_number(client):
    contest = competition(entry_kind="team", team_size=2)
    me = person("队长")
    user = factories.trainee()
    Person.objects.filter(pk=me.pk).update(user=user)
    client.force_login(user)
    response = client.post(
        reverse("competitions:register", args=[contest.pk]),
        {
            "team_name": "锦官城队",
            "name_2": "队员",
            "id_number_2": id_number("510105"),
        },
    )
    assert response.status_code == 302
    assert Entry.objects.get().competitors == "锦官城队 (队长、队员)"


def test_a_competitor_sees_and_withdraws_their_own_entry_only(client):
    contest = competition()
    user = factories.trainee()
    mine = enter(contest, person(user=user))
    theirs = enter(contest)
    client.force_login(user)
    assert client.get(reverse("competitions:entry", args=[mine.pk])).status_code == 200
    assert (
        client.get(reverse("competitions:entry", args=[theirs.pk])).status_code == 404
    )
    client.post(reverse("competitions:withdraw", args=[theirs.pk]))
    theirs.refresh_from_db()
    assert theirs.status == Entry.Status.REGISTERED
    client.post(reverse("competitions:withdraw", args=[mine.pk]))
    mine.refresh_from_db()
    assert mine.status == Entry.Status.WITHDRAWN


@pytest.fixture
def finished():
    contest = competition(award_rule="national")
    panel, entries = ready_for_judging(contest)
    mark(contest, panel, entries[0], practical_m="36", scores=(2, 3, 3), theory_m="25")
    mark(contest, panel, entries[1], practical_m="30", scores=(2, 2, 2), theory_m="20")
    lock(contest, panel)
    return contest, entries


def test_results_and_gallery_are_hidden_until_published(client, finished):
    contest, _entries = finished
    for name in ("results", "gallery"):
        assert (
            client.get(reverse(f"competitions:{name}", args=[contest.pk])).status_code
            == 404
        )


def test_published_results_show_names_affiliations_and_awards_not_id_numbers(
    client, finished
):
    contest, entries = finished
    publish_results(competition=contest, by=None)
    response = client.get(reverse("competitions:results", args=[contest.pk]))
    assert response.status_code == 200
    winner = entries[0].members.get().person
    assert winner.real_name in response.text
    assert "87.67" in response.text
    assert winner.id_number_masked not in response.text
    assert winner.id_number not in response.text


def test_the_gallery_shows_the_photos_of_the_works(client, finished):
    from wagtail.images import get_image_model

    from competitions.models import EntryPhoto

    contest, entries = finished
    image = get_image_model().objects.create(title="作品", file=png())
    EntryPhoto.objects.create(entry=entries[0], image=image, caption="芙蓉锦鲤")
    publish_results(competition=contest, by=None)
    response = client.get(reverse("competitions:gallery", args=[contest.pk]))
    assert "芙蓉锦鲤" in response.text and "<img" in response.text


def test_awards_appear_on_the_competitors_own_record(client, finished):
    contest, entries = finished
    publish_results(competition=contest, by=None)
    winner = entries[0].members.get().person
    user = factories.trainee()
    Person.objects.filter(pk=winner.pk).update(user=user)
    client.force_login(user)
    response = client.get(reverse("competitions:mine"))
    assert contest.name in response.text
    assert "gold" in response.text.lower() or "金牌" in response.text
    assert "Promoted to" in response.text or "晋升" in response.text
