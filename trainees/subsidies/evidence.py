"""Builds the rules engine's evidence for many enrolments at once: a fixed number of
queries whatever the number of trainees, reading the stored figures of the learner's
record (verified watch time, attendance, practical work, quizzes, certificates)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.utils import timezone

from courses.models import CoursePage
from courses.selectors import live_video_seconds
from inheritors.models import WorkshopEmployee
from lms.models import Person, StatusGroup, StatusPeriod
from trainees.certificates.models import Certificate, CertificateStatus
from trainees.evidence.attendance.selectors import attendance_by_enrolment
from trainees.evidence.practical.selectors import practical_by_enrolment
from trainees.evidence.quizzes.selectors import quizzes_by_enrolment
from trainees.models import Enrolment
from trainees.subsidies.models import (
    SCHEME_CERTIFICATE_KINDS,
    SUBSIDISED_STATES,
    Claim,
    ClaimState,
    Policy,
    RegionRules,
)
from trainees.subsidies.rules import (
    CertificateFact,
    Evaluation,
    Evidence,
    PriorClaim,
    Terms,
    evaluate,
)


def _periods(person_ids: set[int]) -> dict[int, list[tuple[str, dt.date, dt.date]]]:
    periods = defaultdict(list)
    rows = StatusPeriod.objects.filter(person_id__in=person_ids).values_list(
        "person_id", "group", "starts_on", "ends_on"
    )
    for person_id, group, starts_on, ends_on in rows:
        periods[person_id].append((group, starts_on, ends_on or dt.date.max))
    # A job in a workshop (inheritors' employment record) is the same status.
    jobs = WorkshopEmployee.objects.filter(person_id__in=person_ids).values_list(
        "person_id", "started_on", "ended_on"
    )
    for person_id, starts_on, ends_on in jobs:
        periods[person_id].append(
            (StatusGroup.WORKSHOP_EMPLOYEE, starts_on, ends_on or dt.date.max)
        )
    return periods


def _held(periods, day: dt.date | None) -> frozenset[str]:
    if day is None:
        return frozenset()
    return frozenset(g for g, start, end in periods if start <= day <= end)


def histories(person_ids: Iterable[int]) -> dict[int, list[tuple[int, PriorClaim]]]:
    """Each person's live claims (enrolment id, claim), in one query."""
    rows = (
        Claim.objects.filter(person_id__in=list(person_ids))
        .exclude(state=ClaimState.REJECTED)
        .values_list(
            "pk",
            "person_id",
            "enrolment_id",
            "subsidy_year",
            "scheme",
            "occupation",
            "skill_level",
            "certificate_serial",
            "state",
        )
    )
    result = defaultdict(list)
    for pk, person_id, enrolment_id, year, scheme, occ, level, serial, state in rows:
        prior = PriorClaim(
            pk,
            year,
            scheme,
            occ,
            level,
            serial,
            state in SUBSIDISED_STATES,
            enrolment_id=enrolment_id,
        )
        result[person_id].append((enrolment_id, prior))
    return result


def gather_evidence(
    enrolments: Iterable[Enrolment],
    *,
    on: dt.date,
    courses: dict[int, CoursePage] | None = None,
) -> dict[int, Evidence]:
    """Evidence per enrolment id. Enrolments should come with ``course`` and
    ``user__person`` selected (``Enrolment.objects.select_related(...)``)."""
    enrolments = list(enrolments)
    if not enrolments:
        return {}
    course_ids = {e.course_id for e in enrolments}
    courses = courses or courses_of(enrolments)
    person_of = people_of(enrolments)
    periods = _periods({p for p in person_of.values() if p})
    videos = live_video_seconds(course_ids)
    attendance = attendance_by_enrolment(enrolments)
    practical = practical_by_enrolment(enrolments)
    quizzes = quizzes_by_enrolment(enrolments)
    certificates = {
        c.enrolment_id: c
        for c in Certificate.objects.filter(
            enrolment_id__in=[e.pk for e in enrolments]
        ).only(
            "enrolment_id",
            "kind",
            "skill_level",
            "occupation",
            "serial",
            "issued_on",
            "status",
        )
    }
    evidence = {}
    for e in enrolments:
        course, person_id = courses[e.course_id], person_of.get(e.user_id)
        starts = course.starts_on or (e.decided_at and timezone.localdate(e.decided_at))
        ends = course.ends_on or (e.completed_at and timezone.localdate(e.completed_at))
        held = periods.get(person_id, [])
        figure, work, quiz = (
            attendance.get(e.pk),
            practical.get(e.pk),
            quizzes.get(e.pk),
        )
        cert = certificates.get(e.pk)
        evidence[e.pk] = Evidence(
            enrolment_id=e.pk,
            person_id=person_id,
            course_id=course.pk,
            mode=course.mode,
            occupation=course.occupation,
            skill_level=course.skill_level,
            training_starts_on=starts,
            training_ends_on=ends,
            verified_seconds=e.verified_seconds,
            covered_seconds=e.covered_seconds,
            video_seconds=videos.get(course.pk, 0),
            attended_seconds=e.attended_seconds,
            scheduled_seconds=figure.scheduled_seconds if figure else None,
            assessment_required=bool(work and work.assessment_required),
            assessment_passed=work.assessment_passed if work else None,
            quizzes_required=quiz.required_total if quiz else 0,
            quizzes_passed=quiz.required_passed if quiz else 0,
            completed_at=e.completed_at,
            certificate=cert
            and CertificateFact(
                kind=cert.kind,
                skill_level=cert.skill_level,
                occupation=cert.occupation,
                serial=cert.serial,
                issued_on=cert.issued_on,
                valid=cert.status == CertificateStatus.VALID,
            ),
            groups_at_start=_held(held, starts),
            groups_now=_held(held, on),
        )
    return evidence


