"""A certificate renders on a machine without system fonts: the CJK font comes with
the install. ``unshare -m`` with an empty file system over /usr/share/fonts stands in
for such a machine (ENVIRONMENT.md); the rendering runs in that subprocess."""

import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests import factories

ROOT = Path(__file__).resolve().parents[3]

RENDER = """
import datetime as dt, os, sys
from decimal import Decimal
import django
django.setup()
from lms.models import Person
from trainees.certificates.models import Certificate
from trainees.certificates.pdf import cjk_font, render_certificate

left = [p for p in os.scandir("/usr/share/fonts")]
assert not left, f"system fonts still visible: {left}"
person = Person(real_name="王小凤")
person.set_id_number(sys.argv[1])
certificate = Certificate(
    kind="training",
    person=person,
    course_title="蜀绣基础",
    hours=Decimal("12"),
    started_on=dt.date(2026, 3, 1),
    ended_on=dt.date(2026, 4, 30),
    issuing_body="成都蜀锦蜀绣职业技能培训学校",
    serial="T000051010426260001",
    verification_code="A1B2C3D4",
    issued_on=dt.date(2026, 5, 1),
)
print(cjk_font()[0], file=sys.stderr)
sys.stdout.buffer.write(render_certificate(certificate))
"""


def _without_system_fonts(command: list[str]) -> list[str]:
    hide = 'mount -t tmpfs none /usr/share/fonts && exec "$@"'
    return ["unshare", "-m", "sh", "-c", hide, "sh", *command]


@pytest.fixture
def machine_without_fonts():
    if shutil.which("unshare") is None:
        pytest.skip("no unshare on this machine to hide /usr/share/fonts")
    if not Path("/usr/share/fonts").is_dir():
        return  # already a machine without system fonts
    probe = subprocess.run(
        _without_system_fonts(["true"]), capture_output=True, text=True
    )
    if probe.returncode != 0:
        pytest.skip(f"unshare -m is not permitted here: {probe.stderr.strip()}")


def test_a_certificate_renders_in_chinese_without_system_fonts(machine_without_fonts):
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings_test",
        "PYTHONPATH": str(ROOT),
    }
    environment.pop("CERTIFICATE_FONTS", None)
    command = [sys.executable, "-c", RENDER, factories.id_number()]
    if Path("/usr/share/fonts").is_dir():
        command = _without_system_fonts(command)

    done = subprocess.run(
        command, cwd=ROOT, env=environment, capture_output=True, timeout=300
    )

    assert done.returncode == 0, done.stderr.decode()
    assert "noto_cjk_sans_otc" in done.stderr.decode()
    page = PdfReader(io.BytesIO(done.stdout)).pages[0]
    # pypdf reads fpdf2's two-byte glyph codes with NULs between characters.
    text = "".join(page.extract_text().replace("\x00", "").split())
    assert "培训合格证书" in text
    assert "王小凤" in text
    assert "成都蜀锦蜀绣职业技能培训学校" in text
