"""Writes of the market: buyers' inquiries and their answers, blocked senders,
and events with the workshops taking part. Consumption assistance (消费帮扶) is
marked on the product itself: ``inheritors.services.mark_consumption_assistance``."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from inheritors.models import Workshop, WorkshopProduct
from lms import policy
from market.models import (
    MAX_QUANTITY,
    BlockedSender,
    Inquiry,
    Participation,
    SalesEvent,
)

# --- Inquiries -----------------------------------------------------------------------


def is_blocked(*, workshop: Workshop, email: str, phone: str, ip: str | None) -> bool:
    """The workshop has blocked this sender, by email, phone or IP address."""
    senders = [
        (BlockedSender.Kind.EMAIL, email.lower()),
        (BlockedSender.Kind.PHONE, phone),
    ]
    if ip:
        senders.append((BlockedSender.Kind.IP, ip))
    blocked = BlockedSender.objects.filter(workshop=workshop)
    return any(
        blocked.filter(kind=kind, value=value).exists() for kind, value in senders
    )


@transaction.atomic
def send_inquiry(*, inquiry: Inquiry, sender_ip: str | None) -> Inquiry:
    """Record a buyer's inquiry about a listed product and, on commit, mail the
    workshop's leader. Raises ValidationError if the workshop blocked the sender
    or the product is not in the public catalogue."""
    product = inquiry.product
    if not WorkshopProduct.objects.listed().filter(pk=product.pk).exists():
        raise ValidationError(_("This product is not in the catalogue."))
    if is_blocked(
        workshop=product.workshop,
        email=inquiry.email,
        phone=inquiry.phone,
        ip=sender_ip,
    ):
        raise ValidationError(_("This workshop does not accept inquiries from you."))
    inquiry.workshop = product.workshop
    inquiry.email = inquiry.email.lower()
    inquiry.sender_ip = sender_ip
    inquiry.state = Inquiry.State.NEW
    inquiry.full_clean()
    inquiry.save()
    log(instance=inquiry, action="wagtail.create", user=None)
    leader_account = product.workshop.leader.person.user
    if leader_account is not None and leader_account.email:
        transaction.on_commit(
            lambda: _mail_leader(inquiry=inquiry, address=leader_account.email)
        )
    return inquiry


def _mail_leader(*, inquiry: Inquiry, address: str) -> None:
    send_mail(
        _("New inquiry about %(product)s") % {"product": inquiry.product.name},
        _(
            "%(organisation)s asks about %(product)s: %(quantity)s pieces.\n\n"
            "%(message)s\n\nAnswer it on the site, under My workshops → Inquiries."
        )
        % {
            "organisation": inquiry.organisation,
            "product": inquiry.product.name,
            "quantity": inquiry.quantity,
            "message": inquiry.message,
        },
        None,
        [address],
    )


def _check_leader(user, inquiry: Inquiry) -> None:
    if not policy.leads_workshop(user, inquiry.workshop):
        raise PermissionDenied


@transaction.atomic
def answer_inquiry(*, inquiry: Inquiry, user, answer: str) -> Inquiry:
    """The workshop's leader answers an inquiry on the site; the buyer gets the
    answer by email on commit. A later answer replaces the earlier one."""
    _check_leader(user, inquiry)
    inquiry = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
    if inquiry.state not in (Inquiry.State.NEW, Inquiry.State.ANSWERED):
        raise ValidationError(_("This inquiry is already decided."))
    if not answer.strip():
        raise ValidationError({"answer": _("Write an answer.")})
    inquiry.answer = answer.strip()
    inquiry.answered_at = timezone.now()
    inquiry.state = Inquiry.State.ANSWERED
    inquiry.save(update_fields=["answer", "answered_at", "state"])
    log(instance=inquiry, action="market.inquiry.answer", user=user)
    transaction.on_commit(lambda: _mail_buyer(inquiry=inquiry))
    return inquiry


def _mail_buyer(*, inquiry: Inquiry) -> None:
    send_mail(
        _("%(workshop)s answered your inquiry") % {"workshop": inquiry.workshop.name},
        _("About %(product)s:\n\n%(answer)s")
        % {"product": inquiry.product.name, "answer": inquiry.answer},
        None,
        [inquiry.email],
    )


@transaction.atomic
def record_deal(*, inquiry: Inquiry, user, quantity: int, value: Decimal) -> Inquiry:
    """The inquiry became a sale (成交): the workshop records the quantity and its
    value, which count in the workshop's figures (``market.selectors``)."""
    _check_leader(user, inquiry)
    inquiry = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
    if inquiry.state != Inquiry.State.ANSWERED:
        raise ValidationError(_("Answer the inquiry before recording a deal."))
    if not 1 <= quantity <= MAX_QUANTITY:
        raise ValidationError({"quantity": _("Enter the number of pieces sold.")})
    if value < 0 or value >= Decimal(10) ** 10:
        raise ValidationError({"value": _("Enter the value of the deal in yuan.")})
    inquiry.state = Inquiry.State.DEAL
    inquiry.deal_quantity = quantity
    inquiry.deal_value = value
    inquiry.decided_at = timezone.now()
    inquiry.save(update_fields=["state", "deal_quantity", "deal_value", "decided_at"])
    log(instance=inquiry, action="market.inquiry.deal", user=user)
    return inquiry