def courses_of(enrolments: list[Enrolment]) -> dict[int, CoursePage]:
    """The enrolments' courses by id, in one query (or none if already loaded)."""
    loaded = {
        e.course_id: e.course for e in enrolments if Enrolment.course.is_cached(e)
    }
    missing = {e.course_id for e in enrolments} - set(loaded)
    if missing:
        loaded |= CoursePage.objects.in_bulk(missing)
    return loaded


def people_of(enrolments: list[Enrolment]) -> dict[int, int]:
    """Person id by user id for the enrolments' trainees, in one query."""
    return dict(
        Person.objects.filter(user_id__in={e.user_id for e in enrolments}).values_list(
            "user_id", "pk"
        )
    )


def terms_for(policy: Policy, rules: RegionRules, amounts: list) -> Terms:
    """A policy's terms under a region's national rules, with its amount rows."""
    return Terms(
        scheme=policy.scheme,
        valid_from=policy.valid_from,
        valid_until=policy.valid_until,
        eligible_groups=frozenset(policy.eligible_groups),
        training_modes=frozenset(policy.training_modes),
        min_verified_hours=policy.min_verified_hours,
        min_attendance_share=policy.min_attendance_share,
        min_watch_share=policy.min_watch_share,
        assessment_required=policy.assessment_required,
        certificate_required=policy.certificate_required,
        certificate_kinds=SCHEME_CERTIFICATE_KINDS.get(policy.scheme, frozenset()),
        claim_window_days=policy.claim_window_days,
        amounts={(a.certificate_kind, a.skill_level): a.amount for a in amounts},
        yearly_cap=rules.yearly_cap_count if rules.yearly_cap else None,
        same_level_once=rules.same_level_once,
        no_lower_level=rules.no_lower_level,
        one_scheme_per_certificate=rules.one_scheme_per_certificate,
        certificate_window_months=rules.certificate_window_months
        if rules.certificate_window
        else None,
        group_at_training_time=rules.group_at_training_time,
    )


def with_records(enrolments):
    """The related rows evaluation reads, selected in the same query."""
    return enrolments.select_related("course", "user__person")


def evaluate_enrolments(
    enrolments: Iterable[Enrolment], policy: Policy, *, on: dt.date | None = None
) -> dict[int, Evaluation]:
    """Evaluate many enrolments against one policy, in a fixed number of queries."""
    on = on or timezone.localdate()
    enrolments = list(enrolments)
    courses = courses_of(enrolments)
    evidence = gather_evidence(enrolments, on=on, courses=courses)
    codes = sorted({course.region_id for course in courses.values()})
    region_rules = RegionRules.for_regions(codes)
    policy_amounts = list(policy.amounts.all())
    terms = {
        code: terms_for(policy, region_rules[code], policy_amounts) for code in codes
    }
    history = histories({ev.person_id for ev in evidence.values() if ev.person_id})
    results = {}
    for e in enrolments:
        ev = evidence[e.pk]
        prior = [
            claim
            for enrolment_id, claim in history.get(ev.person_id, [])
            if not (enrolment_id == e.pk and claim.scheme == policy.scheme)
        ]
        region = courses[e.course_id].region_id
        results[e.pk] = evaluate(ev, terms[region], prior, on=on)
    return results


# What evaluation reads of an enrolment row.
LEAN = [
    "id",
    "user_id",
    "course_id",
    "decided_at",
    "verified_seconds",
    "covered_seconds",
    "attended_seconds",
    "completed_at",
]

# Databases bound the parameters of one statement (SQLite 32,766, PostgreSQL 65,535),
# and the selectors name enrolments by id: a region is evaluated in chunks.
CHUNK = 5_000


def evaluate_region(
    enrolments, policy: Policy, *, on: dt.date | None = None, related: tuple = ()
):
    """Yield (enrolment, evaluation) for every enrolment of a queryset, a chunk at a
    time: a fixed number of queries per chunk, memory bounded by the chunk.
    ``related`` names what else to select with each row (e.g. ``user__person``)."""
    on = on or timezone.localdate()
    ids = list(enrolments.order_by("pk").values_list("pk", flat=True))
    courses: dict[int, CoursePage] = {}
    for start in range(0, len(ids), CHUNK):
        rows = Enrolment.objects.filter(pk__in=ids[start : start + CHUNK])
        chunk = list(rows.select_related(*related) if related else rows.only(*LEAN))
        missing = {e.course_id for e in chunk} - set(courses)
        if missing:
            courses |= CoursePage.objects.in_bulk(missing)
        for enrolment in chunk:
            enrolment.course = courses[enrolment.course_id]
        results = evaluate_enrolments(chunk, policy, on=on)
        for enrolment in chunk:
            yield enrolment, results[enrolment.pk]
