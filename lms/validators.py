"""Validators for national codes: GB/T 2260 division codes and GB 32100 credit codes."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The 34 provincial-level divisions (GB/T 2260, first two digits).
PROVINCE_CODES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 "
    "61 62 63 64 65 71 81 82".split()
)

CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, S, V, Z
CREDIT_CODE_WEIGHTS = [pow(3, i, 31) for i in range(17)]
_CREDIT_CODE_RE = re.compile(rf"^[{CREDIT_CODE_ALPHABET}]{{18}}$")


def validate_region_code(value: str) -> None:
    """A six-digit GB/T 2260 code whose first two digits name a province."""
    if not re.fullmatch(r"\d{6}", value or ""):
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
    code = (value or "").strip().upper()
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
    if not region.isdigit() or (
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
