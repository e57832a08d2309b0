"""Pure rules of the surveys: what a typed answer means, or why it is refused."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from outreach.models.surveys import TEXT_ANSWER_MAX, SurveyQuestion

_DECIMAL = re.compile(r"-?[0-9]{1,14}(?:\.[0-9]{1,2})?", re.ASCII)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def plain(number: Decimal) -> str:
    """A decimal as people write it: 10000, 2.5 (never 1E+4 or 2.50)."""
    return format(number.normalize(), "f")


def field_name(question: SurveyQuestion) -> str:
    """The form field (and error key) of a question."""
    return f"q{question.pk}"


def clean_answer(question: SurveyQuestion, raw: str | None) -> Decimal | str | None:
    """The value of one typed answer (None: left empty); raises ValidationError
    with the reason a person can act on."""
    if raw is None:
        raw = ""
    if not isinstance(raw, str):
        raise ValidationError(_("This answer is not text."))
    if len(raw) > TEXT_ANSWER_MAX * 4:
        raise ValidationError(
            _("This answer is too long (at most %(n)s characters).")
            % {"n": TEXT_ANSWER_MAX}
        )
    if _CONTROL.search(raw):
        raise ValidationError(_("This answer contains control characters."))
    value = raw.strip()
    if not value:
        if question.required:
            raise ValidationError(_("This question needs an answer."))
        return None
    if question.kind == SurveyQuestion.Kind.NUMBER:
        if not _DECIMAL.fullmatch(value):
            raise ValidationError(
                _("Enter a number with at most two decimals, e.g. 12 or 3.5.")
            )
        try:
            number = Decimal(value)
        except InvalidOperation:  # pragma: no cover - the pattern already held
            raise ValidationError(_("Enter a number.")) from None
        if not question.low <= number <= question.high:
            raise ValidationError(
                _("Enter a number from %(low)s to %(high)s %(unit)s.")
                % {
                    "low": plain(question.low),
                    "high": plain(question.high),
                    "unit": question.unit,
                }
            )
        return number
    if question.kind == SurveyQuestion.Kind.CHOICE:
        if value not in question.option_list():
            raise ValidationError(_("Choose one of the options offered."))
        return value
    if len(value) > TEXT_ANSWER_MAX:
        raise ValidationError(
            _("This answer is too long (at most %(n)s characters).")
            % {"n": TEXT_ANSWER_MAX}
        )
    return value


def clean_answers(
    questions: Iterable[SurveyQuestion], raw: Mapping[str, str]
) -> dict[int, Decimal | str | None]:
    """Every question's value by question id; one ValidationError naming each
    refused answer (by field name) when any is refused."""
    values: dict[int, Decimal | str | None] = {}
    errors: dict[str, ValidationError] = {}
    for question in questions:
        name = field_name(question)
        try:
            values[question.pk] = clean_answer(question, raw.get(name))
        except ValidationError as error:
            errors[name] = error
    if errors:
        raise ValidationError(errors)
    return values
