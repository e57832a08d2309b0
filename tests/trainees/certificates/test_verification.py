"""The public verification page, the trainee's list and the PDF download."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from lms.identity import mask_name
from tests import factories
from tests.trainees.certificates import factories as cf
from trainees.certificates.services import revoke_certificate, store_certificate_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()
    yield
    cache.clear()


def verify_url(serial: str) -> str:
    return reverse("certificates:verify", args=[serial])


@pytest.mark.parametrize(
    ("name", "masked"),
    [("张三华", "张*华"), ("张三", "张*"), ("欧阳明华", "欧**华"), ("王", "*")],
)
def test_names_are_masked_to_first_and_last_character(name, masked):
    assert mask_name(name) == masked


def test_a_valid_certificate_shows_masked_name_and_course_and_nothing_personal(
    client,
):
    certificate = cf.certificate(name="张三华")
    response = client.get(verify_url(certificate.serial))
    assert response.status_code == 200
    assert "Valid certificate" in response.text
    assert "张*华" in response.text
    assert "张三华" not in response.text
    assert "蜀绣基础" in response.text
    assert certificate.institution.name in response.text
    assert certificate.person.id_number_masked not in response.text
    assert certificate.verification_code not in response.text


def test_a_revoked_certificate_shows_as_revoked_at_once(client):
    certificate = cf.certificate()
    staff = factories.institution_staff(certificate.institution)
    revoke_certificate(certificate=certificate, by=staff, reason="冒名顶替")
    response = client.get(verify_url(certificate.serial))
    assert "Revoked certificate" in response.text
    assert "Valid certificate" not in response.text
    assert "冒名顶替" not in response.text  # the reason is for staff


def test_an_unknown_serial_is_unknown(client):
    response = client.get(verify_url("JX2026AAAAAAAAAA"))
    assert response.status_code == 404
    assert "Unknown certificate" in response.text


def test_lookup_needs_the_matching_verification_code(client):
    certificate = cf.certificate()
    url = reverse("certificates:lookup")
    good = client.get(
        url,
        {"serial": certificate.serial.lower(), "code": certificate.verification_code},
    )
    assert "Valid certificate" in good.text
    wrong = client.get(url, {"serial": certificate.serial, "code": "ZZZZZZ"})
    assert "Unknown certificate" in wrong.text
    assert "张*华" not in wrong.text


def test_lookups_beyond_the_limit_are_refused_with_429(client, settings):
    settings.CERTIFICATES_VERIFY_PER_MINUTE = 3
    certificate = cf.certificate()
    for _ in range(3):
        assert client.get(verify_url(certificate.serial)).status_code == 200
    response = client.get(verify_url(certificate.serial))
    assert response.status_code == 429
    assert "Too many lookups" in response.text
    assert "张*华" not in response.text


def test_the_limit_is_per_client_address(client, settings):
    settings.CERTIFICATES_VERIFY_PER_MINUTE = 1
    certificate = cf.certificate()
    client.get(verify_url(certificate.serial), REMOTE_ADDR="10.0.0.1")
    other = client.get(verify_url(certificate.serial), REMOTE_ADDR="10.0.0.2")
    assert other.status_code == 200


def test_the_trainee_sees_their_certificates_with_download_links(client):
    certificate = store_certificate_pdf(certificate_id=cf.certificate().pk)
    client.force_login(certificate.person.user)
    response = client.get(reverse("certificates:mine"))
    assert certificate.serial in response.text
    assert reverse("certificates:download", args=[certificate.serial]) in response.text


def test_the_owner_downloads_their_pdf(client):
    certificate = store_certificate_pdf(certificate_id=cf.certificate().pk)
    client.force_login(certificate.person.user)
    response = client.get(reverse("certificates:download", args=[certificate.serial]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_stranger_cannot_download_another_trainees_pdf(client):
    certificate = store_certificate_pdf(certificate_id=cf.certificate().pk)
    client.force_login(factories.trainee())
    response = client.get(reverse("certificates:download", args=[certificate.serial]))
    assert response.status_code == 404


def test_staff_of_another_institution_cannot_download_it(client):
    certificate = store_certificate_pdf(certificate_id=cf.certificate().pk)
    client.force_login(factories.institution_staff(factories.institution("510105")))
    response = client.get(reverse("certificates:download", args=[certificate.serial]))
    assert response.status_code == 404


def test_staff_in_scope_can_download_it(client):
    certificate = store_certificate_pdf(certificate_id=cf.certificate().pk)
    client.force_login(factories.officer("510104"))
    response = client.get(reverse("certificates:download", args=[certificate.serial]))
    assert response.status_code == 200


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    certificate = cf.certificate()
    response = client.get(reverse("certificates:download", args=[certificate.serial]))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_on_s3_the_download_redirects_to_a_short_lived_signed_url(
    client, settings, s3_endpoint
):
    import boto3

    bucket = "jiangxin-certificates-test"
    boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        aws_access_key_id="test",
        aws_secret_access_key="test",
        region_name="us-east-1",
    ).create_bucket(Bucket=bucket)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": s3_endpoint,
                "access_key": "test",
                "secret_key": "test",
                "region_name": "us-east-1",
                "signature_version": "s3v4",
                "addressing_style": "path",
                "default_acl": None,
                "querystring_auth": True,
                "querystring_expire": 300,
                "file_overwrite": False,
            },
        },
    }
    certificate = store_certificate_pdf(certificate_id=cf.certificate().pk)
    client.force_login(certificate.person.user)
    response = client.get(reverse("certificates:download", args=[certificate.serial]))
    assert response.status_code == 302
    assert response["Location"].startswith(s3_endpoint)
    assert "X-Amz-Expires=300" in response["Location"]


def test_a_revoked_certificate_is_no_longer_offered_to_its_holder(client):
    certificate = store_certificate_pdf(certificate_id=cf.certificate().pk)
    staff = factories.institution_staff(certificate.institution)
    revoke_certificate(certificate=certificate, by=staff, reason="成绩作废")
    client.force_login(certificate.person.user)
    listing = client.get(reverse("certificates:mine"))
    assert "Revoked" in listing.text
    download = reverse("certificates:download", args=[certificate.serial])
    assert download not in listing.text
    assert client.get(download).status_code == 404
