"""A region's eligibility in one statement (成批资格审核), on PostgreSQL.

``trainees.subsidies.rules`` judges one trainee in Python and says why, in words;
that is what a claim keeps. A report judges every trainee of a county or a province,
tens of thousands: here the same sixteen rules, under the same ``Terms``, are
compiled into one SQL statement per set of national rules in force, which returns
each enrolment's verdict as a bit per failed rule (the rule's bit in ``rulebook``)
and the amount. Course-wide figures (scheduled hours, video length, assessment) are
read first, in a few queries, and travel as a VALUES list. Watch time and attendance
are the enrolment's stored figures (``verified_seconds``, ``attended_seconds``).

``tests/trainees/subsidies/test_regional.py`` holds the two engines equal on a
population built to take every branch of every rule. Each rule's condition is a
function here marked ``@implements`` and named in ``rulebook.RULEBOOK``. Other
databases (SQLite in development) judge a region with the Python engine, a chunk at
a time.
"""

from __future__ import annotations

import datetime as dt
import math
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from courses.models import CoursePage
from courses.selectors import live_video_seconds
from lms.models import StatusGroup
from trainees.certificates.models import CertificateStatus
from trainees.evidence.attendance.selectors import schedule_by_course
from trainees.evidence.practical.selectors import assessed_courses
from trainees.evidence.quizzes.models import AttemptStatus
from trainees.evidence.quizzes.selectors import required_by_course
from trainees.subsidies.evidence import evaluate_region, terms_for
from trainees.subsidies.models import SUBSIDISED_STATES, ClaimState, Policy, RegionRules
from trainees.subsidies.rulebook import (
    RULE_BITS,
    RULE_LABELS,
    RULEBOOK,
    build_engine,
    implements,
    subsidy_year,
)
from trainees.subsidies.rules import Evaluation, Outcome, Terms, add_months

_ENROLMENT_COLUMNS = [
    "id",
    "user_id",
    "course_id",
    "verified_seconds",
    "covered_seconds",
    "attended_seconds",
    "decided_at",
    "completed_at",
]


@dataclass(frozen=True, slots=True)
class RegionVerdict:
    """One enrolment's verdict: the rules it fails, as bits, and the amount."""

    enrolment_id: int
    failed_bits: int
    amount: Decimal | None

    @property
    def eligible(self) -> bool:
        return not self.failed_bits

    @property
    def failed_rules(self) -> list[str]:
        return [r.code for r in RULEBOOK if self.failed_bits & r.bit]

    @property
    def failed_labels(self) -> list[str]:
        return [str(RULE_LABELS[name]) for name in self.failed_rules]


def supported() -> bool:
    return connection.vendor == "postgresql"


def verdicts(enrolments, policy: Policy, *, on: dt.date | None = None):
    """``judge_region`` where the database can run it; elsewhere the same verdicts
    from the Python engine, a chunk at a time."""
    if supported():
        yield from judge_region(enrolments, policy, on=on)
        return
    for enrolment, evaluation in evaluate_region(enrolments, policy, on=on):
        yield RegionVerdict(enrolment.pk, failed_bits(evaluation), evaluation.amount)


def failed_bits(evaluation: Evaluation) -> int:
    """The Python engine's verdict in the statement's terms: a bit per failed rule."""
    return sum(
        RULE_BITS[r.rule] for r in evaluation.results if r.outcome == Outcome.FAIL
    )


def judge_region(
    enrolments, policy: Policy, *, on: dt.date | None = None
) -> Iterator[RegionVerdict]:
    """The verdict of every enrolment of a queryset against ``policy`` on ``on``, in
    a fixed number of statements whatever the number of trainees (PostgreSQL)."""
    on = on or timezone.localdate()
    chosen_sql, chosen_params = (
        enrolments.order_by().values(*_ENROLMENT_COLUMNS).query.sql_with_params()
    )
    facts = _course_facts(enrolments)
    if not facts:
        return
    amounts = list(policy.amounts.all())
    # One statement per set of national rules in force (usually one for a region).
    by_rules: dict[tuple, tuple[RegionRules, set[str]]] = {}
    codes = sorted({f.region_id for f in facts})
    for code, rules in RegionRules.for_regions(codes).items():
        by_rules.setdefault(_rules_key(rules), (rules, set()))[1].add(code)
    for rules, codes_of_rules in by_rules.values():
        terms = terms_for(policy, rules, amounts)
        wanted = [f for f in facts if f.region_id in codes_of_rules]
        sql, params = _statement(
            terms, policy.scheme, wanted, on, (chosen_sql, chosen_params)
        )
        with transaction.atomic(), connection.cursor() as cursor:
            # The planner's guess of a row count this size would have it compile
            # the statement (JIT): a second's work to save a few milliseconds.
            cursor.execute("SET LOCAL jit = off")
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        for row in rows:
            yield RegionVerdict(*row)


