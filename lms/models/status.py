"""Dated status periods of a person (身份状态): the groups subsidies depend on."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lms.scoping import ScopedQuerySet


class StatusGroup(models.TextChoices):
    """The eligible groups of training-subsidy policies (DOMAIN.md §1.4)."""

    POVERTY_ALLEVIATED = (
        "poverty_alleviated",
        _("Poverty-alleviated household member (脱贫户成员)"),
    )
    MONITORING_TARGET = "monitoring_target", _("Monitoring target (防返贫监测对象)")
    RURAL_LABOURER = "rural_labourer", _("Rural labourer (农村劳动力)")
    LOW_INCOME = "low_income", _("Low-income (低收入人口)")
    WORKSHOP_EMPLOYEE = "workshop_employee", _("Workshop employee (非遗工坊从业人员)")


class StatusPeriodQuerySet(ScopedQuerySet):
    region_lookup = "person__household_region__code"
    institution_lookup = None

    def overlapping(self, starts_on: dt.date, ends_on: dt.date):
        """Periods that share at least one day with ``starts_on`` … ``ends_on``."""
        return self.filter(starts_on__lte=ends_on).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on)
        )

    def held_on(self, day: dt.date):
        return self.overlapping(day, day)


class StatusPeriod(models.Model):
    """A person belonged to a group from one date to another (open-ended while it
    lasts), as recorded by a named officer with the proof they saw, or imported
    from a population list (``source``)."""

    person = models.ForeignKey(
        "lms.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="status_periods",
    )
    group = models.CharField(_("group"), max_length=24, choices=StatusGroup.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(
        _("ends on"), null=True, blank=True, help_text=_("Empty while it lasts.")
    )
    proof = models.CharField(
        _("proof"),
        max_length=255,
        blank=True,
        help_text=_(
            "The document seen, e.g. 脱贫户登记 number or village certificate."
        ),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    source = models.ForeignKey(
        "lms.PopulationImport",
        verbose_name=_("imported from"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="status_periods",
        help_text=_("The population list it came from; empty when typed in."),
    )

    objects = StatusPeriodQuerySet.as_manager()

    class Meta:
        ordering = ["person", "starts_on"]
        verbose_name = _("status period")
        verbose_name_plural = _("status periods")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="status_period_ends_after_it_starts",
                violation_error_message=_("A period cannot end before it starts."),
            )
        ]

    def __str__(self) -> str:
        until = self.ends_on.isoformat() if self.ends_on else "…"
        return f"{self.get_group_display()} {self.starts_on.isoformat()} – {until}"


def groups_during(
    person_ids: Iterable[int], starts_on: dt.date, ends_on: dt.date
) -> dict[int, set[str]]:
    """The groups each person belonged to on any day of a date range, in one query."""
    held: dict[int, set[str]] = defaultdict(set)
    periods = StatusPeriod.objects.filter(person_id__in=list(person_ids)).overlapping(
        starts_on, ends_on
    )
    for person_id, group in periods.values_list("person_id", "group"):
        held[person_id].add(group)
    return dict(held)
