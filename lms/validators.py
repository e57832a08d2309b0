"""Validators for national codes: GB/T 2260 division codes, GB 32100 credit codes and
Chinese telephone numbers.

Every code and number typed by a person or read from a file goes through
``canonical`` first: NFKC folds full-width digits and letters (１２３, ＡＢＣ) into
ASCII, so one human's number has one spelling; then each check matches ASCII only.
"""

import re
import unicodedata

import phonenumbers
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# The 34 provincial-level divisions (GB/T 2260, first two digits).
PROVINCE_CODES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 "
    "61 62 63 64 65 71 81 82".split()
)

CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, S, V, Z
CREDIT_CODE_WEIGHTS = [pow(3, i, 31) for i in range(17)]
_CREDIT_CODE_RE = re.compile(rf"^[{CREDIT_CODE_ALPHABET}]{{18}}$")
# 11 digits, 1 then 3 to 9 (the mobile networks' prefixes).
_MOBILE_RE = re.compile(r"1[3-9][0-9]{9}", re.ASCII)
# A landline: area code 0xx or 0xxx, 7 or 8 digits, optional extension; or 400/800.
_LANDLINE_RE = re.compile(
    r"0[1-9][0-9]{1,2}-?[1-9][0-9]{6,7}(?:-[0-9]{1,6})?|[48]00-?[0-9]{3}-?[0-9]{4}",
    re.ASCII,
)


# Control characters (C0, DEL, C1): invisible, and refused by XLSX writers and XML.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_BUT_LINES = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def strip_control_characters(text: str, *, keep_lines: bool = False) -> str:
    """``text`` without control characters. Tabs and line breaks become spaces,
    unless ``keep_lines`` (a multi-line text), where tab and newline are kept."""
    if keep_lines:
        return _CONTROL_BUT_LINES.sub("", text.replace("\r\n", "\n"))
    return _CONTROL.sub("", re.sub(r"[\t\r\n]+", " ", text))


def canonical(value: str | None) -> str:
    """The one spelling of a code or number: NFKC (full-width to ASCII), no
    surrounding or inner spaces, letters upper-case."""
    text = unicodedata.normalize("NFKC", value or "")
    return "".join(text.split()).upper()


def normalise_region_code(value: str) -> str:
    """A GB/T 2260 code in its canonical form, validated; raises ValidationError."""
    code = canonical(value)
    validate_region_code(code)
    return code


def validate_region_code(value: str) -> None:
    """A six-digit GB/T 2260 code whose first two digits name a province."""
    if not re.fullmatch(r"[0-9]{6}", value or "", re.ASCII):
        raise ValidationError(
            _("A region code has exactly 6 digits, e.g. 510104."), code="format"
        )
    if value[:2] not in PROVINCE_CODES:
        raise ValidationError(
            _("%(prefix)s is not a province-level code of GB/T 2260."),
            code="province",
            params={"prefix": value[:2]},
        )
    if value[2:4] == "00" and value[4:] != "00":
        raise ValidationError(
            _(
                "%(code)s is a county code without a prefecture "
                "(digits 3 and 4 are 00)."
            ),
            code="structure",
            params={"code": value},
        )


def credit_code_check_character(first17: str) -> str:
    """The 18th character of a unified social credit code (GB 32100, MOD 31)."""
    total = sum(
        CREDIT_CODE_ALPHABET.index(char) * weight
        for char, weight in zip(first17, CREDIT_CODE_WEIGHTS, strict=True)
    )
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def validate_credit_code(value: str) -> None:
    """An 18-character unified social credit code with a correct check character."""
    code = canonical(value)
    if not _CREDIT_CODE_RE.match(code):
        raise ValidationError(
            _(
                "A unified social credit code has 18 characters: digits and capital "
                "letters except I, O, S, V and Z."
            ),
            code="format",
        )
    region = code[2:8]
    # 100000 is the code of registrations made by national authorities.
    if not re.fullmatch(r"[0-9]{6}", region, re.ASCII) or (
        region[:2] not in PROVINCE_CODES and region != "100000"
    ):
        raise ValidationError(
            _(
                "Characters 3 to 8 of the credit code must be a region code "
                "(or 100000 for a national registration)."
            ),
            code="region",
        )
    expected = credit_code_check_character(code[:17])
    if code[17] != expected:
        raise ValidationError(
            _(
                "The check character of this credit code is wrong: the last "
                "character should be %(expected)s. Please check for a typing error."
            ),
            code="checksum",
            params={"expected": expected},
        )


