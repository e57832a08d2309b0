"""Training-subsidy policies (补贴政策), the national rules per region, claims
(补贴申领) and the append-only record of every step a claim takes.

The national working-day calendar and the claims' evidence archives are models of
their own modules, imported here so that they belong to the app."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel

from lms.models.sync import TracksUpdates
from lms.scoping import ScopedQuerySet, region_prefix
from lms.skills import COURSE_LEVELS, CertificateKind
from trainees.subsidies.calendar import CalendarDay, WorkingCalendar
from trainees.subsidies.deadlines import (
    horizon,
    working_day_after,
    working_days_between,
)
from trainees.subsidies.retention import (
    ClaimArchive,
    refuse_deleting,
    retention_years,
    years_after,
)

__all__ = [
    "AWAITING_REVIEW",
    "SCHEME_CERTIFICATE_KINDS",
    "SUBSIDISED_STATES",
    "CalendarDay",
    "Claim",
    "ClaimArchive",
    "ClaimEvent",
    "ClaimState",
    "Flag",
    "Payee",
    "Policy",
    "PolicyAmount",
    "RegionRules",
    "Scheme",
    "Verdict",
    "prepare_review_deadlines",
]


class Scheme(models.TextChoices):
    """Which subsidy a policy pays; one certificate is never paid under both."""

    TRAINING = "training", _("Vocational training subsidy (职业培训补贴)")
    SKILL_UPGRADING = "skill_upgrading", _("Skill-upgrading subsidy (技能提升补贴)")


# The certificates a scheme pays for, where it does not pay for every kind: the
# skill-upgrading subsidy only for 职业资格证书 and 职业技能等级证书 (DOMAIN §2.2).
SCHEME_CERTIFICATE_KINDS: dict[str, frozenset[str]] = {
    Scheme.SKILL_UPGRADING: frozenset(
        {CertificateKind.QUALIFICATION, CertificateKind.SKILL_LEVEL}
    ),
}


class RegionRulesQuerySet(ScopedQuerySet):
    region_lookup = "region__code"
    institution_lookup = None


class RegionRules(models.Model):
    """The national rules as one region applies them (地区规则): each on by default,
    switchable; the nearest row up the region's chain governs."""

    region = models.OneToOneField(
        "lms.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="subsidy_rules",
    )
    yearly_cap = models.BooleanField(
        _("at most N training subsidies per person per calendar year"), default=True
    )
    yearly_cap_count = models.PositiveSmallIntegerField(_("N"), default=3)
    same_level_once = models.BooleanField(
        _("same occupation and level subsidised once"), default=True
    )
    no_lower_level = models.BooleanField(
        _("no lower level after a higher one of the same occupation"), default=True
    )
    one_scheme_per_certificate = models.BooleanField(
        _("one subsidy scheme per certificate"), default=True
    )
    certificate_window = models.BooleanField(
        _("claim within N months of the certificate's issue date"), default=True
    )
    certificate_window_months = models.PositiveSmallIntegerField(
        _("months"), default=12
    )
    group_at_training_time = models.BooleanField(
        _("eligible group at the time of training"), default=True
    )
    public_notice_days = models.PositiveSmallIntegerField(
        _("public notice (公示) days"), default=7
    )
    review_working_days = models.PositiveSmallIntegerField(
        _("review deadline (working days)"), default=10
    )

    objects = RegionRulesQuerySet.as_manager()

    class Meta:
        verbose_name = _("regional subsidy rules")
        verbose_name_plural = _("regional subsidy rules")
        constraints = [
            models.CheckConstraint(
                condition=Q(yearly_cap_count__gte=1),
                name="region_rules_cap_is_positive",
            )
        ]

    def __str__(self) -> str:
        return str(self.region)

    @classmethod
    def governing(cls, region_code: str) -> RegionRules:
        """The rules for a region: its own row, else its prefecture's or province's,
        else the national defaults (an unsaved row)."""
        return cls.for_regions([region_code])[region_code]

    @classmethod
    def for_regions(cls, codes: list[str]) -> dict[str, RegionRules]:
        """The governing rules of many regions in one query."""
        chains = {code: _chain(code) for code in codes}
        wanted = {link for chain in chains.values() for link in chain}
        rows = {r.region_id: r for r in cls.objects.filter(region_id__in=wanted)}
        return {
            code: next((rows[c] for c in chain if c in rows), cls())
            for code, chain in chains.items()
        }


