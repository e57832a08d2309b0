"""The figures of a region's dashboard, section by section: what each counts,
over which rows, and the admin list behind it."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, DateField, F, Q, Subquery, Sum
from django.db.models.functions import Cast
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from competitions.models import Award, Competition
from courses.models import TrainingMode
from inheritors.models import (
    Apprenticeship,
    Inheritor,
    MasterStudio,
    Workshop,
    WorkshopEmployment,
)
from inheritors.models.workshops import LAPSE_WARNING_DAYS
from lms.models import StatusGroup
from lms.skills import CertificateKind, SkillLevel
from reporting.figures.engine import Link, Measure, Source
from trainees.certificates.models import Certificate, CertificateStatus
from trainees.models import Enrolment, EnrolmentStatus
from trainees.subsidies.models import Claim, ClaimEvent, ClaimState

State = Workshop.State
SECONDS_PER_HOUR = 3600
PRIORITY_GROUPS = (StatusGroup.POVERTY_ALLEVIATED, StatusGroup.MONITORING_TARGET)


def _count(**where) -> Count:
    return Count("pk", filter=Q(**where)) if where else Count("pk")


def _workshops(where: dict, params: dict) -> tuple:
    return _count(**where), Link("workshops:index", params)


WORKSHOPS = (
    Source(
        rows=lambda today: Workshop.objects.all(),
        measures=(
            Measure(
                "identified",
                _("Identified (已认定)"),
                *_workshops({"state": State.IDENTIFIED}, {"state": State.IDENTIFIED}),
                month_field="identified_on",
                monthly=Count("pk"),
            ),
            Measure(
                "active",
                _("Active, in the project library (已入库)"),
                *_workshops({"state": State.ACTIVE}, {"state": State.ACTIVE}),
            ),
            Measure(
                "cancelled",
                _("Cancelled (已取消资格)"),
                *_workshops({"state": State.CANCELLED}, {"state": State.CANCELLED}),
            ),
            Measure(
                "in_library",
                _("In the project library (项目库)"),
                # Qualified and recorded, as the workshops' ``in_library`` filter.
                _count(
                    library_entered_on__isnull=False,
                    state__in=Workshop.QUALIFIED_STATES,
                ),
                Link("workshops:index", {"in_library": "1"}),
                month_field="library_entered_on",
            ),
        ),
    ),
    Source(
        rows=lambda today: Workshop.objects.unconfirmed_in(today.year),
        measures=(
            Measure(
                "confirmation_due",
                _("Yearly confirmation due this year"),
                Count("pk"),
                Link("workshops:index", {"unconfirmed": "true"}),
            ),
        ),
    ),
    Source(
        rows=lambda today: Workshop.objects.filter(
            pk__in=Workshop.objects.overdue(today=today).values("pk")
        ),
        measures=(
            Measure(
                "confirmation_overdue",
                _("Yearly confirmation overdue"),
                Count("pk"),
                Link("workshops:index", {"overdue": "true"}),
            ),
        ),
    ),
    Source(
        rows=lambda today: Workshop.objects.lapsing_within(
            LAPSE_WARNING_DAYS, today=today
        ),
        measures=(
            Measure(
                "lapsing",
                _("Lapse in the next 90 days"),
                Count("pk"),
                Link("workshops:index", {"lapsing": "true"}),
            ),
        ),
    ),
    Source(
        # The yearly employment figures of the latest year anyone recorded.
        rows=lambda today: WorkshopEmployment.objects.filter(
            year=Subquery(
                WorkshopEmployment.objects.order_by("-year").values("year")[:1]
            )
        ),
        measures=(
            Measure(
                "employed",
                _("People employed"),
                Sum("employed"),
                Link("workshop-employment:index"),
            ),
            Measure(
                "employed_poverty_alleviated",
                _("of them lifted out of poverty (脱贫人口)"),
                Sum("poverty_alleviated"),
                Link("workshop-employment:index"),
            ),
            Measure(
                "employed_monitoring_targets",
                _("of them monitoring targets (监测对象)"),
                Sum("monitoring_targets"),
                Link("workshop-employment:index"),
            ),
        ),
    ),
)


_PERIOD = "user__person__status_periods__"


def _priority_enrolments(today: dt.date):
    """Enrolments whose trainee belonged to a priority group on the day they asked
    for the place, one row per (enrolment, matching status period): a join, so the
    database matches periods to enrolments in one pass instead of probing the
    periods once per enrolment. The measures count distinct trainees, so a
    trainee with two matching periods is still one."""
    day = Cast("requested_at", output_field=DateField())
    return Enrolment.objects.filter(
        Q(status=EnrolmentStatus.ENROLLED)
        & Q(**{f"{_PERIOD}group__in": PRIORITY_GROUPS})
        & Q(**{f"{_PERIOD}starts_on__lte": day})
        & (
            Q(**{f"{_PERIOD}ends_on__isnull": True})
            | Q(**{f"{_PERIOD}ends_on__gte": day})
        )
    )


_ENROLLED = Q(status=EnrolmentStatus.ENROLLED)
_HOURS = F("verified_seconds") + F("attended_seconds")

TRAINING = (
    Source(
        rows=lambda today: Enrolment.objects.all(),
        measures=(
            Measure(
                "enrolments",
                _("Enrolments"),
                Count("pk", filter=_ENROLLED),
                Link("enrolments:index", {"status": EnrolmentStatus.ENROLLED}),
                month_field="requested_at",
            ),
            Measure(
                "completions",
                _("Completions"),
                Count("pk", filter=Q(completed_at__isnull=False)),
                Link("enrolments:index", {"completed": "true"}),
                month_field="completed_at",
            ),
            *(
                Measure(
                    f"hours_{mode.value}",
                    format_lazy("{}: {}", _("Verified hours"), mode.label),
                    Sum(_HOURS, filter=Q(course__mode=mode)),
                    Link("enrolments:index", {"mode": mode.value}),
                    unit="hours",
                )
                for mode in TrainingMode
            ),
        ),
    ),
    Source(
        rows=_priority_enrolments,
        measures=tuple(
            Measure(
                f"trainees_{group.value}",
                format_lazy("{}: {}", _("Trainees"), group.label),
                # The aggregate's filter reuses the join of the rows' filter.
                Count("user", distinct=True, filter=Q(**{f"{_PERIOD}group": group})),
                Link("status-periods:index", {"group": group.value}, None),
                unit="distinct",
            )
            for group in PRIORITY_GROUPS
        ),
    ),
    Source(
        rows=lambda today: Certificate.objects.valid(),
        measures=(
            *(
                Measure(
                    f"certificates_{kind.value}",
                    kind.label,
                    _count(kind=kind),
                    Link(
                        "certificate_admin:index",
                        {"kind": kind.value, "status": CertificateStatus.VALID},
                    ),
                    month_field="issued_on",
                )
                for kind in CertificateKind
            ),
            *(
                Measure(
                    f"certificates_level_{level.value}",
                    level.label,
                    _count(skill_level=level),
                    Link(
                        "certificate_admin:index",
                        {
                            "skill_level": str(level.value),
                            "status": CertificateStatus.VALID,
                        },
                    ),
                )
                for level in SkillLevel
            ),
        ),
    ),
)


def _this_year(action: str, today: dt.date) -> Q:
    return Q(action=action, at__year=today.year)


SUBSIDIES = (
    Source(
        rows=lambda today: Claim.objects.all(),
        measures=(
            *(
                Measure(
                    f"claims_{state.value}",
                    state.label,
                    _count(state=state),
                    Link("subsidy-claims:index", {"state": state.value}),
                    month_field="submitted_at",
                )
                for state in ClaimState
            ),
            Measure(
                "claims_flagged",
                _("Flags raised"),
                Count("pk", filter=~Q(flags=[])),
                Link("subsidy-claims:index", {"flagged": "true"}),
                month_field="submitted_at",
            ),
        ),
    ),
)


def subsidy_events(today: dt.date) -> Source:
    """Amounts approved and paid this year (the year of the approval or payment)."""
    approved, paid = ClaimEvent.Action.APPROVED, ClaimEvent.Action.PAID
    return Source(
        rows=lambda _today: ClaimEvent.objects.filter(action__in=[approved, paid]),
        measures=(
            Measure(
                "amount_approved",
                _("Approved this year (yuan)"),
                Sum("claim__amount", filter=_this_year(approved, today)),
                Link("subsidy-claims:index", {"approved_in": str(today.year)}),
                month_field="at",
                monthly=Sum("claim__amount", filter=Q(action=approved)),
                unit="yuan",
            ),
            Measure(
                "amount_paid",
                _("Paid this year (yuan)"),
                Sum("claim__amount", filter=_this_year(paid, today)),
                Link("subsidy-claims:index", {"paid_in": str(today.year)}),
                month_field="at",
                monthly=Sum("claim__amount", filter=Q(action=paid)),
                unit="yuan",
            ),
        ),
    )


HERITAGE = (
    Source(
        rows=lambda today: Inheritor.objects.active(),
        measures=(
            Measure(
                "inheritors",
                _("Representative inheritors (代表性传承人)"),
                Count("pk"),
                Link("ich-inheritors:index", {"status": Inheritor.Status.ACTIVE}),
            ),
        ),
    ),
    Source(
        rows=lambda today: MasterStudio.objects.all(),
        measures=(
            Measure(
                "studios",
                _("Skill master studios (技能大师工作室)"),
                Count("pk"),
                Link("master-studios:index"),
                month_field="recognised_on",
            ),
        ),
    ),
    Source(
        rows=lambda today: Apprenticeship.objects.current(on=today),
        measures=(
            Measure(
                "apprentices",
                _("Apprentices (师带徒)"),
                Count("apprentice", distinct=True),
                Link("apprenticeships:index"),
                month_field="started_on",
                monthly=Count("pk"),
                unit="distinct",
            ),
        ),
    ),
    Source(
        rows=lambda today: Competition.objects.all(),
        measures=(
            Measure(
                "competitions",
                _("Competitions"),
                Count("pk"),
                Link("contests:index"),
                month_field="starts_on",
            ),
        ),
    ),
    Source(
        rows=lambda today: Award.objects.all(),
        measures=(
            Measure(
                "awards",
                _("Awards"),
                Count("pk"),
                Link("competition-awards:index"),
                month_field="entry__competition__results_published_at",
            ),
        ),
    ),
)
