"""ICH workshops (非遗工坊) under 办非遗发〔2021〕221号: identification, yearly
confirmation, employment, employees and the product catalogue (产品目录)."""

from __future__ import annotations

import datetime as dt
import re
from calendar import monthrange

from django.conf import settings
from django.db import models
from django.db.models import F, Max, Q, Value
from django.db.models.functions import Coalesce, ExtractYear, Greatest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable
from wagtail.search import index

from lms.models.sync import TracksUpdates
from lms.scoping import ScopedQuerySet
from lms.validators import NormalisedCharField, validate_credit_code

# A workshop that has not confirmed its registration for two consecutive years
# loses its qualification (221号 §2).
LAPSE_YEARS = 2
# Officers are warned of the workshops that will lapse within this many days.
LAPSE_WARNING_DAYS = 90


def _grace_ends(until: tuple[int, int] | None, year: int) -> dt.date | None:
    if until is None:
        return None
    month, day = until
    following = year + 1
    return dt.date(following, month, min(day, monthrange(following, month)[1]))


def _grace_of(region_code: str) -> tuple[int, int] | None:
    grace = settings.WORKSHOP_CONFIRMATION_GRACE
    return grace.get(region_code[:2], grace[""])


def confirmation_grace_ends(region_code: str, year: int) -> dt.date | None:
    """The last day, in the following year, on which a workshop of this region may
    still confirm ``year``'s registration; None if its province allows no grace.

    A workshop confirms the year it is in (R8). The year just ended stays open for
    a short grace period, because a county needs the first weeks of a year to
    gather the last year's employment figures; a year that ended long ago can no
    longer be confirmed, so a late entry cannot rescue a workshop that missed two
    years. The grace is a rule of the province, set per deployment
    (``WORKSHOP_CONFIRMATION_GRACE``, by default until 31 March, the end of the
    first quarter when provincial annual reports are due) rather than a table in
    the admin: it changes rarely and must not vary from county to county."""
    return _grace_ends(_grace_of(region_code), year)


def confirmable_years(region_code: str, today: dt.date) -> list[int]:
    """The years a workshop of this region may confirm today, the current first."""
    ends = confirmation_grace_ends(region_code, today.year - 1)
    return [today.year] + ([today.year - 1] if ends and today <= ends else [])


def _last_closed_year(until: tuple[int, int] | None, today: dt.date) -> int:
    ends = _grace_ends(until, today.year - 1)
    return today.year - 2 if ends and today <= ends else today.year - 1


def last_closed_year(region_code: str, today: dt.date) -> int:
    """The last year that can no longer be confirmed today: last year once its grace
    period has ended, the year before until then."""
    return _last_closed_year(_grace_of(region_code), today)


class WorkshopQuerySet(ScopedQuerySet):
    region_lookup = "region__code"
    institution_lookup = None

    def qualified(self) -> WorkshopQuerySet:
        """Identified workshops, in the project library or not: those that must
        confirm every year and may have a public page."""
        return self.filter(state__in=Workshop.QUALIFIED_STATES)

    def with_last_registration_year(self) -> WorkshopQuerySet:
        """The last year the workshop registered: identification counts as that
        year's registration, each yearly confirmation as its year's."""
        return self.annotate(
            last_registration_year=Greatest(
                Coalesce(Max("confirmations__year"), Value(0)),
                Coalesce(ExtractYear("identified_on"), Value(0)),
            )
        )

    def lapsed(self, *, today: dt.date) -> WorkshopQuerySet:
        """Qualified workshops with no registration in the last two years that can
        no longer be confirmed (the grace period of each province has ended)."""
        return self._missed_closed_years(LAPSE_YEARS, today=today)

    def overdue(self, *, today: dt.date) -> WorkshopQuerySet:
        """Qualified workshops that missed the confirmation of at least one year
        that can no longer be confirmed (lapsed ones included, until cancelled)."""
        return self._missed_closed_years(1, today=today)

    def lapsing_within(self, days: int, *, today: dt.date) -> WorkshopQuerySet:
        """Qualified workshops not lapsed today that will have lapsed ``days`` days
        from today unless they confirm."""
        later = today + dt.timedelta(days=days)
        return self.filter(pk__in=self.lapsed(today=later).values("pk")).exclude(
            pk__in=self.lapsed(today=today).values("pk")
        )

    def _missed_closed_years(self, years: int, *, today: dt.date) -> WorkshopQuerySet:
        grace = settings.WORKSHOP_CONFIRMATION_GRACE
        provinces = [code for code in grace if code]

        def missed(until) -> Q:
            cut = _last_closed_year(until, today) - years
            return Q(last_registration_year__lte=cut)

        condition = missed(grace[""])
        for code in provinces:
            condition &= ~Q(region__code__startswith=code)
        for code in provinces:
            condition |= Q(region__code__startswith=code) & missed(grace[code])
        return self.qualified().with_last_registration_year().filter(condition)

    def in_library(self) -> WorkshopQuerySet:
        """Qualified workshops recorded in the county project library (已入库)."""
        return self.qualified().filter(library_entered_on__isnull=False)

    def unconfirmed_in(self, year: int) -> WorkshopQuerySet:
        return self.qualified().exclude(confirmations__year=year)


