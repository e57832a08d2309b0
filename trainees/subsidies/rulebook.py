"""The subsidy rules (补贴规则), declared once.

Two engines judge them: ``rules`` in Python, one trainee at a time and in words, and
``regional`` in one SQL statement for a whole region. Both are built from the table
below: its order is the order of an evaluation's results, a rule's bit in a region
verdict is its position, its label names it in lists of failures, and each row names
the function of each engine that implements it. An engine marks its rule functions
with ``@implements``; building the engine refuses a declared rule it lacks and a
marked function the table does not declare, so a rule cannot live in one engine only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType

from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class DeclaredRule:
    """One rule: its code in evaluations, its bit in region verdicts, what it checks
    (for people), and the function of each engine that judges it."""

    code: str
    bit: int
    label: Promise
    python: str  # a function of trainees.subsidies.rules
    sql: str  # a function of trainees.subsidies.regional


def _declare(*rows: tuple[str, Promise, str, str]) -> tuple[DeclaredRule, ...]:
    return tuple(
        DeclaredRule(code, 1 << position, label, python, sql)
        for position, (code, label, python, sql) in enumerate(rows)
    )


RULEBOOK = _declare(
    ("identity", _("real name and ID number"), "identity", "identity_fails"),
    ("validity", _("policy in force"), "validity", "validity_fails"),
    ("mode", _("training mode"), "training_mode", "mode_fails"),
    ("group", _("eligible group"), "eligible_group", "group_fails"),
    ("hours", _("verified hours"), "verified_hours", "hours_fail"),
    ("attendance", _("attendance share"), "attendance_share", "attendance_fails"),
    ("watch", _("watch share"), "watch_share", "watch_fails"),
    ("assessment", _("assessment passed"), "assessment", "assessment_fails"),
    ("certificate", _("certificate"), "certificate", "certificate_fails"),
    ("amount", _("amount for the certificate"), "amount", "amount_fails"),
    ("window", _("claim window after the course"), "claim_window", "window_fails"),
    ("yearly_cap", _("yearly cap"), "yearly_cap", "yearly_cap_fails"),
    (
        "same_level",
        _("same occupation and level once"),
        "same_level_once",
        "same_level_fails",
    ),
    (
        "lower_level",
        _("no lower level after a higher one"),
        "no_lower_level",
        "lower_level_fails",
    ),
    (
        "one_scheme",
        _("one scheme per training and certificate"),
        "one_scheme_per_training",
        "one_scheme_fails",
    ),
    (
        "certificate_window",
        _("claim within months of the certificate"),
        "certificate_window",
        "certificate_window_fails",
    ),
)

RULE_CODES = [rule.code for rule in RULEBOOK]
RULE_LABELS = {rule.code: rule.label for rule in RULEBOOK}
RULE_BITS = {rule.code: rule.bit for rule in RULEBOOK}

ENGINES = ("python", "sql")
_MARK = "implements_subsidy_rule"


def implements(function: Callable) -> Callable:
    """Mark a function as an engine's implementation of a declared rule."""
    setattr(function, _MARK, True)
    return function


def marked_functions(module: ModuleType) -> dict[str, Callable]:
    """The functions of an engine's module marked with ``@implements``, by name."""
    return {
        name: value
        for name, value in vars(module).items()
        if callable(value) and getattr(value, _MARK, False)
    }


def build_engine(
    module: ModuleType, engine: str, rulebook: tuple[DeclaredRule, ...] = RULEBOOK
) -> list[tuple[DeclaredRule, Callable]]:
    """Each declared rule with the function of ``module`` that implements it for
    ``engine`` ("python" or "sql"), in the rulebook's order. Raises
    ImproperlyConfigured if the module lacks a declared rule's function, or marks a
    function that the rulebook does not declare."""
    if engine not in ENGINES:
        raise ValueError(engine)
    marked = marked_functions(module)
    wanted = {getattr(rule, engine): rule for rule in rulebook}
    missing = sorted(name for name in wanted if name not in marked)
    undeclared = sorted(name for name in marked if name not in wanted)
    if missing or undeclared:
        raise ImproperlyConfigured(
            f"{module.__name__} does not implement the subsidy rulebook: "
            f"missing {missing or 'nothing'}, undeclared {undeclared or 'nothing'}"
        )
    return [(rule, marked[getattr(rule, engine)]) for rule in rulebook]


def subsidy_year(judged_on: dt.date) -> int:
    """The year a claim counts in for the yearly cap (R1, 每人每年不超过3次).

    One date decides it: the day the claim is judged on, that is the day it is
    submitted, or resubmitted after a return. The claim is stored under this year
    and both engines count the cap in it, so a claim returned in December and
    resubmitted in January counts in January's year, once."""
    return judged_on.year
