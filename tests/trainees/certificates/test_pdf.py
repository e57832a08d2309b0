"""The certificate PDF: Chinese text in an embedded font, and a QR code that leads
to the verification page."""

import io

import pytest
import zxingcpp
from django.core.exceptions import ImproperlyConfigured, ValidationError
from pypdf import PdfReader

from tests.trainees.certificates import factories as cf
from trainees.certificates import pdf
from trainees.certificates.services import (
    record_external_certificate,
    store_certificate_pdf,
)
from trainees.certificates.tasks import render_certificate_pdf_task

pytestmark = pytest.mark.django_db


@pytest.fixture
def stored(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://jiangxin.example.cn"
    certificate = cf.certificate(name="王小凤")
    return store_certificate_pdf(certificate_id=certificate.pk)


def _reader(certificate) -> PdfReader:
    with certificate.pdf.open("rb") as handle:
        return PdfReader(io.BytesIO(handle.read()))


def test_the_pdf_text_carries_the_serial_the_chinese_name_and_the_id_number(stored):
    # pypdf reads fpdf2's two-byte glyph codes with NULs between characters.
    text = "".join(_reader(stored).pages[0].extract_text().replace("\x00", "").split())
    assert stored.serial in text
    assert "王小凤" in text
    assert stored.person.id_number in text
    assert "培训合格证书" in text
    assert "蜀绣基础" in text


def test_the_cjk_font_is_embedded_in_the_pdf(stored):
    page = _reader(stored).pages[0]
    fonts = [font.get_object() for font in page["/Resources"]["/Font"].values()]
    descendants = [f["/DescendantFonts"][0].get_object() for f in fonts]
    assert any(
        "/FontFile2" in d["/FontDescriptor"] or "/FontFile3" in d["/FontDescriptor"]
        for d in descendants
    )


def test_the_qr_code_in_the_pdf_decodes_to_the_verification_url(stored):
    images = _reader(stored).pages[0].images
    assert len(images) == 1
    decoded = [code.text for code in zxingcpp.read_barcodes(images[0].image)]
    assert decoded == [f"https://jiangxin.example.cn/verify/{stored.serial}/"]


def test_the_task_stores_the_pdf_through_the_storage_api():
    certificate = cf.certificate()
    render_certificate_pdf_task.run(certificate.pk)
    certificate.refresh_from_db()
    assert certificate.pdf.name.endswith(f"{certificate.serial}.pdf")
    assert certificate.pdf.storage.exists(certificate.pdf.name)


def test_without_a_cjk_font_the_error_names_the_setting_and_the_package(settings):
    settings.CERTIFICATE_FONTS = ["/nowhere/font.ttc#2"]
    with pytest.raises(ImproperlyConfigured, match="noto-cjk-sans-otc") as error:
        pdf.cjk_font()
    assert "CERTIFICATE_FONTS" in str(error.value)


def test_a_configured_font_face_is_used(settings):
    bundled = str(pdf.BUNDLED_NOTO_SANS_CJK)
    settings.CERTIFICATE_FONTS = ["/nowhere/font.ttc", f"{bundled}#3"]
    assert pdf.cjk_font() == (bundled, 3)


def test_without_the_setting_the_font_installed_with_jiangxin_comes_first(settings):
    settings.CERTIFICATE_FONTS = []
    assert pdf.cjk_font() == (str(pdf.BUNDLED_NOTO_SANS_CJK), 2)


def test_a_certificate_issued_elsewhere_gets_no_pdf():
    import datetime as dt

    from lms.models import Region
    from tests import factories

    certificate = record_external_certificate(
        real_name="赵六",
        id_number=factories.id_number(),
        kind="skill_level",
        serial="S000051000001262600001",
        issuing_body="四川省某职业技能评价机构",
        issued_on=dt.date(2026, 3, 1),
        skill_level=30,
        region=Region.objects.get(code="510104"),
        by=factories.UserFactory(is_superuser=True),
    )
    with pytest.raises(ValidationError, match="issued elsewhere"):
        store_certificate_pdf(certificate_id=certificate.pk)
