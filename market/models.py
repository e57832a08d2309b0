"""Buyers' inquiries (采购询价) about catalogue products, the senders a workshop
blocks, and exhibitions and sales events (展销活动) with the workshops taking part."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.scoping import ScopedQuerySet
from lms.validators import (
    NormalisedCharField,
    validate_contact_phone,
    validate_credit_code,
)

# The largest quantity a buyer may ask for or a deal may record: more than any
# workshop makes, well inside the column.
MAX_QUANTITY = 1_000_000_000
MESSAGE_MAX_LENGTH = 2000


class InquiryQuerySet(ScopedQuerySet):
    """Inquiries are seen by the officers of the workshop's region and above."""

    region_lookup = "workshop__region__code"
    institution_lookup = None

    def led_by(self, user) -> InquiryQuerySet:
        """The inquiries to workshops the user leads (one inquiry, for its page;
        the leader's list reads the workshops first: ``market.selectors``)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(workshop__leader__person__user=user)

    def deals(self) -> InquiryQuerySet:
        return self.filter(state=Inquiry.State.DEAL)


class Inquiry(models.Model):
    """A buyer's inquiry (询价) about a catalogue product: who they are, what they
    want, how many and by when. The workshop answers it on the site; it ends as a
    deal (成交), with the quantity and value the workshop records, or closed."""

    class State(models.TextChoices):
        NEW = "new", _("New")
        ANSWERED = "answered", _("Answered")
        DEAL = "deal", _("Deal")
        CLOSED = "closed", _("Closed")

    product = models.ForeignKey(
        "inheritors.WorkshopProduct",
        verbose_name=_("product"),
        on_delete=models.PROTECT,
        related_name="inquiries",
    )
    workshop = models.ForeignKey(
        "inheritors.Workshop",
        verbose_name=_("workshop"),
        on_delete=models.PROTECT,
        related_name="inquiries",
        editable=False,
    )
    organisation = models.CharField(_("organisation"), max_length=200)
    credit_code = NormalisedCharField(
        _("unified social credit code"),
        max_length=18,
        blank=True,
        validators=[validate_credit_code],
    )
    contact_name = models.CharField(_("contact name"), max_length=50)
    phone = NormalisedCharField(
        _("phone"), max_length=30, validators=[validate_contact_phone]
    )
    email = models.EmailField(_("email"))
    message = models.TextField(
        _("what you need"),
        max_length=MESSAGE_MAX_LENGTH,
        help_text=_("Design, materials, packaging, price you have in mind."),
    )
    quantity = models.PositiveIntegerField(_("how many (pieces)"))
    needed_by = models.DateField(_("needed by"), null=True, blank=True)
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=State.choices,
        default=State.NEW,
        editable=False,
    )
    answer = models.TextField(_("answer"), blank=True, editable=False)
    answered_at = models.DateTimeField(
        _("answered at"), null=True, blank=True, editable=False
    )
    deal_quantity = models.PositiveIntegerField(
        _("quantity sold (pieces)"), null=True, blank=True, editable=False
    )
    deal_value = models.DecimalField(
        _("value of the deal (yuan)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
    )
    decided_at = models.DateTimeField(
        _("deal or closed at"), null=True, blank=True, editable=False
    )
    sender_ip = models.GenericIPAddressField(
        _("sender's IP address"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)

    objects = InquiryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("buyer's inquiry")
        verbose_name_plural = _("buyers' inquiries")
        indexes = [
            models.Index(
                fields=["workshop", "-created_at", "-id"],
                name="inquiry_workshop_recent",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=1, quantity__lte=MAX_QUANTITY),
                name="inquiry_quantity_in_range",
                violation_error_message=_("Ask for at least one piece."),
            ),
            models.CheckConstraint(
                condition=~Q(state="deal")
                | Q(
                    deal_quantity__gte=1,
                    deal_quantity__lte=MAX_QUANTITY,
                    deal_value__gte=0,
                ),
                name="inquiry_deal_has_quantity_and_value",
                violation_error_message=_(
                    "A deal needs the quantity sold and its value."
                ),
            ),
            models.CheckConstraint(
                condition=Q(state="new") | Q(answered_at__isnull=False),
                name="inquiry_answered_has_a_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.product.name}"

    @property
    def phone_masked(self) -> str:
        return self.phone[:3] + "****" + self.phone[-4:] if self.phone else ""

    @property
    def email_masked(self) -> str:
        name, _at, domain = self.email.partition("@")
        return f"{name[:1]}***@{domain}" if domain else "***"


class BlockedSender(models.Model):
    """A sender a workshop leader no longer wants to hear from: their inquiries to
    that workshop are refused. Matched by email, phone or IP address."""

    class Kind(models.TextChoices):
        EMAIL = "email", _("Email")
        PHONE = "phone", _("Phone")
        IP = "ip", _("IP address")

    workshop = models.ForeignKey(
        "inheritors.Workshop",
        verbose_name=_("workshop"),
        on_delete=models.CASCADE,
        related_name="blocked_senders",
    )
    kind = models.CharField(_("by"), max_length=5, choices=Kind.choices)
    value = models.CharField(_("value"), max_length=254)
    blocked_at = models.DateTimeField(_("blocked at"), default=timezone.now)
    blocked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("blocked by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("blocked sender")
        verbose_name_plural = _("blocked senders")
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "kind", "value"], name="blocked_sender_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.workshop} · {self.get_kind_display()} {self.value}"


class SalesEventQuerySet(ScopedQuerySet):
    """Events are run by the officers of the organiser's region and above."""

    region_lookup = "organiser_region__code"
    institution_lookup = None

    def published(self) -> SalesEventQuerySet:
        return self.filter(published=True)

    def open_to_applications(self, *, today) -> SalesEventQuerySet:
        return self.published().filter(ends_on__gte=today)


