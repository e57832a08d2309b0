"""Who downloads which copy of a certificate PDF: the holder's carries the full ID
number, staff get it masked unless they may see full numbers."""

import io

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from pypdf import PdfReader

from lms.roles import Role
from tests import factories
from tests.trainees.certificates import factories as cf
from trainees.certificates.services import store_certificate_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate():
    return store_certificate_pdf(certificate_id=cf.certificate(name="王小凤").pk)


def pdf_text(client, certificate) -> str:
    response = client.get(reverse("certificates:download", args=[certificate.serial]))
    assert response.status_code == 200
    data = (
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    page = PdfReader(io.BytesIO(data)).pages[0]
    return "".join(page.extract_text().replace("\x00", "").split())


def test_the_holder_downloads_the_full_id_number(client, certificate):
    client.force_login(certificate.person.user)
    assert certificate.person.id_number in pdf_text(client, certificate)


def test_institution_staff_download_a_masked_copy(client, certificate):
    client.force_login(factories.institution_staff(certificate.institution))
    text = pdf_text(client, certificate)
    assert certificate.person.id_number not in text
    assert certificate.person.id_number_masked in text
    assert certificate.serial in text and "王小凤" in text


def test_a_county_officer_downloads_a_masked_copy(client, certificate):
    client.force_login(factories.officer("510104", Role.HR_OFFICER))
    assert certificate.person.id_number not in pdf_text(client, certificate)


def test_an_officer_who_may_see_full_numbers_gets_them(client, certificate):
    officer = factories.officer("510104", Role.HR_OFFICER)
    officer.user_permissions.add(Permission.objects.get(codename="view_full_id_number"))
    client.force_login(officer)
    assert certificate.person.id_number in pdf_text(client, certificate)


def test_another_countys_officer_finds_no_certificate(client, certificate):
    client.force_login(factories.officer("510105", Role.HR_OFFICER))
    url = reverse("certificates:download", args=[certificate.serial])
    assert client.get(url).status_code == 404
