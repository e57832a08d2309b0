"""The outreach demo: a workshop with a trademark, a published outstanding case
with a video, and a survey the demo leader can answer; loading it again changes
nothing."""

import pytest
from django.urls import reverse

from inheritors.demo import LEADER_EMAIL
from inheritors.demo import load_demo as load_inheritors_demo
from lms.models import User
from media.demo import DEMO_VIDEOS
from outreach.demo import load_demo
from outreach.models import IpRecord, OutstandingCasePage, Survey
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    factories.officer("510104", email="county@jiangxin.local")
    factories.officer("510100", email="prefecture@jiangxin.local")
    factories.video_asset(title=DEMO_VIDEOS[0][0])
    load_inheritors_demo()
    return load_demo()


def test_the_demo_workshop_holds_a_trademark(demo):
    assert IpRecord.objects.get().kind == IpRecord.Kind.TRADEMARK


def test_the_demo_case_is_published_with_its_video_on_the_home_page(client, demo):
    case = OutstandingCasePage.objects.get()
    assert case.live and case.video is not None
    assert case.title in client.get("/").text


def test_the_demo_leader_can_answer_the_demo_survey(client, demo):
    client.force_login(User.objects.get(email=LEADER_EMAIL))
    response = client.get(reverse("outreach:my-surveys"))
    assert Survey.objects.get().title in response.text


def test_loading_the_demo_twice_changes_nothing(demo):
    assert demo == 3
    assert load_demo() == 0