def _rules_key(rules: RegionRules) -> tuple:
    return (
        rules.yearly_cap,
        rules.yearly_cap_count,
        rules.same_level_once,
        rules.no_lower_level,
        rules.one_scheme_per_certificate,
        rules.certificate_window,
        rules.certificate_window_months,
        rules.group_at_training_time,
    )


@dataclass(frozen=True)
class CourseFacts:
    course_id: int
    region_id: str
    mode: str
    occupation: str
    skill_level: int | None
    starts_on: dt.date | None
    ends_on: dt.date | None
    scheduled_seconds: int
    video_seconds: int
    has_rubric: bool
    quizzes_required: int


def _course_facts(enrolments) -> list[CourseFacts]:
    ids = set(enrolments.order_by().values_list("course_id", flat=True).distinct())
    if not ids:
        return []
    schedule = schedule_by_course(ids)
    videos = live_video_seconds(ids)
    rubrics = assessed_courses(ids)
    quizzes = required_by_course(ids)
    return [
        CourseFacts(
            course_id=c.pk,
            region_id=c.region_id,
            mode=c.mode,
            occupation=c.occupation,
            skill_level=c.skill_level,
            starts_on=c.starts_on,
            ends_on=c.ends_on,
            scheduled_seconds=schedule.get(c.pk, (0, 0))[0],
            video_seconds=videos.get(c.pk, 0),
            has_rubric=c.pk in rubrics,
            quizzes_required=quizzes.get(c.pk, 0),
        )
        for c in CoursePage.objects.filter(pk__in=ids).only(
            "region_id",
            "mode",
            "occupation",
            "skill_level",
            "starts_on",
            "ends_on",
        )
    ]


def first_issue_day_in_window(on: dt.date, months: int) -> dt.date:
    """The earliest issue date whose claim window (``months`` after issue, as
    ``rules.add_months`` counts them) still contains ``on``."""
    day = add_months(on, -months) - dt.timedelta(days=4)
    while add_months(day, months) < on:
        day += dt.timedelta(days=1)
    return day


