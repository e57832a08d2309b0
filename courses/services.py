"""Writes of the courses app: registering an institution with its course subtree."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.text import slugify
from wagtail.log_actions import log
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

from courses.models import CourseIndexPage
from lms.models import HomePage, Institution, Region, User
from lms.validators import canonical

PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page")
COLLECTION_PERMISSIONS = {
    "wagtailimages": ("add_image", "change_image", "choose_image"),
    "wagtaildocs": ("add_document", "change_document", "choose_document"),
}


def _unique_slug(parent: HomePage, name: str, credit_code: str) -> str:
    base = slugify(name, allow_unicode=True) or credit_code.lower()
    taken = set(parent.get_children().values_list("slug", flat=True))
    return base if base not in taken else f"{base}-{credit_code.lower()}"


@transaction.atomic
def register_institution(
    *,
    name: str,
    credit_code: str,
    region: Region,
    address: str = "",
    contact_name: str = "",
    contact_phone: str = "",
    contact_email: str = "",
    registered_by: User | None = None,
) -> Institution:
    """Register a training institution: its record, its course index page under the
    home page, its image and document collection, and a staff group whose Wagtail
    permissions cover that subtree and collection only. Audit-logged as
    ``registered_by`` (none when the system registers it)."""
    credit_code = canonical(credit_code)
    institution = Institution(
        name=name,
        credit_code=credit_code,
        region=region,
        address=address,
        contact_name=contact_name,
        contact_phone=contact_phone,
        contact_email=contact_email,
    )
    institution.full_clean()

    group = Group.objects.create(name=f"{name} ({credit_code})")
    group.permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    collection = Collection.get_first_root_node().add_child(name=name)
    institution.staff_group = group
    institution.collection = collection
    institution.save()

    home = HomePage.objects.get()
    index = CourseIndexPage(
        title=name,
        slug=_unique_slug(home, name, credit_code),
        institution=institution,
        show_in_menus=True,
    )
    home.add_child(instance=index)

    for codename in PAGE_PERMISSIONS:
        GroupPagePermission.objects.create(
            group=group,
            page=index,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    for app_label, codenames in COLLECTION_PERMISSIONS.items():
        for codename in codenames:
            GroupCollectionPermission.objects.create(
                group=group,
                collection=collection,
                permission=Permission.objects.get(
                    content_type__app_label=app_label, codename=codename
                ),
            )
    log(instance=institution, action="wagtail.create", user=registered_by)
    return institution
