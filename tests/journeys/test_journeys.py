"""Each role's main journey, at 375 px and at 1,280 px, in Chinese (see conftest)."""

import io
import re

import pytest
from django.urls import reverse
from PIL import Image

from lms.roof.demo import DEMO_PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.journey,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def photo_file(tmp_path):
    path = tmp_path / "芙蓉叶.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), (190, 90, 70)).save(buffer, format="JPEG")
    path.write_bytes(buffer.getvalue())
    return path


def test_trainee_continues_a_course_plays_quizzes_hands_in_and_sees_the_results(
    journey, tmp_path
):
    walk = journey("trainee")
    page = walk.page
    walk.sign_in("trainee@jiangxin.local", DEMO_PASSWORD)
    walk.check("my-learning")

    page.get_by_role("link", name="蜀绣针法入门（远程）").first.click()
    walk.check("course")
    page.get_by_role("link", name=re.compile("^(开始|继续)学习")).first.click()
    page.wait_for_selector("video")
    page.locator("video").evaluate("v => { v.muted = true; return v.play(); }")
    page.wait_for_function(
        "document.querySelector('video').currentTime > 1", timeout=30_000
    )
    walk.check("lesson")

    walk.go("/me/")
    page.get_by_role("link", name="测验").first.click()
    page.get_by_role("link", name="蜀绣针法小测验").click()
    walk.check("quiz")
    page.locator("main button[type=submit]").first.click()
    page.wait_for_selector("input[type=radio], input[type=checkbox]")
    for name in set(
        page.eval_on_selector_all(
            "input[type=radio], input[type=checkbox]", "els => els.map(e => e.name)"
        )
    ):
        page.locator(f"input[name='{name}']").first.check()
    walk.check("quiz-answers")
    page.locator("button[name=action][value=submit]").click()
    page.wait_for_load_state()
    walk.check("quiz-result")

    walk.go("/me/")
    page.get_by_role("link", name="蜀绣针法入门（远程）").first.click()
    page.get_by_role("link", name=re.compile("芙蓉叶")).first.click()
    if not page.locator("textarea[name=text]").count():
        page.get_by_role("link", name=re.compile("交作业|提交|实训")).first.click()
    page.fill("textarea[name=text]", "叶脉用掺针，叶尖用套针。")
    page.set_input_files("input[name=photos]", str(photo_file(tmp_path)))
    page.locator("form.practical-form button[type=submit]").click()
    page.wait_for_selector(".message.success, .messages .success", timeout=60_000)
    walk.check("hand-in")

    walk.go("/me/certificates/")
    walk.check("certificates")
    walk.go("/learn/subsidies/")
    walk.check("subsidies")
    walk.assert_fine()


@pytest.fixture
def transcode_in_a_thread(monkeypatch, demo):
    """After the demo is loaded, new videos are transcoded beside the live server,
    as the Celery worker would, so their page can follow the progress."""
    import threading

    from django.db import connection

    from media import services

    def run(asset_id: int) -> None:
        def work() -> None:
            try:
                services.transcode_video(asset_id=asset_id)
            finally:
                connection.close()

        threading.Thread(target=work, daemon=True).start()

    monkeypatch.setattr(services, "_enqueue", run)


def test_institution_admin_uploads_a_video_watches_it_convert_and_publishes_the_course(
    journey, tmp_path, transcode_in_a_thread
):
    from courses.models import CoursePage
    from media.demo import _generate

    clip = _generate(tmp_path, "testsrc=size=426x240:rate=25", 440, 3)
    walk = journey("school")
    page = walk.page
    walk.sign_in("school@jiangxin.local", DEMO_PASSWORD)
    walk.go("/admin/")
    walk.check("admin-home")
    walk.go(reverse("videos:add"))
    page.fill("input[name=title]", "蜀绣针法：打籽绣")
    page.set_input_files("input[name=original]", str(clip))
    walk.check("upload-form")
    page.locator("#w-editor-form button[type=submit]").first.click()
    page.wait_for_url("**/inspect/**", timeout=60_000)
    walk.check("transcode-progress")
    page.wait_for_selector("video[data-hls]", timeout=120_000)
    walk.check("video-ready")

    course = CoursePage.objects.get(title__contains="远程")
    walk.go(f"/admin/pages/{course.pk}/edit/")
    walk.check("course-editor")
    # "Publish" waits in the footer's drop-down menu; pressing it is the same click.
    with page.expect_navigation():
        page.evaluate("document.querySelector('button[name=action-publish]').click()")
    page.wait_for_selector(".messages .success", timeout=60_000)
    walk.check("course-published")
    walk.assert_fine()


