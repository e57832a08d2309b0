"""The figures of 非遗工坊建设情况统计, computed live with one aggregate query per
kind of record (six in all, whatever the number of regions or rows): each row of
the result is a unit, the division one level below the report's region, or the
region itself for what it holds directly."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    Sum,
    Value,
)
from django.db.models.functions import Concat, Substr

from inheritors.models import Workshop, WorkshopEmployment, WorkshopStateChange
from lms.scoping import region_prefix
from reporting.reports.layout import CRAFT_ONLY, empty_figures, money
from reporting.reports.periods import Period
from trainees.certificates.models import Certificate
from trainees.models import Enrolment
from trainees.subsidies.models import ClaimEvent


def unit_code(region_code: str, code: str) -> str:
    """The unit a record of division ``code`` counts under in ``region_code``'s
    report: the division one level down that holds it, or the region itself."""
    prefix = region_prefix(region_code)
    if len(prefix) >= 6:
        return region_code
    width = len(prefix) + 2
    return code[:width] + "0" * (6 - width)


class _Units:
    """Filters and the unit expression for records reached through ``path``
    (a lookup that ends at a region code)."""

    def __init__(self, region_code: str, *, direct_only: bool):
        self.code = region_code
        self.prefix = region_prefix(region_code)
        self.direct_only = direct_only or len(self.prefix) >= 6

    def within(self, path: str) -> Q:
        if self.direct_only:
            return Q(**{path: self.code})
        return Q(**{f"{path}__startswith": self.prefix})

    def unit(self, path: str):
        if self.direct_only:
            return Value(self.code)
        width = len(self.prefix) + 2
        return Concat(Substr(F(path), 1, width), Value("0" * (6 - width)))


def live_figures(
    region_code: str, period: Period, *, direct_only: bool = False
) -> dict[str, dict[str, dict]]:
    """Figures per unit of the region, live: ``{unit code: {table: {column: n}}}``.
    With ``direct_only``, only what the region holds itself (its own code)."""
    units = _Units(region_code, direct_only=direct_only)
    start, after = period.bounds()
    first, last = period.starts_on, period.ends_on
    figures: dict[str, dict[str, dict]] = defaultdict(empty_figures)

    cancelled = WorkshopStateChange.objects.filter(
        workshop=OuterRef("pk"), to_state=Workshop.State.CANCELLED
    )
    identified_by_end = Q(identified_on__isnull=False, identified_on__lte=last)
    active = identified_by_end & Q(cancelled_by_end=False)
    workshops = (
        Workshop.objects.filter(units.within("region__code"))
        .annotate(unit=units.unit("region__code"))
        .alias(
            cancelled_by_end=Exists(cancelled.filter(changed_at__lt=after)),
            cancelled_in=Exists(
                cancelled.filter(changed_at__gte=start, changed_at__lt=after)
            ),
        )
        .order_by()
        .values("unit")
        .annotate(
            identified=Count("pk", filter=Q(identified_on__range=(first, last))),
            active=Count("pk", filter=active),
            cancelled=Count("pk", filter=Q(cancelled_in=True)),
            in_library=Count("pk", filter=active & Q(library_entered_on__lte=last)),
            library_new=Count("pk", filter=Q(library_entered_on__range=(first, last))),
        )
    )
    for row in workshops:
        figures[row.pop("unit")]["workshops"].update(row)

    employment = (
        WorkshopEmployment.objects.filter(
            units.within("workshop__region__code"), year=period.year
        )
        .annotate(unit=units.unit("workshop__region__code"))
        .order_by()
        .values("unit")
        .annotate(
            employed=Sum("employed"),
            poverty_alleviated=Sum("poverty_alleviated"),
            monitoring_targets=Sum("monitoring_targets"),
        )
    )
    for row in employment:
        figures[row.pop("unit")]["workshops"].update(
            {key: value or 0 for key, value in row.items()}
        )

    categories = (
        Workshop.objects.filter(units.within("region__code"))
        .annotate(unit=units.unit("region__code"))
        .alias(
            cancelled_by_end=Exists(cancelled.filter(changed_at__lt=after)),
        )
        .filter(active)
        .order_by()
        .values("unit", "items__category")
        .annotate(n=Count("pk", distinct=True))
    )
    for row in categories:
        category = row["items__category"]
        column = f"cat_{category}" if category else CRAFT_ONLY
        figures[row["unit"]]["categories"][column] = row["n"]

    completions = (
        Enrolment.objects.filter(
            units.within("course__region__code"),
            completed_at__gte=start,
            completed_at__lt=after,
        )
        .annotate(unit=units.unit("course__region__code"))
        .order_by()
        .values("unit")
        .annotate(
            trainees=Count("user", distinct=True),
            completions=Count("pk"),
            seconds=Sum(F("verified_seconds") + F("attended_seconds")),
        )
    )
    for row in completions:
        training = figures[row["unit"]]["training"]
        training["trainees"] = row["trainees"]
        training["completions"] = row["completions"]
        training["verified_hours"] = money(Decimal(row["seconds"] or 0) / 3600)

    certificates = (
        Certificate.objects.valid()
        .filter(units.within("region__code"), issued_on__range=(first, last))
        .annotate(unit=units.unit("region__code"))
        .order_by()
        .values("unit")
        .annotate(n=Count("pk"))
    )
    for row in certificates:
        figures[row["unit"]]["training"]["certificates"] = row["n"]

    steps = {
        ClaimEvent.Action.APPROVED: ("claims_approved", "amount_approved"),
        ClaimEvent.Action.PAID: ("claims_paid", "amount_paid"),
    }
    claims = (
        ClaimEvent.objects.filter(
            units.within("claim__course__region__code"),
            action__in=list(steps),
            at__gte=start,
            at__lt=after,
        )
        .annotate(unit=units.unit("claim__course__region__code"))
        .order_by()
        .values("unit", "action")
        .annotate(n=Count("claim", distinct=True), amount=Sum("claim__amount"))
    )
    for row in claims:
        count, amount = steps[row["action"]]
        training = figures[row["unit"]]["training"]
        training[count] = row["n"]
        training[amount] = money(row["amount"])
    return dict(figures)
