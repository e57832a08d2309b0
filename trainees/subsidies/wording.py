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