# One statement: the figures of each chosen enrolment, joined (never a subquery per
# row), then a bit per rule that fails. Placeholders are filled in textual order.
_STATEMENT = """
WITH facts (course_id, mode_ok, starts_on, ends_on, occupation, skill_level,
            scheduled, video, has_rubric, quizzes_required) AS (
    VALUES {facts}
), amounts (kind, level, amount) AS (
    SELECT NULL::varchar, NULL::int, NULL::numeric WHERE false {amounts}
), chosen AS MATERIALIZED (
    SELECT e.id, e.course_id, e.verified_seconds, e.covered_seconds,
        e.attended_seconds,
        p.id AS person_id,
        coalesce(f.starts_on, (e.decided_at AT TIME ZONE %s)::date) AS starts,
        coalesce(f.ends_on, (e.completed_at AT TIME ZONE %s)::date) AS ends
    FROM ({chosen}) e
    JOIN facts f ON f.course_id = e.course_id
    LEFT JOIN lms_person p ON p.user_id = e.user_id
), assessed AS (
    SELECT DISTINCT r.enrolment_id
    FROM practical_assessmentresult r
    JOIN practical_rubric ru ON ru.id = r.rubric_id
    JOIN chosen ON chosen.id = r.enrolment_id AND chosen.course_id = ru.course_id
    WHERE r.passed
), quizzed AS (
    SELECT t.enrolment_id, count(DISTINCT t.quiz_id) AS passed
    FROM quizzes_attempt t
    JOIN quizzes_quiz q ON q.id = t.quiz_id
    JOIN chosen ON chosen.id = t.enrolment_id
    WHERE t.status <> %s AND t.passed AND q.published AND q.required_for_completion
    GROUP BY t.enrolment_id
), prior AS (
    -- The person's other live claims: not rejected, and not this enrolment's own
    -- claim under the policy's scheme.
    SELECT e.id,
        count(*) FILTER (WHERE h.subsidised AND h.subsidy_year = %s) AS this_year,
        bool_or(h.subsidised AND h.occupation = f.occupation
                AND h.skill_level = f.skill_level) AS same_level,
        bool_or(h.subsidised AND h.occupation = f.occupation
                AND h.skill_level > f.skill_level) AS higher_level,
        bool_or(h.certificate_serial = c.serial) AS serial_claimed,
        bool_or(h.enrolment_id = e.id) AS training_claimed
    FROM chosen e
    JOIN facts f ON f.course_id = e.course_id
    JOIN (SELECT person_id, enrolment_id, scheme, occupation, skill_level,
                 certificate_serial, subsidy_year, state = ANY(%s) AS subsidised
          FROM subsidies_claim WHERE state <> %s
         ) h ON h.person_id = e.person_id
    LEFT JOIN certificates_certificate c ON c.enrolment_id = e.id
    WHERE NOT (h.enrolment_id = e.id AND h.scheme = %s)
    GROUP BY e.id
), held AS (
    SELECT e.id FROM chosen e
    JOIN lms_statusperiod s ON s.person_id = e.person_id
    WHERE s."group" = ANY(%s) AND s.starts_on <= {day}
      AND (s.ends_on IS NULL OR s.ends_on >= {day})
    UNION
    SELECT e.id FROM chosen e
    JOIN inheritors_workshopemployee w ON w.person_id = e.person_id
    WHERE %s AND w.started_on <= {day} AND (w.ended_on IS NULL OR w.ended_on >= {day})
), judged AS (
    SELECT e.id, e.person_id, e.starts, e.ends, f.*,
        e.verified_seconds AS watched, e.covered_seconds AS covered,
        e.attended_seconds AS attended,
        c.id AS certificate_id, c.issued_on,
        c.status = %s AS certificate_valid,
        c.kind AS certificate_kind,
        ad.enrolment_id IS NOT NULL AS assessment_passed,
        coalesce(qz.passed, 0) AS quizzes_passed,
        coalesce(pr.this_year, 0) AS this_year,
        coalesce(pr.same_level, false) AS same_level,
        coalesce(pr.higher_level, false) AS higher_level,
        coalesce(pr.serial_claimed, false) AS serial_claimed,
        coalesce(pr.training_claimed, false) AS training_claimed,
        coalesce(a1.amount, a0.amount) AS amount,
        hd.id IS NOT NULL AS group_held
    FROM chosen e
    JOIN facts f ON f.course_id = e.course_id
    LEFT JOIN assessed ad ON ad.enrolment_id = e.id
    LEFT JOIN quizzed qz ON qz.enrolment_id = e.id
    LEFT JOIN certificates_certificate c ON c.enrolment_id = e.id
    LEFT JOIN prior pr ON pr.id = e.id
    LEFT JOIN held hd ON hd.id = e.id
    LEFT JOIN amounts a1 ON a1.kind = c.kind AND a1.level = c.skill_level
    LEFT JOIN amounts a0 ON a0.kind = c.kind AND a0.level IS NULL
)
SELECT id, {bits}, CASE WHEN certificate_id IS NULL THEN NULL ELSE amount END
FROM judged
"""


def _statement(
    terms: Terms, scheme: str, facts: list[CourseFacts], on: dt.date, chosen
) -> tuple[str, list]:
    """The SQL and its parameters, in the order their placeholders appear."""
    chosen_sql, chosen_params = chosen
    fact_rows, params = [], []
    for f in facts:
        fact_rows.append(
            "(%s::int, %s::bool, %s::date, %s::date, %s::varchar, %s::int, %s::int,"
            " %s::int, %s::bool, %s::int)"
        )
        params += [
            f.course_id,
            not terms.training_modes or f.mode in terms.training_modes,
            f.starts_on,
            f.ends_on,
            f.occupation,
            f.skill_level,
            f.scheduled_seconds,
            f.video_seconds,
            f.has_rubric,
            f.quizzes_required,
        ]
    for (kind, level), value in terms.amounts.items():
        params += [kind, level, value]
    tz = settings.TIME_ZONE
    params += [tz, tz, *chosen_params, str(AttemptStatus.IN_PROGRESS)]
    rejected = str(ClaimState.REJECTED)
    year = subsidy_year(on)
    params += [year, [str(s) for s in SUBSIDISED_STATES], rejected, scheme]
    at_start = terms.group_at_training_time
    day = [] if at_start else [on, on]
    params += [sorted(terms.eligible_groups), *day]
    params += [StatusGroup.WORKSHOP_EMPLOYEE in terms.eligible_groups, *day]
    params += [str(CertificateStatus.VALID)]
    conditions, condition_params = _fail_conditions(terms, on)
    params += condition_params
    sql = _STATEMENT.format(
        facts=", ".join(fact_rows),
        amounts=" UNION ALL SELECT %s, %s::int, %s::numeric" * len(terms.amounts),
        chosen=chosen_sql,
        day="e.starts" if at_start else "%s::date",
        bits=" + ".join(
            f"(CASE WHEN {condition} THEN {rule.bit} ELSE 0 END)"
            for (rule, _function), condition in zip(RULES, conditions, strict=True)
        ),
    )
    return sql, params


