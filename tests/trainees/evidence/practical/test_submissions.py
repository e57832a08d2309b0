"""Handing in practical work: what is checked, what is kept, who may."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage

from media.models import VideoAsset
from tests import factories
from tests.trainees.evidence.practical import factories as make
from trainees.evidence.practical.models import (
    Submission,
    SubmissionPhoto,
    SubmissionStatus,
)
from trainees.evidence.practical.services import grade_submission, submit_practical_work

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    school = factories.institution("510104")
    course = make.practical_course(school)
    return {
        "school": school,
        "course": course,
        "task": make.task(course),
        "enrolment": make.enrolled(course),
    }


def submit(setting, **kwargs):
    return submit_practical_work(
        enrolment=setting["enrolment"], lesson=setting["task"], **kwargs
    )


def test_a_submission_keeps_text_and_photos_in_storage(setting):
    submission = submit(setting, text=" 叶脉用掺针 ", photos=[make.photo()])
    assert submission.text == "叶脉用掺针"
    assert submission.status == SubmissionStatus.SUBMITTED
    photo = submission.photos.get()
    assert (photo.width, photo.height) == (64, 48)
    assert photo.image.name.endswith(".jpg")
    assert default_storage.exists(photo.image.name)


def test_the_photo_type_is_read_from_the_content_not_the_name(setting):
    submission = submit(setting, photos=[make.photo("scan.gif", fmt="PNG")])
    assert submission.photos.get().image.name.endswith(".png")


def test_a_text_file_named_jpg_is_refused_and_nothing_is_stored(setting):
    with pytest.raises(ValidationError, match="is not a photo"):
        submit(setting, text="我的作品", photos=[make.photo(), make.text_file()])
    assert not Submission.objects.exists()
    assert not SubmissionPhoto.objects.exists()


def test_a_truncated_picture_is_refused(setting):
    whole = make.photo().read()
    broken = make.text_file("cut.jpg", whole[: len(whole) // 2])
    with pytest.raises(ValidationError, match="is not a photo"):
        submit(setting, photos=[broken])


def test_an_oversized_photo_is_refused_with_the_limit(setting, settings):
    settings.PRACTICAL_MAX_PHOTO_BYTES = 100
    with pytest.raises(ValidationError, match="may be at most 100"):
        submit(setting, photos=[make.photo()])
    assert not Submission.objects.exists()


def test_too_many_photos_are_refused(setting, settings):
    settings.PRACTICAL_MAX_PHOTOS = 2
    with pytest.raises(ValidationError, match="at most 2 photos"):
        submit(setting, photos=[make.photo(), make.photo(), make.photo()])


def test_an_empty_submission_is_refused(setting):
    with pytest.raises(ValidationError, match="Describe your work"):
        submit(setting, text="   ")


def test_a_non_video_is_refused_with_the_pipelines_message(setting):
    fake = make.text_file("work.mp4", b"hello, this is text" * 20)
    with pytest.raises(ValidationError, match="not a video that can be read"):
        submit(setting, text="见视频", video=fake)
    assert not Submission.objects.exists()
    assert not VideoAsset.objects.exists()


def test_a_cut_off_video_is_refused_as_damaged(setting, tmp_path):
    whole = make.video(tmp_path).read()
    cut = make.text_file("work.mp4", whole[: len(whole) // 2])
    with pytest.raises(ValidationError, match="damaged or incomplete"):
        submit(setting, video=cut)
    assert not VideoAsset.objects.exists()


def test_a_real_video_goes_into_the_media_pipeline(setting, tmp_path):
    submission = submit(setting, video=make.video(tmp_path))
    asset = submission.video
    assert asset.status == VideoAsset.Status.UPLOADED
    assert asset.institution == setting["school"]
    assert asset.uploaded_by == setting["enrolment"].user
    assert default_storage.exists(asset.original.name)


def test_a_too_long_video_is_refused(setting, settings, tmp_path):
    settings.PRACTICAL_MAX_VIDEO_SECONDS = 1
    with pytest.raises(ValidationError, match="keep it under 1 seconds"):
        submit(setting, video=make.video(tmp_path, seconds=3))


def test_a_trainee_may_resubmit_and_every_try_is_kept(setting):
    first = submit(setting, text="第一次")
    grade_submission(
        submission=first,
        graded_by=make.instructor(setting["school"]),
        passed=False,
        comment="针脚太稀",
    )
    second = submit(setting, text="第二次")
    assert list(Submission.objects.order_by("pk")) == [first, second]


def test_no_more_work_once_the_task_is_passed(setting):
    first = submit(setting, text="第一次")
    grade_submission(
        submission=first, graded_by=make.instructor(setting["school"]), passed=True
    )
    with pytest.raises(ValidationError, match="already been passed"):
        submit(setting, text="再交一次")
    assert Submission.objects.count() == 1


def test_a_withdrawn_trainee_cannot_hand_in(setting):
    setting["enrolment"].status = "withdrawn"
    setting["enrolment"].save()
    with pytest.raises(ValidationError, match="Only trainees on the course"):
        submit(setting, text="作品")


def test_a_reading_lesson_takes_no_work(setting):
    reading = factories.lesson(setting["course"], kind="reading")
    with pytest.raises(ValidationError, match="takes no practical work"):
        submit_practical_work(
            enrolment=setting["enrolment"], lesson=reading, text="作品"
        )


def test_a_task_of_another_course_is_refused(setting):
    other = make.task(make.practical_course(setting["school"], title="竹编实训"))
    with pytest.raises(ValidationError, match="another course"):
        submit_practical_work(enrolment=setting["enrolment"], lesson=other, text="作品")