class Workshop(TracksUpdates):
    """An ICH workshop (非遗工坊): a business or production point that relies on ICH
    items or a traditional craft and creates local jobs. The county culture
    department identifies it with the HR and rural-revitalisation departments."""

    class State(models.TextChoices):
        APPLIED = "applied", _("Applied (已申请)")
        IDENTIFIED = "identified", _("Identified (已认定)")
        ACTIVE = "active", _("Active, in the project library (已入库)")
        REJECTED = "rejected", _("Not identified (未予认定)")
        CANCELLED = "cancelled", _("Cancelled (已取消资格)")

    class EntityType(models.TextChoices):
        ENTERPRISE = "enterprise", _("Enterprise (企业)")
        COOPERATIVE = "cooperative", _("Cooperative (合作社)")
        INDIVIDUAL = "individual", _("Individual leader (个人带头人)")

    QUALIFIED_STATES = (State.IDENTIFIED, State.ACTIVE)

    name = models.CharField(_("name"), max_length=100)
    region = models.ForeignKey(
        "lms.Region",
        verbose_name=_("county"),
        on_delete=models.PROTECT,
        related_name="workshops",
        help_text=_("The county whose culture department identifies the workshop."),
    )
    entity_type = models.CharField(
        _("applicant type"), max_length=12, choices=EntityType.choices
    )
    entity_name = models.CharField(
        _("applicant"),
        max_length=200,
        blank=True,
        help_text=_("The enterprise or cooperative, as on its business licence."),
    )
    credit_code = NormalisedCharField(
        _("unified social credit code"),
        max_length=18,
        blank=True,
        validators=[validate_credit_code],
    )
    leader = models.ForeignKey(
        "inheritors.WorkshopLeader",
        verbose_name=_("leader"),
        on_delete=models.PROTECT,
        related_name="workshops",
    )
    items = models.ManyToManyField(
        "inheritors.IchItem",
        verbose_name=_("ICH items relied on"),
        blank=True,
        related_name="workshops",
    )
    craft = models.CharField(
        _("traditional craft"),
        max_length=200,
        blank=True,
        help_text=_("The craft relied on, when it is not a listed item."),
    )
    address = models.CharField(_("site address"), max_length=255)
    site_area = models.DecimalField(
        _("site area (m²)"), max_digits=9, decimal_places=1, null=True, blank=True
    )
    has_water = models.BooleanField(_("water"), default=False)
    has_power = models.BooleanField(_("electricity"), default=False)
    has_heating = models.BooleanField(_("heating"), default=False)
    equipment = models.TextField(_("tools and equipment"), blank=True)
    products = models.TextField(_("main products"), blank=True)
    applied_on = models.DateField(_("applied on"), default=timezone.localdate)
    state = models.CharField(
        _("state"),
        max_length=12,
        choices=State.choices,
        default=State.APPLIED,
        editable=False,
    )
    identified_on = models.DateField(
        _("identified on"), null=True, blank=True, editable=False
    )
    hr_opinion = models.TextField(
        _("HR department's opinion"), blank=True, editable=False
    )
    rural_opinion = models.TextField(
        _("rural revitalisation department's opinion"), blank=True, editable=False
    )
    library_entered_on = models.DateField(
        _("entered the project library on"), null=True, blank=True, editable=False
    )
    library_number = models.CharField(
        _("project library number"), max_length=50, blank=True, editable=False
    )
    library_entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded in the project library by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = WorkshopQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        permissions = [
            (
                "enter_project_library",
                _("Can record a workshop in the county project library"),
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["applied", "rejected"])
                | Q(identified_on__isnull=False),
                name="workshop_identified_has_a_date",
            ),
            models.CheckConstraint(
                condition=~Q(state="active") | Q(library_entered_on__isnull=False),
                name="workshop_active_is_in_the_library",
            ),
            models.CheckConstraint(
                condition=Q(entity_type="individual") | ~Q(entity_name=""),
                name="workshop_entity_named",
                violation_error_message=_(
                    "Name the enterprise or cooperative that applies."
                ),
            ),
            models.CheckConstraint(
                condition=Q(entity_type="individual") | ~Q(credit_code=""),
                name="workshop_entity_has_credit_code",
                violation_error_message=_(
                    "An enterprise or cooperative needs its unified social credit code."
                ),
            ),
            models.CheckConstraint(
                condition=Q(site_area__isnull=True) | Q(site_area__gt=0),
                name="workshop_site_area_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_qualified(self) -> bool:
        return self.state in self.QUALIFIED_STATES

    def last_registration_year(self) -> int | None:
        if self.identified_on is None:
            return None
        confirmed = self.confirmations.aggregate(year=Max("year"))["year"] or 0
        return max(confirmed, self.identified_on.year)

    last_registration_year.short_description = _("last registered")

    def relied_on(self) -> str:
        names = [item.name for item in self.items.all()]
        return "、".join(names + ([self.craft] if self.craft else []))

    relied_on.short_description = _("relies on")


class WorkshopStateChange(models.Model):
    """One step of a workshop's life (状态变更), with who took it and why; the
    automatic cancellation has no user."""

    workshop = models.ForeignKey(
        Workshop,
        verbose_name=_("workshop"),
        on_delete=models.CASCADE,
        related_name="state_changes",
    )
    from_state = models.CharField(
        _("from"), max_length=12, choices=Workshop.State.choices, blank=True
    )
    to_state = models.CharField(_("to"), max_length=12, choices=Workshop.State.choices)
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(_("reason"))

    class Meta:
        ordering = ["changed_at", "pk"]
        verbose_name = _("workshop state change")
        verbose_name_plural = _("workshop state changes")

    def __str__(self) -> str:
        return f"{self.workshop} · {self.from_state} → {self.to_state}"


class WorkshopConfirmation(models.Model):
    """A workshop's yearly confirmation of its registration (年度确认), by its
    leader on the site or by staff in the admin."""

    class Channel(models.TextChoices):
        SITE = "site", _("By the leader on the site")
        ADMIN = "admin", _("By staff in the admin")

    workshop = models.ForeignKey(
        Workshop,
        verbose_name=_("workshop"),
        on_delete=models.CASCADE,
        related_name="confirmations",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    confirmed_at = models.DateTimeField(_("confirmed at"), default=timezone.now)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    changes = models.TextField(_("changes made"), blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("yearly confirmation")
        verbose_name_plural = _("yearly confirmations")
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "year"], name="workshop_confirmation_once_a_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.workshop} · {self.year}"


class EmploymentQuerySet(ScopedQuerySet):
    region_lookup = "workshop__region__code"
    institution_lookup = None


class WorkshopEmployment(models.Model):
    """A workshop's employment in one year (吸纳就业): people employed and, of them,
    people lifted out of poverty (脱贫人口) and monitoring targets (监测帮扶对象)."""

    workshop = models.ForeignKey(
        Workshop,
        verbose_name=_("workshop"),
        on_delete=models.PROTECT,
        related_name="employment",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    employed = models.PositiveIntegerField(_("people employed"))
    poverty_alleviated = models.PositiveIntegerField(
        _("of them lifted out of poverty"), default=0
    )
    monitoring_targets = models.PositiveIntegerField(
        _("of them monitoring targets"), default=0
    )
    home_based = models.PositiveIntegerField(_("home-based jobs"), default=0)
    flexible = models.PositiveIntegerField(_("flexible jobs"), default=0)
    average_income = models.DecimalField(
        _("average yearly income (yuan)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    objects = EmploymentQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "workshop"]
        verbose_name = _("employment record")
        verbose_name_plural = _("employment records")
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "year"],
                name="workshop_employment_once_a_year",
                violation_error_message=_(
                    "This workshop already has an employment record for this year."
                ),
            ),
            models.CheckConstraint(
                condition=Q(poverty_alleviated__lte=F("employed"))
                & Q(monitoring_targets__lte=F("employed"))
                & Q(home_based__lte=F("employed"))
                & Q(flexible__lte=F("employed")),
                name="workshop_employment_parts_within_total",
                violation_error_message=_(
                    "No part can be larger than the number of people employed."
                ),
            ),
            models.CheckConstraint(
                condition=Q(average_income__isnull=True) | Q(average_income__gte=0),
                name="workshop_employment_income_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.workshop} · {self.year}"


class EmployeeQuerySet(ScopedQuerySet):
    region_lookup = "workshop__region__code"
    institution_lookup = None

    def employed_on(self, day: dt.date) -> EmployeeQuerySet:
        """Who worked at a workshop on that day (for eligibility at training time)."""
        return self.filter(started_on__lte=day).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=day)
        )


class WorkshopEmployee(models.Model):
    """A person working at a workshop (工坊从业人员), linked to their Person so the
    trainee record sees the same human."""

    class JobType(models.TextChoices):
        ON_SITE = "on_site", _("On site (在岗)")
        HOME_BASED = "home_based", _("Home-based (居家就业)")
        FLEXIBLE = "flexible", _("Flexible (灵活就业)")

    workshop = models.ForeignKey(
        Workshop,
        verbose_name=_("workshop"),
        on_delete=models.PROTECT,
        related_name="employees",
    )
    person = models.ForeignKey(
        "lms.Person",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="workshop_jobs",
    )
    job_type = models.CharField(
        _("job type"), max_length=12, choices=JobType.choices, default=JobType.ON_SITE
    )
    job = models.CharField(_("job"), max_length=100, blank=True)
    started_on = models.DateField(_("started on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    objects = EmployeeQuerySet.as_manager()

    class Meta:
        ordering = ["workshop", "person__real_name"]
        verbose_name = _("workshop employee")
        verbose_name_plural = _("workshop employees")
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "person"],
                condition=Q(ended_on__isnull=True),
                name="workshop_employee_one_open_job",
                violation_error_message=_(
                    "This person already works at this workshop."
                ),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="workshop_employee_ends_after_start",
                violation_error_message=_("The job cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person.real_name} · {self.workshop}"


class ProductQuerySet(ScopedQuerySet):
    region_lookup = "workshop__region__code"
    institution_lookup = None

    def in_catalogue(self) -> ProductQuerySet:
        return self.filter(
            in_catalogue=True, workshop__state__in=Workshop.QUALIFIED_STATES
        )

    def listed(self) -> ProductQuerySet:
        """The products a buyer finds in the public catalogue: in the catalogue, of a
        qualified workshop whose page is live. Written with the workshop as a
        subquery so Wagtail search can filter on it (``FilterField("workshop")``)."""
        return self.filter(
            in_catalogue=True,
            workshop_id__in=Workshop.objects.qualified()
            .filter(page__live=True)
            .values("pk"),
        )


_CJK_RANGE = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK = re.compile(f"[{_CJK_RANGE}]")
_RUNS = re.compile(f"[{_CJK_RANGE}]+|[^\\W_{_CJK_RANGE}]+")


def search_terms(text: str) -> str:
    """The words the search index keeps for ``text``: each run of Chinese characters
    as its single characters and its pairs of neighbours (bigrams), other words as
    they are. PostgreSQL's parser does not split Chinese, so "苗族刺绣挂件" would be
    one word; as pairs, a search for "刺绣" finds it (``catalogue_query``)."""
    terms: list[str] = []
    for run in _RUNS.findall(text or ""):
        if _CJK.match(run):
            terms.extend(run)
            terms.extend(run[i : i + 2] for i in range(len(run) - 1))
        else:
            terms.append(run.lower())
    return " ".join(terms)


def query_terms(text: str) -> list[str]:
    """The index words a buyer's search text must all match: Chinese as bigrams
    (one character alone as itself), other words as they are."""
    terms: list[str] = []
    for run in _RUNS.findall(text or ""):
        if _CJK.match(run):
            pairs = [run[i : i + 2] for i in range(len(run) - 1)]
            terms.extend(pairs or [run])
        else:
            terms.append(run.lower())
    return list(dict.fromkeys(terms))


class WorkshopProduct(index.Indexed, ClusterableModel):
    """An entry of the workshops' product catalogue (非遗工坊产品目录, 221号 §7):
    what a buyer may order, how many at least, how soon and how many a month.
    A department officer marks it for consumption assistance (消费帮扶) after
    checking it (``market.services.mark_consumption_assistance``)."""

    workshop = models.ForeignKey(
        Workshop,
        verbose_name=_("workshop"),
        on_delete=models.CASCADE,
        related_name="catalogue",
    )
    name = models.CharField(_("name"), max_length=100)
    craft = models.CharField(_("craft"), max_length=100)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    price_min = models.DecimalField(
        _("lowest price (yuan)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    price_max = models.DecimalField(
        _("highest price (yuan)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
    )
    description = models.TextField(_("description"), blank=True)
    in_catalogue = models.BooleanField(
        _("in the catalogue"),
        default=True,
        help_text=_("Shown on the public workshop page and product catalogue."),
    )
    minimum_order = models.PositiveIntegerField(
        _("minimum order (pieces)"), null=True, blank=True
    )
    lead_time_days = models.PositiveSmallIntegerField(
        _("lead time (days)"), null=True, blank=True
    )
    monthly_capacity = models.PositiveIntegerField(
        _("capacity per month (pieces)"), null=True, blank=True
    )
    consumption_assistance = models.BooleanField(
        _("consumption assistance (消费帮扶)"), default=False, editable=False
    )
    assistance_checked_on = models.DateField(
        _("checked for consumption assistance on"),
        null=True,
        blank=True,
        editable=False,
    )
    assistance_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked for consumption assistance by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ProductQuerySet.as_manager()

    search_fields = [
        index.SearchField("indexed_name", boost=2),
        index.SearchField("indexed_text"),
        index.FilterField("in_catalogue"),
        index.FilterField("workshop"),
        index.FilterField("craft"),
        index.FilterField("name"),
        index.FilterField("id"),
        index.FilterField("price_min"),
        index.FilterField("price_max"),
        index.FilterField("consumption_assistance"),
    ]

    class Meta:
        ordering = ["workshop", "name"]
        verbose_name = _("catalogue product")
        verbose_name_plural = _("catalogue products")
        permissions = [
            (
                "mark_consumption_assistance",
                _("Can mark products for consumption assistance (消费帮扶)"),
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(consumption_assistance=False)
                | Q(assistance_checked_on__isnull=False),
                name="workshop_product_assistance_has_a_date",
            ),
            models.CheckConstraint(
                condition=(Q(price_min__isnull=True) | Q(price_min__gte=0))
                & (Q(price_max__isnull=True) | Q(price_max__gte=0)),
                name="workshop_product_prices_not_negative",
                violation_error_message=_("A price cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(price_min__isnull=True)
                | Q(price_max__isnull=True)
                | Q(price_max__gte=F("price_min")),
                name="workshop_product_price_range_ordered",
                violation_error_message=_(
                    "The highest price cannot be below the lowest."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} · {self.workshop}"

    @property
    def price_range(self) -> str:
        low, high = self.price_min, self.price_max
        if low is None and high is None:
            return ""
        if low is None or high is None or low == high:
            return f"¥{(low if high is None else high):,.0f}"
        return f"¥{low:,.0f}–{high:,.0f}"

    price_range.fget.short_description = _("price")

    def indexed_name(self) -> str:
        return search_terms(self.name)

    def indexed_text(self) -> str:
        return search_terms(f"{self.craft} {self.description}")


class ProductPhoto(Orderable):
    """One photo of a catalogue product, in the order the workshop chose."""

    product = ParentalKey(
        WorkshopProduct, on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    caption = models.CharField(_("caption"), max_length=200, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
        verbose_name = _("product photo")
        verbose_name_plural = _("product photos")

    def __str__(self) -> str:
        return self.caption or str(self.image)
