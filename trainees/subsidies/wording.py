"""A frozen evaluation in the reader's words: each rule by its name, its verdict, and
the evidence behind it with the stored codes (training modes, groups, certificate
kinds, schemes) and ISO dates shown as a person reads them.

Evaluations keep codes and ISO dates, so that what was judged never changes with a
translation; they are turned into words only when shown."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from courses.models import TrainingMode
from lms.models.status import StatusGroup
from lms.skills import CertificateKind
from trainees.subsidies.models import Scheme
from trainees.subsidies.rulebook import RULEBOOK

# The parameter of a rule's message, and the choices its values come from.
_CHOICES: dict[str, type[models.TextChoices]] = {
    "mode": TrainingMode,
    "modes": TrainingMode,
    "held": StatusGroup,
    "eligible": StatusGroup,
    "kind": CertificateKind,
    "kinds": CertificateKind,
    "scheme": Scheme,
}
_DATES = frozenset({"on", "start", "end", "day", "ended", "last", "issued"})
_LABELS = {rule.code: rule.label for rule in RULEBOOK}
_SEPARATOR = ", "  # how the rules join several codes


def _label(choices: type[models.TextChoices], code: str) -> str:
    try:
        return str(choices(code).label)
    except ValueError:
        return code  # "—", "…", or a code no longer offered: shown as stored


def _day(value: str) -> str:
    try:
        return date_format(dt.date.fromisoformat(value), "DATE_FORMAT")
    except ValueError:
        return value


def readable_params(params: dict) -> dict:
    """The message's parameters with codes as labels and dates as dates."""
    readable = {}
    for name, value in params.items():
        if name in _CHOICES and isinstance(value, str):
            codes = value.split(_SEPARATOR) if value else []
            labels = (_label(_CHOICES[name], code) for code in codes)
            value = pgettext("list of items", ", ").join(labels)
        elif name in _DATES and isinstance(value, str):
            value = _day(value)
        readable[name] = value
    return readable


# What would make a failing rule pass, said to the trainee; rules that nothing the
# trainee can do will change say so.
_REMEDIES = {
    "identity": _(
        "Register your real name and resident ID number with your training institution."
    ),
    "validity": _("This policy is not open on this date."),
    "mode": _("This policy does not pay for this kind of training."),
    "group": _(
        "This policy is for the groups named. If you belong to one, ask the "
        "human-resources or rural-revitalization office of your county to record it."
    ),
    "hours": _("Finish the course: its verified hours count as you learn."),
    "attendance": _("Attend the course's sessions and check in at each."),
    "watch": _("Watch the course's videos to the end."),
    "assessment": _("Pass the course's assessment."),
    "certificate": _("The certificate is issued when you finish the course."),
    "amount": _("This policy pays nothing for this certificate and level."),
    "window": _("The time to claim for this course under this policy has passed."),
    "yearly_cap": _(
        "You have had this year's subsidies; you may claim again next year."
    ),
    "same_level": _("This occupation and level has been subsidised for you before."),
    "lower_level": _("A higher level of this occupation has been subsidised for you."),
    "one_scheme": _("This training or certificate has already been subsidised."),
    "certificate_window": _("The time to claim with this certificate has passed."),
}


def failures(results) -> list[dict]:
    """The failing rules of a live evaluation, for the trainee: the rule's name, what
    was found, and what would make it pass."""
    return [
        {
            "rule": str(_LABELS.get(result.rule, result.rule)),
            "message": gettext(result.template) % readable_params(result.params),
            "remedy": str(_REMEDIES.get(result.rule, "")),
        }
        for result in results
    ]


def explain(evaluation: dict) -> list[dict]:
    """A frozen evaluation's rules in the reader's language: the rule's name, its
    code (for links to its evidence), its outcome and the sentence behind it."""
    return [
        {
            "code": row["rule"],
            "rule": str(_LABELS.get(row["rule"], row["rule"])),
            "outcome": row["outcome"],
            "message": gettext(row["template"]) % readable_params(row["params"]),
        }
        for row in evaluation.get("results", [])
    ]
