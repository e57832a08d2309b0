"""Every inheritors view set and its export show an officer their own region only:
an officer of 510104 sees their county, not 510105; one of 510000 sees both."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from openpyxl import load_workbook

from inheritors.models import (
    Apprenticeship,
    Inheritor,
    InheritorAssessment,
    LeaderSupport,
    StudioGrantScheme,
    TransmissionSubsidy,
    WorkshopEmployee,
    WorkshopEmployment,
    WorkshopProduct,
)
from lms.roles import Role
from tests import factories

pytestmark = pytest.mark.django_db

JINJIANG, QINGYANG, SICHUAN = "510104", "510105", "510000"
LABELS = {JINJIANG: "锦江甲记录", QINGYANG: "青羊乙记录"}
CODES = {JINJIANG: "Ⅷ-7", QINGYANG: "Ⅷ-8"}


def _inheritor(region, label):
    return Inheritor.objects.create(
        person=factories.person(label, region),
        item=factories.ich_item(),
        level="provincial",
        region_id=region,
        designated_year=2018,
    )


def _workshop(region, label):
    return factories.workshop(region, label, identified_on=dt.date(2024, 5, 1))


MAKERS = {
    "ich-items": lambda region, label: factories.ich_item(
        CODES[region], label, level="county", region=region
    ),
    "ich-inheritors": _inheritor,
    "inheritor-assessments": lambda region, label: InheritorAssessment.objects.create(
        inheritor=_inheritor(region, label),
        year=2025,
        plan="带徒",
        result="passed",
        assessed_on=dt.date(2025, 12, 1),
    ),
    "transmission-subsidies": lambda region, label: TransmissionSubsidy.objects.create(
        inheritor=_inheritor(region, label),
        year=2025,
        amount=Decimal("10000"),
        granted_on=dt.date(2025, 4, 1),
        department="文旅厅",
    ),
    "workshops": _workshop,
    "workshop-employment": lambda region, label: WorkshopEmployment.objects.create(
        workshop=_workshop(region, label), year=2025, employed=10
    ),
    "workshop-employees": lambda region, label: WorkshopEmployee.objects.create(
        workshop=_workshop(region, f"{region}坊"),
        person=factories.person(label, region),
        started_on=dt.date(2025, 1, 1),
    ),
    "workshop-products": lambda region, label: WorkshopProduct.objects.create(
        workshop=_workshop(region, f"{region}坊"), name=label, craft="蜀绣"
    ),
    "workshop-leaders": lambda region, label: factories.workshop_leader(region, label),
    "leader-supports": lambda region, label: LeaderSupport.objects.create(
        leader=factories.workshop_leader(region, label),
        kind="venue",
        amount=Decimal("1000"),
        granted_on=dt.date(2025, 1, 1),
        department="人社局",
    ),
    "master-studios": lambda region, label: factories.master_studio(region, label),
    "apprenticeships": lambda region, label: Apprenticeship.objects.create(
        studio=(studio := factories.master_studio(region)),
        master=studio.leader,
        apprentice=factories.person(label, region),
        started_on=dt.date(2025, 1, 1),
    ),
    "studio-grants": lambda region, label: StudioGrantScheme.objects.create(
        level="municipal", region_id=region, amount=Decimal("50000")
    ),
}
# Grant schemes show their region's name rather than a label of their own.
SHOWN = {
    "studio-grants": {JINJIANG: "Jinjiang District", QINGYANG: "Qingyang District"}
}
INSPECTABLE = sorted(set(MAKERS) - {"studio-grants"})


def _records(namespace):
    objects = {region: MAKERS[namespace](region, LABELS[region]) for region in LABELS}
    shown = SHOWN.get(namespace, LABELS)
    return objects, shown


def _export_text(client, namespace) -> str:
    response = client.get(reverse(f"{namespace}:index") + "?export=xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return "\n".join(
        str(cell) for row in book.active.iter_rows(values_only=True) for cell in row
    )


@pytest.mark.parametrize("namespace", sorted(MAKERS))
def test_a_county_officer_lists_their_county_only(client, namespace):
    _objects, shown = _records(namespace)
    client.force_login(factories.officer(JINJIANG))
    response = client.get(reverse(f"{namespace}:index"))
    assert response.status_code == 200
    assert shown[JINJIANG] in response.text
    assert shown[QINGYANG] not in response.text


@pytest.mark.parametrize("namespace", sorted(MAKERS))
def test_a_county_officers_export_holds_their_county_only(client, namespace):
    _objects, shown = _records(namespace)
    client.force_login(factories.officer(JINJIANG))
    text = _export_text(client, namespace)
    assert shown[JINJIANG] in text
    assert shown[QINGYANG] not in text


@pytest.mark.parametrize("namespace", sorted(MAKERS))
def test_a_province_officer_lists_and_exports_both_counties(client, namespace):
    _objects, shown = _records(namespace)
    client.force_login(factories.officer(SICHUAN, Role.CULTURE_OFFICER))
    listing = client.get(reverse(f"{namespace}:index")).text
    text = _export_text(client, namespace)
    for region in (JINJIANG, QINGYANG):
        assert shown[region] in listing
        assert shown[region] in text


@pytest.mark.parametrize("namespace", INSPECTABLE)
def test_reaching_into_the_neighbouring_county_finds_nothing(client, namespace):
    objects, _shown = _records(namespace)
    client.force_login(factories.officer(JINJIANG))
    theirs = reverse(f"{namespace}:inspect", args=[objects[QINGYANG].pk])
    own = reverse(f"{namespace}:inspect", args=[objects[JINJIANG].pk])
    assert client.get(theirs).status_code == 404
    assert client.get(own).status_code == 200


@pytest.mark.parametrize(
    "namespace", ["workshops", "ich-inheritors", "workshop-leaders"]
)
def test_editing_in_the_neighbouring_county_finds_nothing(client, namespace):
    objects, _shown = _records(namespace)
    client.force_login(factories.officer(JINJIANG))
    url = reverse(f"{namespace}:edit", args=[objects[QINGYANG].pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {}).status_code == 404


def test_an_officer_without_a_scope_sees_no_workshop(client):
    _workshop(JINJIANG, LABELS[JINJIANG])
    user = factories.UserFactory()
    user.groups.add(Group.objects.get(name=Role.CULTURE_OFFICER))
    client.force_login(user)
    response = client.get(reverse("workshops:index"))
    assert LABELS[JINJIANG] not in response.text
