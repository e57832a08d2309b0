import pytest
from django.core.exceptions import ValidationError

from lms.validators import (
    credit_code_check_character,
    validate_credit_code,
    validate_region_code,
)


@pytest.mark.parametrize(
    "code", ["91310000775785552L", "91110000600037341L", "52510104MJ00000010"]
)
def test_real_credit_codes_pass(code):
    validate_credit_code(code)


def test_check_character_follows_gb_32100():
    assert credit_code_check_character("91310000775785552") == "L"


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("91310000775785552M", "checksum"),  # last character mistyped
        ("91310000775785525L", "checksum"),  # two digits swapped
        ("9131000077578555L", "format"),  # 17 characters
        ("91310000775785552LL", "format"),
        ("9131000077578555IL", "format"),  # I is not in the alphabet
        ("91990000775785552L", "region"),  # 99 is no province
        ("", "format"),
    ],
)
def test_bad_credit_codes_are_refused_with_their_reason(code, reason):
    with pytest.raises(ValidationError) as error:
        validate_credit_code(code)
    assert error.value.code == reason


def test_wrong_check_character_names_the_right_one():
    with pytest.raises(ValidationError) as error:
        validate_credit_code("91310000775785552M")
    assert "L" in error.value.messages[0]


@pytest.mark.parametrize("code", ["510000", "510100", "510104", "520102", "469001"])
def test_division_codes_pass(code):
    validate_region_code(code)


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("51010", "format"),
        ("5101045", "format"),
        ("51O104", "format"),
        ("990000", "province"),
        ("000000", "province"),
        ("510004", "structure"),
    ],
)
def test_bad_division_codes_are_refused(code, reason):
    with pytest.raises(ValidationError) as error:
        validate_region_code(code)
    assert error.value.code == reason
