import pytest

from tests import factories


@pytest.fixture
def leader_user():
    return factories.UserFactory(email="leader@example.org")


@pytest.fixture
def workshop(leader_user):
    """A qualified workshop in 锦江区 whose leader has an account."""
    leader = factories.workshop_leader("510104", name="张秀英", account=leader_user)
    return factories.workshop("510104", name="锦江蜀绣工坊", leader=leader, active=True)


@pytest.fixture
def other_workshop():
    """A qualified workshop in 青羊区, the next county."""
    return factories.workshop("510105", name="青羊漆艺工坊", active=True)
