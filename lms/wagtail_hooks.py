from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from lms.models import Person, Region, StaffScope
from lms.viewsets import DocumentsAdminAPI, ImagesAdminAPI, PlatformViewSetGroup

register_permission_policy(Person)
register_permission_policy(Region)
register_permission_policy(StaffScope)


@hooks.register("register_admin_viewset")
def register_platform_viewsets():
    return PlatformViewSetGroup()


@hooks.register("register_log_actions")
def register_platform_log_actions(actions):
    actions.register_action(
        "lms.person.link_account", _("Link account"), _("Account linked")
    )
    actions.register_action(
        "lms.grant_scope", _("Grant scope"), _("Role and scope granted")
    )


@hooks.register("construct_admin_api", order=100)
def scope_admin_api(router):
    """After Wagtail's own apps: its images and documents endpoints list every
    file to any admin user; ours list what the user may choose."""
    router.register_endpoint("images", ImagesAdminAPI)
    router.register_endpoint("documents", DocumentsAdminAPI)