@transaction.atomic
def close_inquiry(*, inquiry: Inquiry, user) -> Inquiry:
    """The inquiry ends without a sale."""
    _check_leader(user, inquiry)
    inquiry = Inquiry.objects.select_for_update().get(pk=inquiry.pk)
    if inquiry.state in (Inquiry.State.DEAL, Inquiry.State.CLOSED):
        raise ValidationError(_("This inquiry is already decided."))
    if inquiry.answered_at is None:
        inquiry.answered_at = timezone.now()
    inquiry.state = Inquiry.State.CLOSED
    inquiry.decided_at = timezone.now()
    inquiry.save(update_fields=["state", "answered_at", "decided_at"])
    log(instance=inquiry, action="market.inquiry.close", user=user)
    return inquiry


@transaction.atomic
def block_sender(*, inquiry: Inquiry, user, kind: str) -> BlockedSender:
    """The leader blocks the sender of an inquiry (by its email, phone or IP
    address) from sending more to the workshop, and closes the inquiry."""
    _check_leader(user, inquiry)
    value = {
        BlockedSender.Kind.EMAIL: inquiry.email,
        BlockedSender.Kind.PHONE: inquiry.phone,
        BlockedSender.Kind.IP: inquiry.sender_ip,
    }.get(kind)
    if not value:
        raise ValidationError(_("This inquiry has no such detail to block."))
    blocked, _created = BlockedSender.objects.get_or_create(
        workshop=inquiry.workshop,
        kind=kind,
        value=value,
        defaults={"blocked_by": user},
    )
    if inquiry.state not in (Inquiry.State.DEAL, Inquiry.State.CLOSED):
        close_inquiry(inquiry=inquiry, user=user)
    log(instance=inquiry, action="market.inquiry.block", user=user)
    return blocked


# --- Events --------------------------------------------------------------------------


def _check_organiser(user, event: SalesEvent) -> None:
    if not policy.can_change(user, event):
        raise PermissionDenied


@transaction.atomic
def invite_workshop(*, event: SalesEvent, workshop: Workshop, user) -> Participation:
    """The organiser invites a qualified workshop to the event."""
    _check_organiser(user, event)
    if not workshop.is_qualified:
        raise ValidationError(_("Only identified workshops take part in events."))
    if Participation.objects.filter(event=event, workshop=workshop).exists():
        raise ValidationError(_("This workshop is already on the event."))
    participation = Participation.objects.create(
        event=event, workshop=workshop, state=Participation.State.INVITED
    )
    log(instance=participation, action="market.event.invite", user=user)
    return participation


@transaction.atomic
def apply_to_event(
    *, event: SalesEvent, workshop: Workshop, user, products: list[WorkshopProduct]
) -> Participation:
    """A workshop's leader applies to take part in a published event with some of
    the workshop's catalogue products; the organiser then accepts or declines."""
    if not policy.leads_workshop(user, workshop):
        raise PermissionDenied
    if not (event.published and event.ends_on >= timezone.localdate()):
        raise ValidationError(_("This event takes no more applications."))
    if not workshop.is_qualified:
        raise ValidationError(_("Only identified workshops take part in events."))
    if Participation.objects.filter(event=event, workshop=workshop).exists():
        raise ValidationError(_("This workshop is already on the event."))
    if any(product.workshop_id != workshop.pk for product in products):
        raise ValidationError(_("Choose products of this workshop."))
    participation = Participation.objects.create(
        event=event, workshop=workshop, state=Participation.State.APPLIED
    )
    participation.products.set(products)
    log(instance=participation, action="market.event.apply", user=user)
    return participation


@transaction.atomic
def accept_invitation(
    *, participation: Participation, user, products: list[WorkshopProduct]
) -> Participation:
    """The workshop's leader accepts the organiser's invitation, with the products
    it will show."""
    if not policy.leads_workshop(user, participation.workshop):
        raise PermissionDenied
    if participation.state != Participation.State.INVITED:
        raise ValidationError(_("There is no invitation to accept."))
    if any(product.workshop_id != participation.workshop_id for product in products):
        raise ValidationError(_("Choose products of this workshop."))
    participation.state = Participation.State.ACCEPTED
    participation.save(update_fields=["state"])
    participation.products.set(products)
    log(instance=participation, action="market.event.accept", user=user)
    return participation


@transaction.atomic
def decide_application(
    *, participation: Participation, user, accept: bool
) -> Participation:
    """The organiser accepts or declines a workshop's application."""
    _check_organiser(user, participation.event)
    if participation.state != Participation.State.APPLIED:
        raise ValidationError(_("There is no application to decide."))
    participation.state = (
        Participation.State.ACCEPTED if accept else Participation.State.DECLINED
    )
    participation.save(update_fields=["state"])
    log(
        instance=participation,
        action="market.event.accept" if accept else "market.event.decline",
        user=user,
    )
    return participation


@transaction.atomic
def record_event_results(
    *, participation: Participation, user, orders: int, sales: Decimal
) -> Participation:
    """After the event starts, the organiser records a participating workshop's
    orders and sales there."""
    _check_organiser(user, participation.event)
    if participation.state != Participation.State.ACCEPTED:
        raise ValidationError(_("Only a workshop taking part has results."))
    if participation.event.starts_on > timezone.localdate():
        raise ValidationError(_("Results are recorded once the event has started."))
    if not 0 <= orders <= MAX_QUANTITY:
        raise ValidationError({"orders": _("Enter the number of orders.")})
    if sales < 0 or sales >= Decimal(10) ** 12:
        raise ValidationError({"sales": _("Enter the sales in yuan.")})
    participation.orders = orders
    participation.sales = sales
    participation.results_recorded_at = timezone.now()
    participation.save(update_fields=["orders", "sales", "results_recorded_at"])
    log(instance=participation, action="market.event.results", user=user)
    return participation