def _chain(code: str) -> list[str]:
    """A region code and the codes above it, nearest first."""
    prefix = region_prefix(code)
    chain = [code]
    if len(prefix) == 6:
        chain.append(code[:4] + "00")
    if len(prefix) >= 4:
        chain.append(code[:2] + "0000")
    return list(dict.fromkeys(chain))


class PolicyQuerySet(ScopedQuerySet):
    region_lookup = "region__code"
    institution_lookup = None

    def covering(self, region_code: str):
        """Policies of the region itself or of a region above it."""
        return self.filter(region_id__in=_chain(region_code))

    def relevant_to(self, user):
        """Policies a staff member works under: those of their scope, and those of
        a region above that cover their region or their institution's."""
        from lms import policy

        code = policy.home_region_code(user)
        mine = models.Q(pk__in=self.in_scope(user).values("pk"))
        if code:
            return self.filter(mine | models.Q(region_id__in=_chain(code)))
        return self.filter(mine)


class Policy(ClusterableModel):
    """A subsidy policy (补贴政策) of one region: who qualifies, on what evidence,
    and how much is paid for which certificate at which level."""

    region = models.ForeignKey(
        "lms.Region",
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        related_name="subsidy_policies",
        help_text=_("It covers this region and every division below it."),
    )
    name = models.CharField(_("name"), max_length=200)
    scheme = models.CharField(
        _("scheme"), max_length=16, choices=Scheme.choices, default=Scheme.TRAINING
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    eligible_groups = models.JSONField(
        _("eligible groups"),
        default=list,
        blank=True,
        help_text=_("Empty: everyone may claim."),
    )
    training_modes = models.JSONField(
        _("training modes"),
        default=list,
        blank=True,
        help_text=_("Empty: every mode."),
    )
    min_verified_hours = models.DecimalField(
        _("minimum verified hours"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("Verified watch time plus attended session time."),
    )
    min_attendance_share = models.PositiveSmallIntegerField(
        _("minimum attendance share (%)"), null=True, blank=True
    )
    min_watch_share = models.PositiveSmallIntegerField(
        _("minimum watch share (%)"),
        null=True,
        blank=True,
        help_text=_("Verified watch time as a share of the course's video time."),
    )
    assessment_required = models.BooleanField(_("assessment passed"), default=True)
    certificate_required = models.BooleanField(_("certificate required"), default=True)
    claim_window_days = models.PositiveSmallIntegerField(
        _("claim window (days after the course ends)"), null=True, blank=True
    )
    public_notice_days = models.PositiveSmallIntegerField(
        _("public notice (公示) days"),
        null=True,
        blank=True,
        help_text=_("Empty: the region's rule."),
    )

    objects = PolicyQuerySet.as_manager()

    class Meta:
        ordering = ["region", "-valid_from"]
        verbose_name = _("subsidy policy")
        verbose_name_plural = _("subsidy policies")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_until__gte=models.F("valid_from")),
                name="policy_valid_until_after_from",
                violation_error_message=_("A policy cannot end before it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class PolicyAmount(models.Model):
    """What a policy pays (元) for one certificate kind, at one level or any."""

    policy = ParentalKey(Policy, on_delete=models.CASCADE, related_name="amounts")
    certificate_kind = models.CharField(
        _("certificate"), max_length=16, choices=CertificateKind.choices
    )
    skill_level = models.PositiveSmallIntegerField(
        _("skill level"),
        choices=COURSE_LEVELS,
        null=True,
        blank=True,
        help_text=_("Empty: any level."),
    )
    amount = models.DecimalField(_("amount (yuan)"), max_digits=9, decimal_places=2)

    panels = [
        FieldRowPanel(
            [
                FieldPanel("certificate_kind"),
                FieldPanel("skill_level"),
                FieldPanel("amount"),
            ]
        )
    ]

    class Meta:
        verbose_name = _("amount")
        constraints = [
            models.UniqueConstraint(
                fields=["policy", "certificate_kind", "skill_level"],
                name="one_amount_per_kind_and_level",
            ),
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="policy_amount_not_negative"
            ),
        ]

    def __str__(self) -> str:
        level = self.get_skill_level_display() if self.skill_level else "*"
        return f"{self.get_certificate_kind_display()} · {level}: {self.amount}"


class ClaimState(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    RETURNED = "returned", _("Returned for correction")
    REJECTED = "rejected", _("Rejected")
    APPROVED = "approved", _("Approved")
    IN_NOTICE = "in_notice", _("In public notice (公示)")
    PAYABLE = "payable", _("Payable")
    PAID = "paid", _("Paid")


# States in which a claim is subsidised: it counts toward the person's history.
SUBSIDISED_STATES = [
    ClaimState.APPROVED,
    ClaimState.IN_NOTICE,
    ClaimState.PAYABLE,
    ClaimState.PAID,
]
AWAITING_REVIEW = [ClaimState.SUBMITTED, ClaimState.UNDER_REVIEW]


class Verdict(models.TextChoices):
    ELIGIBLE = "eligible", _("Every rule passes")
    INELIGIBLE = "ineligible", _("A rule fails")


class Flag(models.TextChoices):
    """Suspicious evidence (疑点): not a verdict, a place for HR to look."""

    TWO_VENUES = "two_venues", _("Checked in at two venues at overlapping times")
    WATCH_EXCEEDS_CLOCK = (
        "watch_exceeds_clock",
        _("Verified watch time exceeds the wall-clock time of playback"),
    )
    SHARED_DEVICE = "shared_device", _("Checked in from a phone many trainees used")
    NOT_COMPLETED = "not_completed", _("The course is not completed")
    WATCH_NOT_DELIVERY_VERIFIED = (
        "watch_not_delivery_verified",
        _(
            "Part of the verified watch time was credited on a video in the old "
            "format, without checking which parts were delivered"
        ),
    )


class Payee(models.TextChoices):
    TRAINEE = "trainee", _("The trainee")
    INSTITUTION = "institution", _("The training institution")


class ClaimQuerySet(ScopedQuerySet):
    region_lookup = "course__region__code"
    institution_lookup = "institution_id"

    def awaiting_review(self):
        return self.filter(state__in=AWAITING_REVIEW)

    def subsidised(self):
        return self.filter(state__in=SUBSIDISED_STATES)

    def all_pass(self):
        return self.filter(verdict=Verdict.ELIGIBLE, flags=[])

    def retained(self, today: dt.date | None = None):
        """Claims whose evidence must still be kept: submitted within the retention
        period, or archived with a retention date still ahead."""
        today = today or timezone.localdate()
        since = years_after(today, -retention_years())
        return self.filter(
            Q(submitted_at__date__gt=since) | Q(archive__retain_until__gt=today)
        )

    def refuse_if_retained(self) -> None:
        """Raise ValidationError, naming the date, if a claim here is retained."""
        today, years = timezone.localdate(), retention_years()
        rows = self.retained(today).values_list("submitted_at", "archive__retain_until")
        ends = [
            max(years_after(timezone.localdate(submitted), years), archived or today)
            for submitted, archived in rows
        ]
        if ends:
            refuse_deleting(max(ends))

    def delete(self):
        self.refuse_if_retained()
        return super().delete()


class Claim(TracksUpdates):
    """A claim (补贴申领) for one trainee's training under one policy, with the
    evaluation it was submitted on, frozen."""

    policy = models.ForeignKey(
        Policy,
        verbose_name=_("policy"),
        on_delete=models.PROTECT,
        related_name="claims",
    )
    enrolment = models.ForeignKey(
        "trainees.Enrolment",
        verbose_name=_("enrolment"),
        on_delete=models.PROTECT,
        related_name="subsidy_claims",
    )
    person = models.ForeignKey(
        "lms.Person",
        verbose_name=_("trainee"),
        on_delete=models.PROTECT,
        related_name="subsidy_claims",
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("course"),
        on_delete=models.PROTECT,
        related_name="subsidy_claims",
    )
    institution = models.ForeignKey(
        "lms.Institution",
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="subsidy_claims",
    )
    scheme = models.CharField(_("scheme"), max_length=16, choices=Scheme.choices)
    payee = models.CharField(_("paid to"), max_length=12, choices=Payee.choices)
    occupation = models.CharField(_("occupation"), max_length=100, blank=True)
    skill_level = models.PositiveSmallIntegerField(
        _("skill level"), choices=COURSE_LEVELS, null=True, blank=True
    )
    certificate_serial = models.CharField(
        _("certificate number"), max_length=64, blank=True
    )
    amount = models.DecimalField(
        _("amount (yuan)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    state = models.CharField(
        _("state"),
        max_length=12,
        choices=ClaimState.choices,
        default=ClaimState.SUBMITTED,
    )
    verdict = models.CharField(_("verdict"), max_length=10, choices=Verdict.choices)
    evaluated_on = models.DateField(_("judged as of"))
    evaluation = models.JSONField(_("evaluation at submission"), default=dict)
    flags = models.JSONField(_("flags"), default=list, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    subsidy_year = models.PositiveSmallIntegerField(
        _("subsidy year"), null=True, blank=True
    )
    notice_ends_on = models.DateField(_("public notice ends"), null=True, blank=True)
    payment_reference = models.CharField(
        _("payment reference"), max_length=64, blank=True
    )

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["submitted_at"]
        verbose_name = _("subsidy claim")
        verbose_name_plural = _("subsidy claims")
        permissions = [
            ("view_full_id_number", _("Can export full ID numbers in payment lists")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "scheme"],
                condition=~Q(state="rejected"),
                name="one_live_claim_per_enrolment_and_scheme",
                violation_error_message=_(
                    "This training already has a claim under this scheme."
                ),
            ),
            models.UniqueConstraint(
                fields=["certificate_serial"],
                condition=~Q(state="rejected") & ~Q(certificate_serial=""),
                name="one_live_claim_per_certificate",
                violation_error_message=_("This certificate already has a claim."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person.real_name} · {self.course.title}"

    def _trainee_name(self) -> str:
        return self.person.real_name

    _trainee_name.short_description = _("trainee")
    trainee_name = property(_trainee_name)

    def _id_number_masked(self) -> str:
        return self.person.id_number_masked

    _id_number_masked.short_description = _("ID number")
    id_number_masked = property(_id_number_masked)

    def _flag_labels(self) -> str:
        separator = pgettext("list of items", ", ")
        return separator.join(str(Flag(code).label) for code in self.flags) or "—"

    _flag_labels.short_description = _("flags")
    flag_labels = property(_flag_labels)

    def review_age(
        self, today: dt.date | None = None, calendar: WorkingCalendar | None = None
    ) -> int:
        """Working days since submission, holidays and 调休 as the calendar says."""
        today = today or timezone.localdate()
        calendar = calendar or getattr(self, "_review_calendar", None)
        submitted = timezone.localdate(self.submitted_at)
        return working_days_between(submitted, today, calendar)

    review_age.short_description = _("working days in review")

    def _rules_of_review(self) -> RegionRules:
        rules = getattr(self, "_review_rules", None)
        if rules is None:
            rules = self._review_rules = RegionRules.governing(self.course.region_id)
        return rules

    @property
    def review_overdue(self) -> bool:
        if self.state not in AWAITING_REVIEW:
            return False
        return self.review_age() > self._rules_of_review().review_working_days

    def review_deadline(self) -> dt.date:
        """The last day of the review: the region's number of working days after
        the day the claim was submitted."""
        return working_day_after(
            timezone.localdate(self.submitted_at),
            self._rules_of_review().review_working_days,
            getattr(self, "_review_calendar", None),
        )

    def review_days_left(self, today: dt.date | None = None) -> int:
        """Working days left before the review deadline; negative once past it."""
        return self._rules_of_review().review_working_days - self.review_age(today)

    review_days_left.short_description = _("working days left")

    def delete(self, *args, **kwargs):
        # Public money was claimed on this evidence: it outlives the retention period.
        Claim.objects.filter(pk=self.pk).refuse_if_retained()
        return super().delete(*args, **kwargs)


def prepare_review_deadlines(
    claims: Iterable[Claim], today: dt.date | None = None
) -> list[Claim]:
    """Ready many claims (with their course) to tell their review age and whether it
    is overdue, in two queries for all: the calendar of their span, and the rules of
    their regions."""
    claims = list(claims)
    if not claims:
        return claims
    today = today or timezone.localdate()
    submitted = [timezone.localdate(claim.submitted_at) for claim in claims]
    rules = RegionRules.for_regions(list({claim.course.region_id for claim in claims}))
    longest = max(rule.review_working_days for rule in rules.values())
    # From the first submission to today, and to the last deadline of the page.
    calendar = WorkingCalendar.between(
        min(submitted), max(today, horizon(max(submitted), longest))
    )
    for claim in claims:
        claim._review_calendar = calendar
        claim._review_rules = rules[claim.course.region_id]
    return claims


class ClaimEventQuerySet(ScopedQuerySet):
    region_lookup = "claim__course__region__code"
    institution_lookup = "claim__institution_id"

    def update(self, **kwargs):
        raise PermissionDenied("Claim events are never edited.")

    def delete(self):
        raise PermissionDenied("Claim events are never deleted.")


class ClaimEvent(models.Model):
    """One step of a claim (办理记录): appended, never edited or deleted."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        REVIEW_STARTED = "review_started", _("Review started")
        RETURNED = "returned", _("Returned for correction")
        RESUBMITTED = "resubmitted", _("Resubmitted")
        REJECTED = "rejected", _("Rejected")
        APPROVED = "approved", _("Approved")
        NOTICE_STARTED = "notice_started", _("Public notice started")
        PAYABLE = "payable", _("Became payable")
        PAID = "paid", _("Paid")

    claim = models.ForeignKey(
        Claim, verbose_name=_("claim"), on_delete=models.PROTECT, related_name="events"
    )
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    state = models.CharField(
        _("state after"), max_length=12, choices=ClaimState.choices
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("reason"), blank=True)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    objects = ClaimEventQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("claim event")
        verbose_name_plural = _("claim events")
        constraints = [
            models.UniqueConstraint(
                fields=["claim"],
                condition=Q(action="approved"),
                name="claim_approved_once",
                violation_error_message=_("This claim has already been approved."),
            ),
            models.UniqueConstraint(
                fields=["claim"],
                condition=Q(action="paid"),
                name="claim_paid_once",
                violation_error_message=_("This claim has already been paid."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.claim_id} · {self.get_action_display()}"

    def save(self, *args, **kwargs):
        # Append-only: an event that exists is history, not a draft.
        if not self._state.adding:
            raise PermissionDenied("Claim events are never edited.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("Claim events are never deleted.")
