import datetime as dt
from decimal import Decimal

import pytest

from inheritors.models import WorkshopIndexPage, WorkshopPage, WorkshopProduct
from lms.roles import Role
from tests import factories


def listed_workshop(region: str = "510104", name: str | None = None, *, account=None):
    """A qualified workshop with a live public page, its leader linked to
    ``account`` (a new user if none)."""
    account = account or factories.UserFactory()
    leader = factories.workshop_leader(region, account=account)
    shop = factories.workshop(
        region, name=name, leader=leader, identified_on=dt.date(2024, 5, 1)
    )
    page = WorkshopPage(title=shop.name, slug=f"w{shop.pk}", workshop=shop)
    WorkshopIndexPage.objects.get().add_child(instance=page)
    page.save_revision().publish()
    return shop


def product(shop, name: str = "苗族刺绣挂件", **fields) -> WorkshopProduct:
    values = {
        "craft": "苗绣",
        "price_min": Decimal("80"),
        "price_max": Decimal("160"),
        "minimum_order": 50,
        "lead_time_days": 20,
        "monthly_capacity": 400,
        **fields,
    }
    return WorkshopProduct.objects.create(workshop=shop, name=name, **values)


@pytest.fixture
def leader_account():
    return factories.UserFactory(email="leader@example.org")


@pytest.fixture
def shop(leader_account):
    return listed_workshop("510104", "锦江刺绣工坊", account=leader_account)


@pytest.fixture
def hanger(shop):
    return product(shop)


@pytest.fixture
def county():
    return factories.officer("510104")


@pytest.fixture
def other_county():
    return factories.officer("510105")


@pytest.fixture
def rural():
    return factories.officer("510104", role=Role.RURAL_OFFICER)


@pytest.fixture
def quick_form(settings):
    """The inquiry form may be sent at once (the minimum fill time is its own test)."""
    settings.INQUIRY_MIN_FILL_SECONDS = 0


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The rate limit counts in the cache; each test starts with none."""
    from django.core.cache import cache

    cache.clear()


def inquiry(item, *, organisation: str = "成都文旅商贸有限公司", **fields):
    """An inquiry as the buyer's form sends it."""
    from market.models import Inquiry
    from market.services import send_inquiry

    values = {
        "contact_name": "李经理",
        "phone": "13912345678",
        "email": "buyer@example.com",
        "quantity": 200,
        "message": "需要定制",
        **fields,
    }
    return send_inquiry(
        inquiry=Inquiry(product=item, organisation=organisation, **values),
        sender_ip="203.0.113.9",
    )
