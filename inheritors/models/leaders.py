"""Workshop leaders (非遗工坊带头人) and the supports they receive (221号 §5)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lms.scoping import ScopedQuerySet


class LeaderQuerySet(ScopedQuerySet):
    region_lookup = "region__code"
    institution_lookup = None


class WorkshopLeader(models.Model):
    """A workshop leader (非遗工坊带头人): the person who runs a workshop. Their
    account, if linked, confirms the workshop each year on the site."""

    person = models.OneToOneField(
        "lms.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="workshop_leader",
    )
    region = models.ForeignKey(
        "lms.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The county where the leader works."),
    )
    biography = models.TextField(
        _("public introduction"),
        blank=True,
        help_text=_("Shown on the workshop's public page beside the leader's name."),
    )
    honours = models.CharField(
        _("honours"),
        max_length=255,
        blank=True,
        help_text=_("e.g. 乡村工匠, 省级代表性传承人"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = LeaderQuerySet.as_manager()

    class Meta:
        ordering = ["person__real_name"]
        verbose_name = _("workshop leader")
        verbose_name_plural = _("workshop leaders")

    def __str__(self) -> str:
        return self.person.real_name

    @property
    def public_name(self) -> str:
        return self.person.real_name

    def workshop_names(self) -> str:
        return "、".join(workshop.name for workshop in self.workshops.all())

    workshop_names.short_description = _("workshops")

    def support_summary(self) -> str:
        return "; ".join(
            f"{s.get_kind_display()} ¥{s.amount:,.0f} ({s.granted_on})"
            for s in self.supports.all()
        )

    support_summary.short_description = _("supports received")


class SupportQuerySet(ScopedQuerySet):
    region_lookup = "leader__region__code"
    institution_lookup = None


class LeaderSupport(models.Model):
    """A support granted to a leader (扶持政策): start-up subsidy, loan, tax relief
    and the like, with its amount, date and granting department."""

    class Kind(models.TextChoices):
        STARTUP_SUBSIDY = (
            "startup_subsidy",
            _("One-time start-up subsidy (一次性创业补贴)"),
        )
        STARTUP_TRAINING = (
            "startup_training",
            _("Start-up training subsidy (创业培训补贴)"),
        )
        GUARANTEED_LOAN = (
            "guaranteed_loan",
            _("Guaranteed business loan (创业担保贷款)"),
        )
        INTEREST_SUBSIDY = "interest_subsidy", _("Loan interest subsidy (贷款贴息)")
        TAX_RELIEF = "tax_relief", _("Tax and fee relief (税费减免)")
        VENUE = "venue", _("Venue arrangement (场地安排)")

    leader = models.ForeignKey(
        WorkshopLeader,
        verbose_name=_("leader"),
        on_delete=models.PROTECT,
        related_name="supports",
    )
    workshop = models.ForeignKey(
        "inheritors.Workshop",
        verbose_name=_("workshop"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supports",
    )
    kind = models.CharField(_("support"), max_length=20, choices=Kind.choices)
    amount = models.DecimalField(
        _("amount (yuan)"),
        max_digits=12,
        decimal_places=2,
        help_text=_(
            "The sum granted, lent or relieved; for a venue, its yearly value."
        ),
    )
    granted_on = models.DateField(_("granted on"))
    department = models.CharField(_("granting department"), max_length=100)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = SupportQuerySet.as_manager()

    class Meta:
        ordering = ["-granted_on"]
        verbose_name = _("leader support")
        verbose_name_plural = _("leader supports")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="leader_support_amount_not_negative",
                violation_error_message=_("The amount cannot be negative."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.leader} · {self.get_kind_display()} · ¥{self.amount}"
