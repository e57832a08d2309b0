"""The certificate as a PDF: Chinese text in an embedded CJK font (so it renders on
any machine) and a QR code to the public verification page.

The document's wording is Chinese whatever the interface language: it is the
official form a province standardises (DOMAIN.md §1.4), not a page of the site.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path

import segno
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import timezone
from fpdf import FPDF
from noto_cjk_sans_otc import FONT_PATH as BUNDLED_NOTO_SANS_CJK

from lms.skills import CertificateKind, SkillLevel

# fontTools logs every table it subsets at INFO: noise in the worker's log.
logging.getLogger("fontTools").setLevel(logging.WARNING)

# First the Noto Sans CJK collection that the install brings (the noto-cjk-sans-otc
# package, SIL Open Font License 1.1), so a certificate renders on a machine without
# system fonts; then where Debian (fonts-noto-cjk, fonts-wqy-microhei), Fedora and
# Arch put CJK fonts. "#2" picks the Simplified Chinese face of a .ttc collection.
DEFAULT_CJK_FONTS = [
    f"{BUNDLED_NOTO_SANS_CJK}#2",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc#2",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc#2",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc#2",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc#2",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc#0",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc#0",
]

TITLES = {
    CertificateKind.QUALIFICATION: "职业资格证书",
    CertificateKind.TRAINING: "培训合格证书",
    CertificateKind.SPECIAL_ABILITY: "专项职业能力证书",
    CertificateKind.SKILL_LEVEL: "职业技能等级证书",
}
LEVELS = {
    SkillLevel.APPRENTICE: "学徒工",
    SkillLevel.LEVEL_5: "五级 / 初级工",
    SkillLevel.LEVEL_4: "四级 / 中级工",
    SkillLevel.LEVEL_3: "三级 / 高级工",
    SkillLevel.LEVEL_2: "二级 / 技师",
    SkillLevel.LEVEL_1: "一级 / 高级技师",
    SkillLevel.SPECIAL: "特级技师",
    SkillLevel.CHIEF: "首席技师",
}


def cjk_font() -> tuple[str, int]:
    """The first font of CERTIFICATE_FONTS ("path" or "path#face") that exists."""
    candidates = getattr(settings, "CERTIFICATE_FONTS", None) or DEFAULT_CJK_FONTS
    for candidate in candidates:
        path, _sep, face = candidate.partition("#")
        if Path(path).is_file():
            return path, int(face or 0)
    raise ImproperlyConfigured(
        "No font with Chinese glyphs for certificate PDFs was found at any of "
        f"{', '.join(candidates)}. Set the CERTIFICATE_FONTS environment variable to "
        'the path of a CJK font (append "#N" to choose the face of a .ttc '
        "collection), or leave it empty to use the Noto Sans CJK font installed with "
        "Jiangxin (the noto-cjk-sans-otc package)."
    )


def verification_url(serial: str) -> str:
    """The absolute address of the public verification page of a certificate."""
    base = getattr(settings, "SITE_URL", "") or settings.WAGTAILADMIN_BASE_URL
    return base.rstrip("/") + reverse("certificates:verify", args=[serial])


def qr_png(url: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(buffer, kind="png", scale=10, border=4)
    return buffer.getvalue()


def _date(value) -> str:
    return f"{value:%Y年%m月%d日}" if value else ""


def _rows(certificate, *, masked: bool) -> list[tuple[str, str]]:
    person = certificate.person
    rows = [
        ("姓　　名", person.real_name),
        ("身份证号", person.id_number_masked if masked else person.id_number),
        ("培训项目", certificate.course_title),
    ]
    if certificate.occupation:
        rows.append(("职业（工种）", certificate.occupation))
    if certificate.skill_level:
        rows.append(("等　　级", LEVELS.get(certificate.skill_level, "")))
    rows += [
        (
            "培训时间",
            f"{_date(certificate.started_on)} 至 {_date(certificate.ended_on)}",
        ),
        ("学　　时", f"{certificate.hours.normalize():f}" if certificate.hours else ""),
        ("培训机构", certificate.issuer_name),
        ("发证日期", _date(certificate.issued_on)),
        ("证书编号", certificate.serial),
        ("验 证 码", certificate.verification_code),
    ]
    return rows


def render_certificate(certificate, *, masked: bool = False) -> bytes:
    """The PDF of a certificate issued here, as bytes (A4 landscape). The stored
    copy is the holder's and carries the full ID number; a ``masked`` copy (for
    staff and the evidence archive) shows it as 510104********0011."""
    path, face = cjk_font()
    url = verification_url(certificate.serial)
    document = FPDF(orientation="L", unit="mm", format="A4")
    document.set_auto_page_break(False)
    document.set_creator("匠心 Jiangxin")
    document.set_title(f"{TITLES[certificate.kind]} {certificate.serial}")
    document.set_creation_date(timezone.now())
    document.add_font("cjk", fname=path, collection_font_number=face)
    document.add_page()

    document.set_draw_color(150, 40, 30)
    document.set_line_width(1.2)
    document.rect(10, 10, 277, 190)
    document.set_line_width(0.3)
    document.rect(14, 14, 269, 182)

    document.set_text_color(150, 40, 30)
    document.set_font("cjk", size=30)
    document.set_xy(14, 26)
    document.cell(269, 14, TITLES[certificate.kind], align="C")

    document.set_text_color(30, 30, 30)
    top = 55
    for number, (label, value) in enumerate(_rows(certificate, masked=masked)):
        y = top + number * 11
        document.set_font("cjk", size=13)
        document.set_xy(36, y)
        document.cell(36, 9, label)
        document.set_font("cjk", size=14)
        document.set_xy(74, y)
        document.cell(140, 9, value)

    document.image(io.BytesIO(qr_png(url)), x=222, y=120, w=50, h=50)
    document.set_font("cjk", size=9)
    document.set_xy(212, 171)
    document.cell(70, 5, "扫码验证证书真伪", align="C")
    document.set_xy(150, 184)
    document.cell(132, 5, url, align="R")
    return bytes(document.output())