def _fail_conditions(terms: Terms, on: dt.date) -> tuple[list[str], list]:
    """One SQL condition per rule, true when the rule fails, in the rulebook's
    order, and their parameters."""
    conditions, params = [], []
    for _declared, condition in RULES:
        sql, values = condition(terms, on)
        conditions.append(sql)
        params += values
    return conditions, params


# Each declared rule's condition on the columns of ``judged``: true when it fails.
NEVER: tuple[str, list] = ("false", [])


@implements
def identity_fails(terms: Terms, on: dt.date) -> tuple[str, list]:
    return "person_id IS NULL", []


@implements
def validity_fails(terms: Terms, on: dt.date) -> tuple[str, list]:
    valid = terms.valid_from <= on and (
        terms.valid_until is None or on <= terms.valid_until
    )
    return NEVER if valid else ("true", [])


@implements
def mode_fails(terms: Terms, on: dt.date) -> tuple[str, list]:
    return "NOT mode_ok", []


@implements
def group_fails(terms: Terms, on: dt.date) -> tuple[str, list]:
    if not terms.eligible_groups:
        return NEVER
    if terms.group_at_training_time:
        return "(starts IS NULL OR NOT group_held)", []
    return "NOT group_held", []


@implements
def hours_fail(terms: Terms, on: dt.date) -> tuple[str, list]:
    if terms.min_verified_hours is None:
        return NEVER
    return "watched + attended < %s", [math.ceil(terms.min_verified_hours * 3600)]


@implements
def attendance_fails(terms: Terms, on: dt.date) -> tuple[str, list]:
    if terms.min_attendance_share is None:
        return NEVER
    return (
        "(scheduled > 0 AND 100 * attended < %s * scheduled)",
        [terms.min_attendance_share],
    )


@implements
def watch_fails(terms: Terms, on: dt.date) -> tuple[str, list]:
    if terms.min_watch_share is None:
        return NEVER
    return "(video > 0 AND 100 * covered < %s * video)", [terms.min_watch_share]


@implements
def assessment_fails(terms: Terms, on: dt.date) -> tuple[str, list]:
    if not terms.assessment_required:
        return NEVER
    return (
        "CASE WHEN has_rubric THEN NOT assessment_passed"
        " WHEN quizzes_required > 0 THEN quizzes_passed < quizzes_required"
        " ELSE true END",
        [],
    )


@implements
def certificate_fails(terms: Terms, on: dt.date) -> tuple[str, list]:
    missing = "(certificate_id IS NULL OR NOT certificate_valid)"
    if terms.certificate_kinds:
        kinds = sorted(terms.certificate_kinds)
        return f"({missing} OR certificate_kind <> ALL(%s))", [kinds]
    return (missing, []) if terms.certificate_required else NEVER


@implements
def amount_fails(terms: Terms, on: dt.date) -> tuple[str, list]:
    return "(certificate_id IS NOT NULL AND amount IS NULL)", []


@implements
def window_fails(terms: Terms, on: dt.date) -> tuple[str, list]:
    if terms.claim_window_days is None:
        return NEVER
    return "(ends IS NULL OR ends < %s)", [
        on - dt.timedelta(days=terms.claim_window_days)
    ]


@implements
def yearly_cap_fails(terms: Terms, on: dt.date) -> tuple[str, list]:
    # ``this_year`` counts the claims of ``subsidy_year(on)`` (see ``_statement``).
    if terms.yearly_cap is None:
        return NEVER
    return "this_year >= %s", [terms.yearly_cap]


_LEVELLED = "occupation <> '' AND skill_level IS NOT NULL"


@implements
def same_level_fails(terms: Terms, on: dt.date) -> tuple[str, list]:
    return (f"({_LEVELLED} AND same_level)", []) if terms.same_level_once else NEVER


@implements
def lower_level_fails(terms: Terms, on: dt.date) -> tuple[str, list]:
    return (f"({_LEVELLED} AND higher_level)", []) if terms.no_lower_level else NEVER


@implements
def one_scheme_fails(terms: Terms, on: dt.date) -> tuple[str, list]:
    if not terms.one_scheme_per_certificate:
        return NEVER
    return "(training_claimed OR (certificate_id IS NOT NULL AND serial_claimed))", []


@implements
def certificate_window_fails(terms: Terms, on: dt.date) -> tuple[str, list]:
    if terms.certificate_window_months is None:
        return NEVER
    first = first_issue_day_in_window(on, terms.certificate_window_months)
    return "(certificate_id IS NOT NULL AND issued_on < %s)", [first]


# The declared rules, each with its condition here, in the rulebook's order.
RULES = build_engine(sys.modules[__name__], "sql")