def normalise_credit_code(value: str) -> str:
    """A unified social credit code in its canonical form, validated."""
    code = canonical(value)
    validate_credit_code(code)
    return code


def mobile_e164(value: str) -> str:
    """A mainland Chinese mobile number in E.164 (+8613800138000), from what a person
    typed: full-width digits, spaces, dashes and brackets of an input method, and an
    optional +86 or 0086, are accepted. Empty stays empty. Raises ValidationError,
    with its own message for a number of another country or a landline."""
    text = canonical(value)
    for mark in "-()./":
        text = text.replace(mark, "")
    if not text:
        return ""
    if text.startswith("00"):
        text = "+" + text[2:]
    if not re.fullmatch(r"\+?[0-9]{5,17}", text, re.ASCII):
        raise ValidationError(
            _("A mobile number has 11 digits and starts with 13 to 19."),
            code="mobile",
        )
    try:
        number = phonenumbers.parse(text, "CN")
    except phonenumbers.NumberParseException:
        raise ValidationError(
            _("A mobile number has 11 digits and starts with 13 to 19."),
            code="mobile",
        ) from None
    if number.country_code != 86:
        raise ValidationError(
            _(
                "Only mainland China mobile numbers (+86) can be used here; numbers "
                "of other countries and regions cannot receive our text messages."
            ),
            code="not_mainland",
        )
    national = str(number.national_number)
    if not _MOBILE_RE.fullmatch(national) or phonenumbers.number_type(number) not in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    ):
        raise ValidationError(
            _("A mobile number has 11 digits and starts with 13 to 19."),
            code="mobile",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_mobile(value: str) -> str:
    """A Chinese mobile number as its 11 national digits (``mobile_e164`` without
    +86). Empty stays empty. Raises ValidationError."""
    return mobile_e164(value).removeprefix("+86")


def group_mobile(number: str) -> str:
    """138 0013 8000: how a mobile number is shown to whom may see it whole."""
    digits = normalise_mobile(number)
    return f"{digits[:3]} {digits[3:7]} {digits[7:]}" if digits else ""


def validate_mobile(value: str) -> None:
    normalise_mobile(value)


def normalise_contact_phone(value: str) -> str:
    """A contact telephone: a mobile number, or a landline with its area code
    (028-80000000, extension after a dash) or a 400/800 number."""
    number = canonical(value)
    if not number:
        return ""
    if _MOBILE_RE.fullmatch(number.replace("-", "")):
        return number.replace("-", "")
    if not _LANDLINE_RE.fullmatch(number):
        raise ValidationError(
            _(
                "Give a mobile number or a landline with its area code, "
                "e.g. 028-80000000."
            ),
            code="phone",
        )
    return number


def validate_contact_phone(value: str) -> None:
    normalise_contact_phone(value)


class MobileField(forms.CharField):
    """A form field for a mobile number, cleaned to its 11 ASCII digits."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        # A disabled field shows the stored, masked number.
        return value if self.disabled else normalise_mobile(value)


class NormalisedCharField(models.CharField):
    """A model CharField that stores what ``normaliser`` makes of the value (the
    canonical spelling of a code or number) and refuses what it refuses.

    The column is an ordinary varchar, so migrations see a plain CharField: the
    normaliser is Python behaviour, like a validator Django does not migrate.
    """

    def __init__(self, *args, normaliser=canonical, **kwargs):
        self.normaliser = normaliser
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return self.normaliser(value) if value else value

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.CharField", args, kwargs
