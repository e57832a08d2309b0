"""Each role's main journey, at 375 px and at 1,280 px, in Chinese (see conftest)."""

import io
import re

import pytest
from PIL import Image

from lms.roof.demo import DEMO_PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.journey,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def assert_no_problems(walk) -> None:
    assert not walk.problems, "\n".join(walk.problems)


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
    assert_no_problems(walk)