def test_hr_officer_opens_the_queue_opens_a_claim_and_returns_it_with_a_reason(
    journey,
):
    from trainees.subsidies.models import Claim

    walk = journey("hr")
    page = walk.page
    walk.sign_in("province@jiangxin.local", DEMO_PASSWORD)
    walk.go(reverse("subsidy-claims:index"))
    walk.check("queue")
    claim = Claim.objects.filter(state__in=["submitted", "under_review"]).first()
    assert claim is not None, "the demo keeps a claim waiting for review"
    walk.go(reverse("subsidy-claims:edit", args=[claim.pk]))
    walk.check("claim")
    page.fill("textarea[name=reason]", "身份证复印件不清晰，请重新上传。")
    page.locator("button[name=step][value=return]").click()
    page.wait_for_load_state()
    walk.check("claim-returned")
    claim.refresh_from_db()
    assert claim.state == "returned"
    walk.assert_fine()


def test_culture_officer_confirms_a_workshop_for_the_year(journey):
    from django.utils import timezone

    from inheritors.models import Workshop

    walk = journey("culture")
    page = walk.page
    walk.sign_in("county@jiangxin.local", DEMO_PASSWORD)
    walk.go(reverse("workshops:index"))
    walk.check("workshops")
    workshop = Workshop.objects.get(name__contains="锦江蜀绣")
    walk.go(reverse("workshops:confirm", args=[workshop.pk]))
    walk.check("confirm-form")
    page.check("input[name=accurate]")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_selector(".messages .success", timeout=60_000)
    walk.check("confirmed")
    assert workshop.confirmations.filter(year=timezone.localdate().year).exists()
    walk.assert_fine()


def test_judge_scores_an_entry_of_a_contest_being_judged_and_sees_the_total(journey):
    from competitions.demo import NEWCOMERS

    walk = journey("judge")
    page = walk.page
    walk.sign_in("judge1@jiangxin.local", DEMO_PASSWORD)
    walk.go(reverse("competitions:judging-home"))
    walk.check("judging-home")
    page.get_by_role("link", name=NEWCOMERS).click()
    page.wait_for_load_state()
    walk.check("competition")
    page.locator("main ul.entries a").first.click()
    page.wait_for_load_state()
    walk.check("score-sheet")
    for name in set(
        page.eval_on_selector_all(
            "form.score-sheet input[type=radio]", "els => els.map(e => e.name)"
        )
    ):
        page.locator(f"form.score-sheet input[name='{name}']").last.check()
    numbers = page.locator("form.score-sheet input[type=number]")
    assert numbers.count(), "the chief judge records the measurements"
    for index in range(numbers.count()):
        field = numbers.nth(index)
        field.fill(field.get_attribute("max"))
    walk.check("score-sheet-filled")
    page.locator("form.score-sheet button[type=submit]").click()
    page.wait_for_selector(".messages .success", timeout=60_000)
    walk.check("scored")
    page.locator("main ul.entries a").first.click()
    page.wait_for_load_state()
    # Full marks on every aspect: 40 + 30 for the practical, 30 for the theory.
    assert page.locator("form.score-sheet .total .figure").inner_text().strip() in (
        "100",
        "100.00",
        "100.0",
    )
    walk.check("own-total")
    walk.assert_fine()