class SalesEvent(models.Model):
    """An exhibition or sales event (展销活动): an ICH expo stand, a festival, an
    online shopping festival or a live-stream sale, organised by a region's
    department, with the workshops and products that take part."""

    class Kind(models.TextChoices):
        EXHIBITION = "exhibition", _("Exhibition (展览会)")
        FESTIVAL_STAND = "festival_stand", _("Festival stand (节会展位)")
        SHOPPING_FESTIVAL = "shopping_festival", _("Shopping festival (购物节)")
        LIVE_STREAM = "live_stream", _("Live-stream sale (直播带货)")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    place = models.CharField(
        _("place or platform"),
        max_length=200,
        help_text=_("The venue, or the online platform and channel."),
    )
    organiser_region = models.ForeignKey(
        "lms.Region",
        verbose_name=_("organiser's region"),
        on_delete=models.PROTECT,
        related_name="sales_events",
    )
    description = models.TextField(_("description"), blank=True, max_length=5000)
    published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Shown on the public event pages; workshops may apply."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = SalesEventQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "name"]
        verbose_name = _("sales event")
        verbose_name_plural = _("sales events")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="sales_event_ends_after_start",
                violation_error_message=_("The event cannot end before it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class ParticipationQuerySet(ScopedQuerySet):
    region_lookup = "event__organiser_region__code"
    institution_lookup = None

    def taking_part(self) -> ParticipationQuerySet:
        return self.filter(state=Participation.State.ACCEPTED)


class Participation(models.Model):
    """A workshop taking part in an event: invited by the organiser (and accepting)
    or applying (and accepted by the organiser), with the products it shows and,
    afterwards, the orders and sales it made there."""

    class State(models.TextChoices):
        INVITED = "invited", _("Invited")
        APPLIED = "applied", _("Applied")
        ACCEPTED = "accepted", _("Taking part")
        DECLINED = "declined", _("Declined")

    event = models.ForeignKey(
        SalesEvent,
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="participations",
    )
    workshop = models.ForeignKey(
        "inheritors.Workshop",
        verbose_name=_("workshop"),
        on_delete=models.PROTECT,
        related_name="event_participations",
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, editable=False
    )
    products = models.ManyToManyField(
        "inheritors.WorkshopProduct",
        verbose_name=_("products shown"),
        blank=True,
        related_name="event_participations",
    )
    orders = models.PositiveIntegerField(
        _("orders"), null=True, blank=True, editable=False
    )
    sales = models.DecimalField(
        _("sales (yuan)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
    )
    results_recorded_at = models.DateTimeField(
        _("results recorded at"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        ordering = ["event", "workshop__name"]
        verbose_name = _("event participation")
        verbose_name_plural = _("event participations")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "workshop"],
                name="participation_once_per_event",
                violation_error_message=_("This workshop is already on the event."),
            ),
            models.CheckConstraint(
                condition=Q(sales__isnull=True) | Q(sales__gte=0),
                name="participation_sales_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(results_recorded_at__isnull=True) | Q(state="accepted"),
                name="participation_results_only_when_taking_part",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} · {self.workshop}"
