import pytest
from django.core.exceptions import ValidationError

from lms import validators
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


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("13812345678", "13812345678"),
        ("１３８１２３４５６７８", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("0086-13812345678", "13812345678"),
        ("", ""),
    ],
)
def test_mobile_numbers_are_normalised(typed, stored):
    assert validators.normalise_mobile(typed) == stored


@pytest.mark.parametrize(
    "typed",
    ["not-a-number", "12812345678", "1381234567", "138123456789", "028-80000000"],
)
def test_what_is_no_mobile_number_is_refused(typed):
    with pytest.raises(ValidationError):
        validators.normalise_mobile(typed)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("028-80000000", "028-80000000"),
        ("０２８－８０００００００", "028-80000000"),
        ("010-12345678-123", "010-12345678-123"),
        ("400-123-4567", "400-123-4567"),
        ("138 1234 5678", "13812345678"),
    ],
)
def test_contact_phones_may_be_landlines(typed, stored):
    assert validators.normalise_contact_phone(typed) == stored


@pytest.mark.parametrize("typed", ["80000000", "call me", "028-0000"])
def test_a_contact_phone_needs_its_area_code(typed):
    with pytest.raises(ValidationError):
        validators.normalise_contact_phone(typed)


def test_a_full_width_credit_code_passes_in_its_canonical_form():
    full_width = "９１３１００００７７５７８５５５２Ｌ"
    assert validators.normalise_credit_code(full_width) == "91310000775785552L"


def test_full_width_region_digits_are_canonical_but_others_are_not():
    assert validators.normalise_region_code("５１０１０４") == "510104"
    with pytest.raises(ValidationError):
        validators.validate_region_code("٥١٠١٠٤")


def test_control_characters_are_stripped():
    assert validators.strip_control_characters("蜀\x00绣\x1b\t工坊\n") == "蜀绣 工坊 "
    assert (
        validators.strip_control_characters("一\r\n二\x07", keep_lines=True) == "一\n二"
    )


@pytest.mark.django_db
def test_an_institution_keeps_its_codes_in_canonical_form():
    from lms.models import Institution, Region

    institution = Institution(
        name="锦江学校",
        credit_code="９１３１００００７７５７８５５５２ｌ",
        region=Region.objects.get(code="510104"),
        contact_phone="０２８－８０００００００",
    )
    institution.full_clean()
    assert institution.credit_code == "91310000775785552L"
    assert institution.contact_phone == "028-80000000"
