"""The certificate register in the admin: scoped listing and export, revoking,
recording certificates issued elsewhere, and issuing for a cohort."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from lms.roles import Role
from tests import factories
from tests.trainees.certificates import factories as cf
from trainees.certificates.models import Certificate, CertificateStatus
from trainees.certificates.selectors import certificates_for
from trainees.certificates.services import revoke_certificate

pytestmark = pytest.mark.django_db

INDEX = "certificate_admin:index"


@pytest.fixture
def certificates():
    jinjiang = cf.awarding_course(factories.institution("510104"), title="锦江蜀绣")
    qingyang = cf.awarding_course(factories.institution("510105"), title="青羊竹编")
    return {
        "jinjiang": cf.certificate(jinjiang, name="锦江学员"),
        "qingyang": cf.certificate(qingyang, name="青羊学员"),
    }


def listing(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse(INDEX))
    assert response.status_code == 200
    return response.text


def exported(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse(INDEX) + "?export=xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = workbook.active.iter_rows(values_only=True)
    return "\n".join(" ".join(str(cell) for cell in row) for row in rows)


def test_a_county_officer_lists_their_county_not_the_neighbour(client, certificates):
    text = listing(client, factories.officer("510104"))
    assert certificates["jinjiang"].serial in text
    assert certificates["qingyang"].serial not in text


def test_a_province_officer_lists_both_counties(client, certificates):
    text = listing(client, factories.officer("510000", Role.HR_OFFICER))
    assert certificates["jinjiang"].serial in text
    assert certificates["qingyang"].serial in text


def test_institution_staff_list_only_their_institution(client, certificates):
    staff = factories.institution_staff(certificates["qingyang"].institution)
    text = listing(client, staff)
    assert certificates["qingyang"].serial in text
    assert certificates["jinjiang"].serial not in text


def test_the_export_is_scoped_and_shows_id_numbers_masked(client, certificates):
    text = exported(client, factories.officer("510104"))
    jinjiang = certificates["jinjiang"]
    assert jinjiang.serial in text
    assert jinjiang.person.id_number_masked in text
    assert jinjiang.person.id_number not in text
    assert certificates["qingyang"].serial not in text


def test_a_province_officer_exports_both_counties(client, certificates):
    text = exported(client, factories.officer("510000", Role.HR_OFFICER))
    assert certificates["jinjiang"].serial in text
    assert certificates["qingyang"].serial in text


def test_reaching_another_institutions_certificate_by_url_finds_nothing(
    client, certificates
):
    client.force_login(
        factories.institution_staff(certificates["jinjiang"].institution)
    )
    other = certificates["qingyang"]
    for name in ("inspect", "revoke"):
        url = reverse(f"certificate_admin:{name}", args=[other.pk])
        assert client.get(url).status_code == 404, name


def test_staff_in_scope_inspect_a_certificate_with_its_revoke_button(
    client, certificates
):
    from trainees.certificates.services import store_certificate_pdf

    certificate = store_certificate_pdf(certificate_id=certificates["jinjiang"].pk)
    client.force_login(factories.institution_staff(certificate.institution))
    response = client.get(reverse("certificate_admin:inspect", args=[certificate.pk]))
    assert response.status_code == 200
    assert reverse("certificate_admin:revoke", args=[certificate.pk]) in response.text
    assert reverse("certificates:download", args=[certificate.serial]) in response.text


def test_certificates_cannot_be_edited(client, certificates):
    client.force_login(factories.UserFactory(is_superuser=True))
    url = reverse("certificate_admin:edit", args=[certificates["jinjiang"].pk])
    assert client.get(url).status_code == 404


def test_revoking_needs_a_reason_and_loses_nothing_without_one(client, certificates):
    certificate = certificates["jinjiang"]
    client.force_login(factories.institution_staff(certificate.institution))
    url = reverse("certificate_admin:revoke", args=[certificate.pk])
    response = client.post(url, {"reason": "   "})
    assert response.status_code == 200
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.VALID


def test_the_institution_revokes_with_a_reason_and_it_is_logged(client, certificates):
    certificate = certificates["jinjiang"]
    staff = factories.institution_staff(certificate.institution)
    client.force_login(staff)
    url = reverse("certificate_admin:revoke", args=[certificate.pk])
    response = client.post(url, {"reason": "考核成绩作假"})
    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.REVOKED
    assert certificate.revocation_reason == "考核成绩作假"
    entry = ModelLogEntry.objects.get(action="certificates.revoke")
    assert entry.user == staff and entry.data["reason"] == "考核成绩作假"


def test_revoking_twice_is_refused_with_the_date(certificates):
    certificate = certificates["jinjiang"]
    staff = factories.institution_staff(certificate.institution)
    revoke_certificate(certificate=certificate, by=staff, reason="错误发证")
    with pytest.raises(Exception, match="already revoked"):
        revoke_certificate(certificate=certificate, by=staff, reason="再次")


def test_an_officer_may_read_but_not_revoke(client, certificates):
    certificate = certificates["jinjiang"]
    client.force_login(factories.officer("510104"))
    assert certificate.serial in client.get(reverse(INDEX)).text
    url = reverse("certificate_admin:revoke", args=[certificate.pk])
    response = client.post(url, {"reason": "越权"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.VALID


def external_form(**overrides) -> dict:
    return {
        "real_name": "赵六",
        "id_number": factories.id_number(),
        "kind": "skill_level",
        "serial": "S0000 51000001 262600001",
        "issuing_body": "四川省某职业技能评价机构",
        "issued_on": "2026-03-01",
        "occupation": "刺绣工",
        "skill_level": "30",
        "course_title": "",
        "hours": "",
        "region": "510104",
        **overrides,
    }


def test_an_hr_officer_records_a_certificate_issued_elsewhere(client):
    client.force_login(factories.officer("510104", Role.HR_OFFICER))
    response = client.post(reverse("certificate_admin:add"), external_form())
    assert response.status_code == 302
    certificate = Certificate.objects.get()
    assert certificate.serial == "S000051000001262600001"
    assert certificate.enrolment is None
    assert certificate.issuing_body == "四川省某职业技能评价机构"
    assert certificate.person.real_name == "赵六"
    assert certificate.region_id == "510104"


def test_a_skill_level_certificate_without_level_is_refused_and_nothing_saved(client):
    client.force_login(factories.officer("510104", Role.HR_OFFICER))
    response = client.post(
        reverse("certificate_admin:add"), external_form(skill_level="")
    )
    assert response.status_code == 200
    assert "names its level" in response.text
    assert not Certificate.objects.exists()


def test_a_number_already_recorded_is_refused(client):
    client.force_login(factories.officer("510104", Role.HR_OFFICER))
    client.post(reverse("certificate_admin:add"), external_form())
    response = client.post(reverse("certificate_admin:add"), external_form())
    assert response.status_code == 200
    assert Certificate.objects.count() == 1


def test_an_institution_records_in_its_own_region(client):
    school = factories.institution("510105")
    client.force_login(factories.institution_staff(school))
    form = external_form()
    del form["region"]
    assert client.post(reverse("certificate_admin:add"), form).status_code == 302
    certificate = Certificate.objects.get()
    assert certificate.institution == school and certificate.region_id == "510105"


def test_the_institution_issues_for_a_cohort_from_the_admin(client):
    course = cf.awarding_course()
    cf.enrolment(course)
    cf.enrolment(course, name=None)
    client.force_login(factories.institution_staff(course.institution))
    url = reverse("certificate_admin:issue")
    assert client.get(url, {"course": course.pk}).status_code == 200
    response = client.post(url, {"course": course.pk}, follow=True)
    assert Certificate.objects.count() == 1
    assert "1 certificates issued" in response.text
    assert "Not issued to" in response.text


def test_another_institutions_course_is_not_a_choice(client):
    course = cf.awarding_course(factories.institution("510105"))
    cf.enrolment(course)
    client.force_login(factories.institution_staff(factories.institution("510104")))
    response = client.post(reverse("certificate_admin:issue"), {"course": course.pk})
    assert response.status_code == 200
    assert not Certificate.objects.exists()


def test_certificates_for_people_runs_one_query_whatever_the_count(
    django_assert_num_queries,
):
    course = cf.awarding_course()
    few = [cf.certificate(course).person for _ in range(2)]
    many = few + [cf.certificate(course).person for _ in range(4)]
    with django_assert_num_queries(1):
        found = certificates_for(few)
    assert all(len(found[p.pk]) == 1 for p in few)
    with django_assert_num_queries(1):
        found = certificates_for(many)
    assert sorted(found) == sorted(p.pk for p in many)


def test_certificates_for_lists_people_without_any_as_empty():
    person = factories.person()
    assert certificates_for([person]) == {person.pk: []}


def test_an_issue_date_in_the_future_is_refused(client):
    client.force_login(factories.officer("510104", Role.HR_OFFICER))
    tomorrow = dt.date.today() + dt.timedelta(days=2)
    response = client.post(
        reverse("certificate_admin:add"), external_form(issued_on=tomorrow.isoformat())
    )
    assert response.status_code == 200
    assert "cannot be in the future" in response.text
    assert not Certificate.objects.exists()


def test_the_demo_loads_once_and_changes_nothing_the_second_time():
    from lms.roof import demo as lms_demo
    from trainees.certificates import demo

    assert lms_demo.load_demo() > 0  # the project's demo loads this app's too
    assert demo.load_demo() == 0
    assert Certificate.objects.filter(serial=demo.EXTERNAL_SERIAL).exists()
    assert (
        Certificate.objects.issued_here()
        .filter(person__user__email=demo.TRAINEE_EMAIL)
        .exists()
    )
