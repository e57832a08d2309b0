from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from inheritors.models import (
    Apprenticeship,
    IchItem,
    Inheritor,
    InheritorAssessment,
    InheritorPage,
    LeaderSupport,
    MasterStudio,
    StudioGrantScheme,
    TransmissionSubsidy,
    Workshop,
    WorkshopEmployee,
    WorkshopEmployment,
    WorkshopLeader,
    WorkshopPage,
    WorkshopProduct,
)
from inheritors.viewsets import VIEWSET_GROUPS

for model in (
    Apprenticeship,
    IchItem,
    Inheritor,
    InheritorAssessment,
    LeaderSupport,
    MasterStudio,
    StudioGrantScheme,
    TransmissionSubsidy,
    Workshop,
    WorkshopEmployee,
    WorkshopEmployment,
    WorkshopLeader,
    WorkshopProduct,
):
    register_permission_policy(model)


@hooks.register("register_admin_viewset")
def register_inheritors_viewsets():
    return [group() for group in VIEWSET_GROUPS]


@hooks.register("register_log_actions")
def register_inheritors_log_actions(actions):
    for action, label, message in [
        ("inheritors.workshop.identify", _("Identify workshop"), _("Identified")),
        ("inheritors.workshop.reject", _("Refuse workshop"), _("Refused")),
        (
            "inheritors.workshop.enter_library",
            _("Enter project library"),
            _("Entered the county project library"),
        ),
        ("inheritors.workshop.confirm", _("Confirm registration"), _("Confirmed")),
        (
            "inheritors.workshop.confirm_backdated",
            _("Confirm last year's registration late"),
            _("Confirmed for the year just ended, during the grace period"),
        ),
        ("inheritors.workshop.cancel", _("Cancel workshop"), _("Cancelled")),
        (
            "inheritors.product.assist",
            _("Mark for consumption assistance"),
            _("Checked and marked for consumption assistance (消费帮扶)"),
        ),
        (
            "inheritors.product.unassist",
            _("Unmark consumption assistance"),
            _("Checked; no longer marked for consumption assistance"),
        ),
        ("inheritors.inheritor.cancel", _("Cancel inheritor"), _("Title cancelled")),
        ("inheritors.studio.plan_funding", _("Plan funding"), _("Funding planned")),
        (
            "inheritors.leader.link_account",
            _("Link leader's account"),
            _("Account linked; workshop leader role given"),
        ),
    ]:
        actions.register_action(action, label, message)


def _record_of(page):
    page = page.specific
    if isinstance(page, WorkshopPage):
        return Workshop.objects, page.workshop_id
    if isinstance(page, InheritorPage):
        return Inheritor.objects, page.inheritor_id
    return None, None


@hooks.register("before_edit_page")
@hooks.register("before_delete_page")
@hooks.register("before_unpublish_page")
def keep_record_pages_in_scope(request, page):
    """A workshop's or inheritor's page is edited only by staff whose scope holds
    its record, whatever their page permissions."""
    records, pk = _record_of(page)
    if (
        records is not None
        and not records.in_scope(request.user).filter(pk=pk).exists()
    ):
        raise PermissionDenied


@hooks.register("home_page_sections")
def workshops_on_the_home_page(request):
    """Qualified workshops with a public page, those with a photo first."""
    from inheritors.models import WorkshopIndexPage
    from lms.models.pages import HomeSection

    index = WorkshopIndexPage.objects.live().public().first()
    if index is None:
        return None
    pages = list(
        index.workshop_pages()
        .prefetch_related("cover_image__renditions")
        .order_by(F("cover_image").desc(nulls_last=True), "title")[:6]
    )
    if not pages:
        return None
    return HomeSection(
        order=20,
        template="inheritors/includes/home_workshops.html",
        context={"workshop_pages": pages, "index": index},
    )


@hooks.register("home_page_sections")
def products_on_the_home_page(request):
    """A few products of the workshops' catalogue (产品目录), with photos first."""
    from inheritors.models import WorkshopIndexPage
    from lms.models.pages import HomeSection

    index = WorkshopIndexPage.objects.live().public().first()
    if index is None:
        return None
    products = list(
        WorkshopProduct.objects.in_catalogue()
        .filter(workshop__page__live=True)
        .select_related("workshop__page", "photo")
        .prefetch_related("photo__renditions")
        .order_by(F("photo").desc(nulls_last=True), "name")[:6]
    )
    if not products:
        return None
    return HomeSection(
        order=30,
        template="inheritors/includes/home_products.html",
        context={
            "products": products,
            "catalogue_url": index.url + index.reverse_subpage("catalogue"),
        },
    )
