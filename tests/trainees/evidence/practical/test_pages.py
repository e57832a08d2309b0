"""The trainee's pages: hand in work at /learn/lessons/<id>/practical/, see grades."""

import pytest
from django.urls import reverse

from tests import factories
from tests.trainees.evidence.practical import factories as make
from trainees.evidence.practical.models import Submission
from trainees.evidence.practical.services import grade_submission, submit_practical_work

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    school = factories.institution("510104")
    course = make.practical_course(school)
    lesson = make.task(course)
    enrolment = make.enrolled(course)
    return {
        "school": school,
        "lesson": lesson,
        "enrolment": enrolment,
        "url": reverse("practical:task", args=[lesson.pk]),
    }


def test_an_enrolled_trainee_sees_the_task_and_the_form(client, setting):
    client.force_login(setting["enrolment"].user)
    response = client.get(setting["url"])
    assert response.status_code == 200
    assert "绣一片叶子" in response.text
    assert "Hand in your work" in response.text


def test_a_stranger_gets_404(client, setting):
    client.force_login(factories.trainee())
    assert client.get(setting["url"]).status_code == 404
    response = client.post(setting["url"], {"text": "偷偷交"})
    assert response.status_code == 404
    assert not Submission.objects.exists()


def test_an_anonymous_visitor_is_sent_to_log_in(client, setting):
    assert client.get(setting["url"]).status_code == 302


def test_a_reading_lesson_has_no_practical_page(client, setting):
    reading = factories.lesson(setting["lesson"].get_parent(), kind="reading")
    client.force_login(setting["enrolment"].user)
    url = reverse("practical:task", args=[reading.pk])
    assert client.get(url).status_code == 404


def test_handing_in_text_and_photos_stores_them(client, setting):
    client.force_login(setting["enrolment"].user)
    response = client.post(
        setting["url"],
        {"text": "叶脉用掺针", "photos": [make.photo("a.jpg"), make.photo("b.jpg")]},
    )
    assert response.status_code == 302
    submission = Submission.objects.get()
    assert submission.photos.count() == 2
    page = client.get(setting["url"])
    assert "叶脉用掺针" in page.text and "Waiting for a grade" in page.text


def test_a_bad_photo_is_explained_and_the_text_is_kept_in_the_form(client, setting):
    client.force_login(setting["enrolment"].user)
    response = client.post(
        setting["url"], {"text": "我的作品说明", "photos": [make.text_file("x.jpg")]}
    )
    assert response.status_code == 400
    assert "x.jpg is not a photo" in response.text
    assert "我的作品说明" in response.text
    assert not Submission.objects.exists()


def test_a_non_video_is_explained(client, setting):
    client.force_login(setting["enrolment"].user)
    response = client.post(
        setting["url"],
        {"text": "视频", "video": make.text_file("work.mp4", b"text, not video" * 9)},
    )
    assert response.status_code == 400
    assert "not a video that can be read" in response.text


def test_the_grade_and_comment_show_on_the_task_and_in_my_results(client, setting):
    work = submit_practical_work(
        enrolment=setting["enrolment"], lesson=setting["lesson"], text="作品"
    )
    grade_submission(
        submission=work,
        graded_by=make.instructor(setting["school"]),
        passed=False,
        comment="针脚要更密一些",
    )
    client.force_login(setting["enrolment"].user)
    task_page = client.get(setting["url"])
    assert "针脚要更密一些" in task_page.text and "Not passed yet" in task_page.text
    assert "Hand in again" in task_page.text
    mine = client.get(reverse("practical:mine"))
    assert "针脚要更密一些" in mine.text


def test_a_passed_task_offers_no_form(client, setting):
    work = submit_practical_work(
        enrolment=setting["enrolment"], lesson=setting["lesson"], text="作品"
    )
    grade_submission(
        submission=work, graded_by=make.instructor(setting["school"]), passed=True
    )
    client.force_login(setting["enrolment"].user)
    page = client.get(setting["url"])
    assert "You have passed this task." in page.text
    assert '<form method="post" enctype' not in page.text


def test_a_photo_is_served_to_its_trainee_and_staff_only(client, setting):
    work = submit_practical_work(
        enrolment=setting["enrolment"], lesson=setting["lesson"], photos=[make.photo()]
    )
    url = reverse("practical:photo", args=[work.photos.get().pk])
    client.force_login(setting["enrolment"].user)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    client.force_login(make.instructor(setting["school"]))
    assert client.get(url).status_code == 200
    client.force_login(factories.trainee())
    assert client.get(url).status_code == 404
    client.force_login(make.instructor(factories.institution("510105")))
    assert client.get(url).status_code == 404
