"""Private files (certificate PDFs, evidence archives, practical photos, video
originals) are never served from ``/media/``, not even by ``make run`` (DEBUG), and
their own views refuse strangers; image renditions stay public."""

import importlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import clear_url_caches, reverse
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from lms.roles import Role
from tests import factories
from tests.trainees.certificates import factories as cf
from tests.trainees.evidence.practical import factories as make
from tests.trainees.subsidies.test_archive import submit
from trainees.certificates.services import store_certificate_pdf
from trainees.evidence.practical.services import submit_practical_work
from trainees.subsidies.services import archive_claim

pytestmark = pytest.mark.django_db
QINGYANG = "510105"


@pytest.fixture
def debug_urls(settings):
    """The URL configuration as ``make run`` (DEBUG on) loads it."""
    import lms.roof.urls

    settings.DEBUG = True
    importlib.reload(lms.roof.urls)
    clear_url_caches()
    yield
    settings.DEBUG = False
    importlib.reload(lms.roof.urls)
    clear_url_caches()


@pytest.fixture
def files():
    """One private file of each kind, all of institutions in 锦江区 (510104)."""
    certificate = store_certificate_pdf(certificate_id=cf.certificate().pk)
    archive = archive_claim(claim_id=submit().pk)
    school = factories.institution("510104")
    course = make.practical_course(school)
    submission = submit_practical_work(
        enrolment=make.enrolled(course), lesson=make.task(course), photos=[make.photo()]
    )
    photo = submission.photos.get()
    video = factories.video_asset(school)
    default_storage.save(video.original.name, ContentFile(b"\x00\x00\x00 ftypmp42"))
    return {
        "certificate": (
            certificate.pdf.name,
            reverse("certificates:download", args=[certificate.serial]),
        ),
        "archive": (
            archive.file.name,
            reverse("subsidy-claims:evidence", args=[archive.claim_id]),
        ),
        "photo": (photo.image.name, reverse("practical:photo", args=[photo.pk])),
        "original": (video.original.name, None),
    }


def strangers():
    return {
        "anonymous": None,
        "other county's officer": factories.officer(QINGYANG, Role.HR_OFFICER),
        "other institution's staff": factories.institution_staff(
            factories.institution(QINGYANG)
        ),
    }


KINDS = ["certificate", "archive", "photo", "original"]


@pytest.mark.parametrize("kind", KINDS)
def test_a_private_file_is_not_served_from_media_in_debug(
    client, files, debug_urls, settings, kind
):
    name, _view = files[kind]
    assert default_storage.exists(name)
    for who, user in strangers().items():
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.get(settings.MEDIA_URL + name)
        assert response.status_code == 404, (kind, who)


@pytest.mark.parametrize("kind", ["certificate", "archive", "photo"])
def test_a_private_files_view_refuses_strangers(client, files, kind):
    _name, url = files[kind]
    for who, user in strangers().items():
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.get(url)
        # Refused: not found, forbidden, or sent to log in or to the dashboard.
        assert response.status_code in (302, 403, 404), (kind, who)
        assert not response.has_header("Content-Disposition"), (kind, who)


def test_an_image_rendition_stays_public(client, debug_urls):
    image = get_image_model().objects.create(title="蜀绣", file=get_test_image_file())
    rendition = image.get_rendition("fill-40x30")
    response = client.get(rendition.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"


def test_an_original_image_is_not_served_as_a_folder_file(client, debug_urls):
    image = get_image_model().objects.create(title="蜀绣", file=get_test_image_file())
    assert client.get(image.file.url).status_code == 404
