"""Demo data of the API: a system account for the provincial HR payment system."""

from api.services import register_system_account
from lms.models import Region
from lms.roles import Role

SYSTEM_EMAIL = "hr-system@jiangxin.local"


def load_demo() -> int:
    """The HR payment system of Sichuan as a system account (HR officer, 51): an
    administrator makes its token under *API tokens*. Idempotent."""
    from api.models import SystemAccount

    if SystemAccount.objects.filter(user__email=SYSTEM_EMAIL).exists():
        return 0
    register_system_account(
        email=SYSTEM_EMAIL,
        description="四川省人社厅补贴发放系统 (HR payment system)",
        role=Role.HR_OFFICER,
        region=Region.objects.get(code="510000"),
        by=None,
    )
    return 1
