"""Resident ID numbers (公民身份号码, GB 11643) and how personal numbers are kept.

The full number is stored encrypted (Fernet) beside a keyed hash (HMAC-SHA256) that
lets it be matched exactly, and a masked form that is all most viewers ever see.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import re

from cryptography.fernet import Fernet
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lms.validators import PROVINCE_CODES, canonical

ID_WEIGHTS = [pow(2, 17 - i, 11) for i in range(17)]
ID_CHECK_CHARACTERS = "10X98765432"
# Residence permits of Hong Kong, Macau and Taiwan residents (居住证) use these address
# codes; 83 is no province of GB/T 2260, so it is accepted only as 830000.
RESIDENCE_PERMIT_AREAS = frozenset({"810000", "820000", "830000"})


def id_check_character(first17: str) -> str:
    """ISO 7064 MOD 11-2 check character of an 18-character ID number."""
    total = sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARACTERS[total % 11]


def normalise_id_number(value: str, *, today: dt.date | None = None) -> str:
    """Validate an ID number and return its 18-character form (a 15-digit legacy
    number gains the century 19 and a check character). Raises ValidationError."""
    number = canonical(value)
    if re.fullmatch(r"[0-9]{15}", number, re.ASCII):
        number = number[:6] + "19" + number[6:]
        number += id_check_character(number)
    if not re.fullmatch(r"[0-9]{17}[0-9X]", number, re.ASCII):
        raise ValidationError(
            _("An ID number has 18 characters: 17 digits and a digit or X."),
            code="format",
        )
    if number[:2] not in PROVINCE_CODES and number[:6] not in RESIDENCE_PERMIT_AREAS:
        raise ValidationError(
            _("The ID number does not start with a province code (%(prefix)s)."),
            code="province",
            params={"prefix": number[:2]},
        )
    try:
        birth = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError(
            _("Digits 7 to 14 of the ID number are not a real date of birth."),
            code="birth_date",
        ) from None
    if birth > (today or dt.date.today()) or birth.year < 1880:
        raise ValidationError(
            _("The date of birth in the ID number is impossible."), code="birth_date"
        )
    expected = id_check_character(number[:17])
    if number[17] != expected:
        raise ValidationError(
            _(
                "The last character of this ID number should be %(expected)s: "
                "please check it for a typing error."
            ),
            code="checksum",
            params={"expected": expected},
        )
    return number


def validate_id_number(value: str) -> None:
    """Form and model validator; forms should store ``normalise_id_number``'s result."""
    normalise_id_number(value)


class IdNumberField(forms.CharField):
    """A form field whose cleaned value is ``normalise_id_number``'s 18 characters."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 24)
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if self.disabled or not value:
            return value  # a disabled field shows the stored, masked number
        return normalise_id_number(value)


def birth_date_of(number: str) -> dt.date:
    return dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def sex_of(number: str) -> str:
    """``male`` or ``female`` from the 17th digit (odd is male)."""
    return "male" if int(number[16]) % 2 else "female"


def mask_id_number(number: str) -> str:
    """5101**********123X: region prefix and last four, nothing in between."""
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def mask_name(name: str) -> str:
    """张*华 for 张三华, 张* for 张三, 欧**华 for 欧阳明华: enough to recognise,
    no more."""
    name = name.strip()
    if len(name) <= 1:
        return "*"
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_phone(number: str) -> str:
    """138****5678."""
    digits = canonical(number)
    if len(digits) < 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


def _key(purpose: bytes) -> bytes:
    return hmac.new(
        settings.PERSONAL_DATA_KEY.encode(), purpose, hashlib.sha256
    ).digest()


def digest(value: str) -> str:
    """A keyed hash for exact lookup; without the key it reveals nothing."""
    return hmac.new(_key(b"lookup"), value.encode(), hashlib.sha256).hexdigest()


def _fernet() -> Fernet:
    return Fernet(base64.urlsafe_b64encode(_key(b"encryption")))


def encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode() if value else ""


def decrypt(token: str) -> str:
    return _fernet().decrypt(token.encode()).decode() if token else ""
