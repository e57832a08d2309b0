from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from api.models import ApiToken, SystemAccount
from api.viewsets import (
    ApiTokenViewSet,
    SystemAccountPermissionPolicy,
    SystemAccountViewSet,
    TokenPermissionPolicy,
)

register_permission_policy(ApiToken, TokenPermissionPolicy(ApiToken))
register_permission_policy(SystemAccount, SystemAccountPermissionPolicy(SystemAccount))

LOG_ACTIONS = [
    ("api.token.create", _("Make API token"), _("API token made")),
    ("api.token.revoke", _("Revoke API token"), _("API token revoked")),
    ("api.write", _("API write"), _("Written through the API")),
]


@hooks.register("register_admin_viewset")
def register_token_viewset():
    return ApiTokenViewSet("api-tokens")


@hooks.register("register_admin_viewset")
def register_system_account_viewset():
    return SystemAccountViewSet("system-accounts")


@hooks.register("register_log_actions")
def register_api_log_actions(actions):
    for action, label, message in LOG_ACTIONS:
        actions.register_action(action, label, message)
