from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from lms.models import Person, PopulationImport, Region, StaffScope
from lms.policy import ActionsPermissionPolicy
from lms.viewsets import (
    DocumentsAdminAPI,
    ImagesAdminAPI,
    PlatformViewSetGroup,
    PopulationImportViewSet,
)

register_permission_policy(Person)
# An import is uploaded and read, never edited or deleted: it is the source of
# the status periods it created.
register_permission_policy(
    PopulationImport,
    ActionsPermissionPolicy(PopulationImport, allowed=("view", "add")),
)
register_permission_policy(Region)
register_permission_policy(StaffScope)


@hooks.register("register_admin_viewset")
def register_platform_viewsets():
    return PlatformViewSetGroup()


@hooks.register("register_admin_viewset")
def register_population_viewset():
    return PopulationImportViewSet("population-lists")


@hooks.register("register_log_actions")
def register_platform_log_actions(actions):
    actions.register_action(
        "lms.person.link_account", _("Link account"), _("Account linked")
    )
    actions.register_action(
        "lms.grant_scope", _("Grant scope"), _("Role and scope granted")
    )
    actions.register_action(
        "lms.verify_phone", _("Verify mobile number"), _("Mobile number verified")
    )
    actions.register_action(
        "lms.open_account_for_mobile",
        _("Open an account for a mobile number"),
        _("Account opened for a mobile number"),
    )
    actions.register_action(
        "lms.population.import",
        _("Import population list"),
        _("Population list imported"),
    )


@hooks.register("construct_admin_api", order=100)
def scope_admin_api(router):
    """After Wagtail's own apps: its images and documents endpoints list every
    file to any admin user; ours list what the user may choose."""
    router.register_endpoint("images", ImagesAdminAPI)
    router.register_endpoint("documents", DocumentsAdminAPI)


@hooks.register("construct_help_menu")
def drop_wagtail_release_links(request, menu_items):
    """Wagtail's help menu links to its release notes and editor guide on
    wagtail.org: English pages about the CMS, not this platform, and its label is
    translated once per process, in whatever language the first admin page asked."""
    menu_items[:] = [
        item
        for item in menu_items
        if not item.name.startswith(("whats-new-in-wagtail", "editor-guide"))
    ]
