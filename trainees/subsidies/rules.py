"""The eligibility engine (资格审核规则): pure Python on plain dataclasses.

``evaluate`` takes the evidence of one trainee on one course, their history of
subsidised claims, a policy's terms and the region's national rules, and returns a
verdict with every rule's outcome and the evidence behind it, in words. Messages
are stored as English msgids with parameters and translated when shown. The rules,
their order and labels are declared in ``rulebook``; this module implements each one
(``@implements``) and the engine is built from the declaration.
"""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from enum import StrEnum

from django.utils.translation import gettext, gettext_noop

from trainees.subsidies.rulebook import build_engine, implements, subsidy_year


class Outcome(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    NOT_APPLICABLE = "n/a"


@dataclass(frozen=True)
class CertificateFact:
    kind: str
    skill_level: int | None
    occupation: str
    serial: str
    issued_on: dt.date
    valid: bool = True


@dataclass(frozen=True)
class PriorClaim:
    """A claim of the same person that was subsidised (or, for the certificate
    rule, is still live)."""

    claim_id: int
    year: int | None
    scheme: str
    occupation: str
    skill_level: int | None
    certificate_serial: str
    subsidised: bool
    enrolment_id: int | None = None


@dataclass(frozen=True)
class Evidence:
    """Everything the rules read about one trainee on one course."""

    enrolment_id: int
    person_id: int | None
    course_id: int
    mode: str
    occupation: str
    skill_level: int | None
    training_starts_on: dt.date | None
    training_ends_on: dt.date | None
    verified_seconds: int = 0  # time spent (学时)
    video_seconds: int = 0
    covered_seconds: int | None = None  # of the videos; None: as verified_seconds
    attended_seconds: int | None = None
    scheduled_seconds: int | None = None
    assessment_required: bool = False
    assessment_passed: bool | None = None
    quizzes_required: int = 0
    quizzes_passed: int = 0
    completed_at: dt.datetime | None = None
    certificate: CertificateFact | None = None
    groups_at_start: frozenset[str] = frozenset()
    groups_now: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Terms:
    """A policy's terms, and the national rules of the region it is judged in."""

    scheme: str
    valid_from: dt.date
    valid_until: dt.date | None
    eligible_groups: frozenset[str] = frozenset()
    training_modes: frozenset[str] = frozenset()
    min_verified_hours: Decimal | None = None
    min_attendance_share: int | None = None
    min_watch_share: int | None = None
    assessment_required: bool = False
    certificate_required: bool = False
    # The certificate kinds the scheme pays for; empty: any kind.
    certificate_kinds: frozenset[str] = frozenset()
    claim_window_days: int | None = None
    amounts: dict[tuple[str, int | None], Decimal] = field(default_factory=dict)
    yearly_cap: int | None = 3
    same_level_once: bool = True
    no_lower_level: bool = True
    one_scheme_per_certificate: bool = True
    certificate_window_months: int | None = 12
    group_at_training_time: bool = True


@dataclass(frozen=True)
class RuleResult:
    rule: str
    outcome: Outcome
    template: str
    params: dict = field(default_factory=dict)

    @property
    def message(self) -> str:
        return gettext(self.template) % self.params


@dataclass(frozen=True)
class Evaluation:
    results: list[RuleResult]
    amount: Decimal | None

    @property
    def eligible(self) -> bool:
        return all(r.outcome != Outcome.FAIL for r in self.results)

    @property
    def failures(self) -> list[RuleResult]:
        return [r for r in self.results if r.outcome == Outcome.FAIL]

    def as_json(self) -> dict:
        return {
            "eligible": self.eligible,
            "amount": None if self.amount is None else str(self.amount),
            "results": [{**asdict(r), "outcome": str(r.outcome)} for r in self.results],
        }


def _result(rule: str, ok: bool, template: str, **params) -> RuleResult:
    return RuleResult(rule, Outcome.PASS if ok else Outcome.FAIL, template, params)


def _na(rule: str, template: str, **params) -> RuleResult:
    return RuleResult(rule, Outcome.NOT_APPLICABLE, template, params)


def _hours(seconds: int) -> str:
    return f"{seconds / 3600:.1f}"


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


@implements
def identity(ev: Evidence, terms: Terms, history, on) -> RuleResult:
    return _result(
        "identity",
        ev.person_id is not None,
        gettext_noop("real name and a valid resident ID number registered")
        if ev.person_id
        else gettext_noop("no real name and resident ID number registered"),
    )


@implements
def validity(ev: Evidence, terms: Terms, history, on) -> RuleResult:
    ok = terms.valid_from <= on and (
        terms.valid_until is None or on <= terms.valid_until
    )
    until = terms.valid_until.isoformat() if terms.valid_until else "…"
    return _result(
        "validity",
        ok,
        gettext_noop("claimed on %(on)s; the policy is valid %(start)s – %(end)s"),
        on=on.isoformat(),
        start=terms.valid_from.isoformat(),
        end=until,
    )


@implements
def training_mode(ev: Evidence, terms: Terms, history, on) -> RuleResult:
    if not terms.training_modes:
        return _na("mode", gettext_noop("the policy accepts every training mode"))
    return _result(
        "mode",
        ev.mode in terms.training_modes,
        gettext_noop("training mode %(mode)s; the policy accepts %(modes)s"),
        mode=ev.mode,
        modes=", ".join(sorted(terms.training_modes)),
    )


@implements
def eligible_group(ev: Evidence, terms: Terms, history, on) -> RuleResult:
    if not terms.eligible_groups:
        return _na("group", gettext_noop("the policy is open to every group"))
    if terms.group_at_training_time:
        if ev.training_starts_on is None:
            return _result(
                "group", False, gettext_noop("the training has no start date")
            )
        held, when = ev.groups_at_start, ev.training_starts_on.isoformat()
    else:
        held, when = ev.groups_now, on.isoformat()
    matched = sorted(held & terms.eligible_groups)
    return _result(
        "group",
        bool(matched),
        gettext_noop("groups held on %(day)s: %(held)s; eligible: %(eligible)s"),
        day=when,
        held=", ".join(sorted(held)) or "—",
        eligible=", ".join(sorted(terms.eligible_groups)),
    )


@implements
def verified_hours(ev: Evidence, terms: Terms, history, on) -> RuleResult:
    if terms.min_verified_hours is None:
        return _na("hours", gettext_noop("no minimum of hours"))
    seconds = ev.verified_seconds + (ev.attended_seconds or 0)
    return _result(
        "hours",
        Decimal(seconds) / 3600 >= terms.min_verified_hours,
        gettext_noop(
            "verified %(hours)s h (watch time %(watch)s h, attendance %(attended)s h) "
            "of %(required)s h required"
        ),
        hours=_hours(seconds),
        watch=_hours(ev.verified_seconds),
        attended=_hours(ev.attended_seconds or 0),
        required=str(terms.min_verified_hours),
    )


@implements
def attendance_share(ev: Evidence, terms: Terms, history, on) -> RuleResult:
    if terms.min_attendance_share is None:
        return _na("attendance", gettext_noop("no minimum attendance"))
    if not ev.scheduled_seconds:
        return _na("attendance", gettext_noop("the course has no scheduled sessions"))
    share = 100 * (ev.attended_seconds or 0) / ev.scheduled_seconds
    return _result(
        "attendance",
        share >= terms.min_attendance_share,
        gettext_noop(
            "attended %(attended)s h of %(scheduled)s h (%(share)s%%), %(required)s%% "
            "required"
        ),
        attended=_hours(ev.attended_seconds or 0),
        scheduled=_hours(ev.scheduled_seconds),
        share=f"{share:.0f}",
        required=terms.min_attendance_share,
    )


@implements
def watch_share(ev: Evidence, terms: Terms, history, on) -> RuleResult:
    if terms.min_watch_share is None:
        return _na("watch", gettext_noop("no minimum watch share"))
    if not ev.video_seconds:
        return _na("watch", gettext_noop("the course has no video lessons"))
    # The share of the videos seen, not the time spent on them (a course may
    # allow a faster rate).
    covered = ev.verified_seconds if ev.covered_seconds is None else ev.covered_seconds
    share = 100 * covered / ev.video_seconds
    return _result(
        "watch",
        share >= terms.min_watch_share,
        gettext_noop(
            "verified watch time %(watched)s h of %(video)s h of video (%(share)s%%), "
            "%(required)s%% required"
        ),
        watched=_hours(covered),
        video=_hours(ev.video_seconds),
        share=f"{share:.0f}",
        required=terms.min_watch_share,
    )


@implements
def assessment(ev: Evidence, terms: Terms, history, on) -> RuleResult:
    if not terms.assessment_required:
        return _na("assessment", gettext_noop("the policy requires no assessment"))
    if ev.assessment_required:
        return _result(
            "assessment",
            bool(ev.assessment_passed),
            gettext_noop("practical assessment passed")
            if ev.assessment_passed
            else gettext_noop("practical assessment not passed"),
        )
    if ev.quizzes_required:
        return _result(
            "assessment",
            ev.quizzes_passed >= ev.quizzes_required,
            gettext_noop("%(passed)s of %(required)s required quizzes passed"),
            passed=ev.quizzes_passed,
            required=ev.quizzes_required,
        )
    return _result(
        "assessment", False, gettext_noop("the course has no assessment on record")
    )


@implements
def certificate(ev: Evidence, terms: Terms, history, on) -> RuleResult:
    cert = ev.certificate
    # A scheme that pays only for some kinds pays for a certificate, always.
    if not terms.certificate_required and not terms.certificate_kinds:
        return _na("certificate", gettext_noop("the policy requires no certificate"))
    if cert is None or not cert.valid:
        return _result(
            "certificate", False, gettext_noop("no valid certificate for this course")
        )
    if terms.certificate_kinds and cert.kind not in terms.certificate_kinds:
        return _result(
            "certificate",
            False,
            gettext_noop(
                "certificate %(serial)s is of kind %(kind)s; this scheme pays only "
                "for %(kinds)s"
            ),
            serial=cert.serial,
            kind=cert.kind,
            kinds=", ".join(sorted(terms.certificate_kinds)),
        )
    return _result(
        "certificate",
        True,
        gettext_noop("certificate %(serial)s (%(kind)s) issued on %(issued)s"),
        serial=cert.serial,
        kind=cert.kind,
        issued=cert.issued_on.isoformat(),
    )


def amount_for(ev: Evidence, terms: Terms) -> Decimal | None:
    kind = ev.certificate.kind if ev.certificate else None
    level = ev.certificate.skill_level if ev.certificate else ev.skill_level
    return terms.amounts.get((kind, level), terms.amounts.get((kind, None)))


@implements
def amount(ev: Evidence, terms: Terms, history, on) -> RuleResult:
    if ev.certificate is None:
        return _na("amount", gettext_noop("no certificate to price"))
    value = amount_for(ev, terms)
    if value is None:
        return _result(
            "amount",
            False,
            gettext_noop("the policy pays nothing for this certificate and level"),
        )
    return _result("amount", True, gettext_noop("%(amount)s yuan"), amount=str(value))


@implements
def claim_window(ev: Evidence, terms: Terms, history, on) -> RuleResult:
    if terms.claim_window_days is None:
        return _na("window", gettext_noop("no claim window"))
    if ev.training_ends_on is None:
        return _result("window", False, gettext_noop("the training has no end date"))
    last = ev.training_ends_on + dt.timedelta(days=terms.claim_window_days)
    return _result(
        "window",
        on <= last,
        gettext_noop("course ended %(ended)s; claims accepted until %(last)s"),
        ended=ev.training_ends_on.isoformat(),
        last=last.isoformat(),
    )


@implements
def yearly_cap(ev: Evidence, terms: Terms, history, on) -> RuleResult:
    if terms.yearly_cap is None:
        return _na(
            "yearly_cap", gettext_noop("the yearly cap is switched off in this region")
        )
    year = subsidy_year(on)
    count = sum(1 for c in history if c.subsidised and c.year == year)
    return _result(
        "yearly_cap",
        count < terms.yearly_cap,
        gettext_noop("%(count)s subsidies already in %(year)s, at most %(cap)s a year"),
        count=count,
        year=year,
        cap=terms.yearly_cap,
    )


def _same_occupation(ev: Evidence, history) -> list[PriorClaim]:
    return [
        c
        for c in history
        if c.subsidised and c.occupation and c.occupation == ev.occupation
    ]


@implements
def same_level_once(ev: Evidence, terms: Terms, history, on) -> RuleResult:
    if not terms.same_level_once:
        return _na("same_level", gettext_noop("switched off in this region"))
    if not ev.occupation or ev.skill_level is None:
        return _na(
            "same_level", gettext_noop("the course names no occupation and level")
        )
    earlier = [
        c for c in _same_occupation(ev, history) if c.skill_level == ev.skill_level
    ]
    return _result(
        "same_level",
        not earlier,
        gettext_noop(
            "%(occupation)s at this level already subsidised (claim %(claim)s)"
        )
        if earlier
        else gettext_noop("%(occupation)s at this level not subsidised before"),
        occupation=ev.occupation,
        claim=earlier[0].claim_id if earlier else "",
    )


@implements
def no_lower_level(ev: Evidence, terms: Terms, history, on) -> RuleResult:
    if not terms.no_lower_level:
        return _na("lower_level", gettext_noop("switched off in this region"))
    if not ev.occupation or ev.skill_level is None:
        return _na(
            "lower_level", gettext_noop("the course names no occupation and level")
        )
    higher = [
        c
        for c in _same_occupation(ev, history)
        if c.skill_level is not None and c.skill_level > ev.skill_level
    ]
    return _result(
        "lower_level",
        not higher,
        gettext_noop(
            "a higher level of %(occupation)s was already subsidised (claim %(claim)s)"
        )
        if higher
        else gettext_noop("no higher level of %(occupation)s subsidised before"),
        occupation=ev.occupation,
        claim=higher[0].claim_id if higher else "",
    )


@implements
def one_scheme_per_training(ev: Evidence, terms: Terms, history, on) -> RuleResult:
    """R4: one training, and one certificate, is paid under one scheme only. The
    history holds no claim of this training under the policy's own scheme, so a
    claim of the same training there is under the other scheme."""
    if not terms.one_scheme_per_certificate:
        return _na("one_scheme", gettext_noop("switched off in this region"))
    same_training = [c for c in history if c.enrolment_id == ev.enrolment_id]
    if same_training:
        return _result(
            "one_scheme",
            False,
            gettext_noop("this training is already claimed under %(scheme)s"),
            scheme=same_training[0].scheme,
        )
    if ev.certificate is None:
        return _result(
            "one_scheme",
            True,
            gettext_noop("this training is not claimed under another scheme"),
        )
    other = [c for c in history if c.certificate_serial == ev.certificate.serial]
    return _result(
        "one_scheme",
        not other,
        gettext_noop("certificate %(serial)s already claimed under %(scheme)s")
        if other
        else gettext_noop("certificate %(serial)s not claimed before"),
        serial=ev.certificate.serial,
        scheme=other[0].scheme if other else "",
    )


@implements
def certificate_window(ev: Evidence, terms: Terms, history, on) -> RuleResult:
    if terms.certificate_window_months is None:
        return _na("certificate_window", gettext_noop("switched off in this region"))
    if ev.certificate is None:
        return _na("certificate_window", gettext_noop("no certificate"))
    last = add_months(ev.certificate.issued_on, terms.certificate_window_months)
    return _result(
        "certificate_window",
        on <= last,
        gettext_noop("certificate issued %(issued)s; claims accepted until %(last)s"),
        issued=ev.certificate.issued_on.isoformat(),
        last=last.isoformat(),
    )


# The declared rules, each with its function here, in the rulebook's order.
RULES = build_engine(sys.modules[__name__], "python")


def evaluate(
    evidence: Evidence, terms: Terms, history: list[PriorClaim], *, on: dt.date
) -> Evaluation:
    """Judge one trainee's training against a policy on a given day."""
    results = [rule(evidence, terms, history, on) for _declared, rule in RULES]
    return Evaluation(results=results, amount=amount_for(evidence, terms))
