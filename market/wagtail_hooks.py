from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from inheritors.models import WorkshopProduct
from lms.models.pages import HomeSection
from market.models import Inquiry, Participation, SalesEvent
from market.viewsets import MarketViewSetGroup

for model in (Inquiry, Participation, SalesEvent):
    register_permission_policy(model)


@hooks.register("register_admin_viewset")
def register_market_viewsets():
    return MarketViewSetGroup()


@hooks.register("register_log_actions")
def register_market_log_actions(actions):
    for action, label, message in [
        ("market.inquiry.answer", _("Answer inquiry"), _("Answered the buyer")),
        ("market.inquiry.deal", _("Record deal"), _("Deal recorded")),
        ("market.inquiry.close", _("Close inquiry"), _("Closed without a deal")),
        ("market.inquiry.block", _("Block sender"), _("Sender blocked")),
        ("market.event.invite", _("Invite workshop"), _("Invited to the event")),
        ("market.event.apply", _("Apply to event"), _("Applied to take part")),
        ("market.event.accept", _("Accept participation"), _("Taking part")),
        ("market.event.decline", _("Decline application"), _("Application declined")),
        ("market.event.results", _("Record results"), _("Orders and sales recorded")),
    ]:
        actions.register_action(action, label, message)


@hooks.register("home_page_sections")
def catalogue_section(request):
    """A few products of the catalogue on the home page, with the search box."""
    products = list(
        WorkshopProduct.objects.listed()
        .filter(photo__isnull=False)
        .select_related("photo", "workshop")
        .order_by("-consumption_assistance", "-pk")[:3]
    )
    if not products:
        return None
    return HomeSection(
        order=40,
        template="market/includes/home_catalogue.html",
        context={"products": products},
    )
