"""People and their resident ID numbers (GB 11643)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from lms import identity
from lms.models import Person, Region
from lms.services import register_person

STANDARD_EXAMPLE = "11010519491231002X"  # the standard's own example


@pytest.mark.parametrize(
    "number", [STANDARD_EXAMPLE, "440524188001010014", "34052419800101001x"]
)
def test_valid_id_numbers_pass(number):
    assert identity.normalise_id_number(number) == number.upper()


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        ("110105194912310021", "checksum"),
        ("11010519491231002", "format"),
        ("1101051949123100XX", "format"),
        ("990105194912310029", "province"),
        ("110105194902300027", "birth_date"),  # 30 February
        ("110105299901010025", "birth_date"),  # born in the future
    ],
)
def test_wrong_id_numbers_are_refused_with_their_reason(number, reason):
    with pytest.raises(ValidationError) as error:
        identity.normalise_id_number(number)
    assert error.value.code == reason


def test_the_refusal_names_the_expected_check_character():
    with pytest.raises(ValidationError) as error:
        identity.normalise_id_number("110105194912310021")
    assert "X" in error.value.messages[0]


def test_a_15_digit_legacy_number_becomes_18_digits():
    assert identity.normalise_id_number("110105491231002") == STANDARD_EXAMPLE


def test_an_abolished_county_code_is_still_accepted():
    # 510122 (双流县) became 510116 in 2015; people keep their numbers for life.
    first17 = "51012219900101003"
    number = first17 + identity.id_check_character(first17)
    assert identity.normalise_id_number(number) == number


def test_numbers_are_masked():
    assert identity.mask_id_number(STANDARD_EXAMPLE) == "1101**********002X"
    assert identity.mask_phone("13812345678") == "138****5678"


@pytest.mark.django_db
def test_a_person_keeps_the_number_encrypted_hashed_and_masked():
    person = register_person(
        real_name="张三", id_number=STANDARD_EXAMPLE, mobile="13812345678"
    )
    stored = Person.objects.values().get(pk=person.pk)
    assert STANDARD_EXAMPLE not in str(stored)
    assert "13812345678" not in str(stored)
    assert person.id_number == STANDARD_EXAMPLE
    assert person.id_number_masked == "1101**********002X"
    assert person.birth_date == dt.date(1949, 12, 31)
    assert person.sex == Person.Sex.FEMALE
    assert Person.objects.with_id_number(STANDARD_EXAMPLE).get() == person


@pytest.mark.django_db
def test_registering_the_same_number_twice_finds_the_same_person():
    first = register_person(real_name="张三", id_number=STANDARD_EXAMPLE)
    jinjiang = Region.objects.get(code="510104")
    again = register_person(
        real_name="张三", id_number="110105491231002", household_region=jinjiang
    )
    assert again.pk == first.pk
    assert again.household_region == jinjiang
    assert Person.objects.count() == 1


@pytest.mark.django_db
def test_the_same_number_under_another_name_is_refused():
    register_person(real_name="张三", id_number=STANDARD_EXAMPLE)
    with pytest.raises(ValidationError, match="another name"):
        register_person(real_name="李四", id_number=STANDARD_EXAMPLE)
    assert Person.objects.count() == 1


def _valid(first17: str) -> str:
    return first17 + identity.id_check_character(first17)


FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")


@pytest.mark.parametrize("area", ["810000", "820000", "830000"])
def test_residence_permits_of_hong_kong_macau_and_taiwan_residents_pass(area):
    number = _valid(area + "19900101001")
    assert identity.normalise_id_number(number) == number


def test_83_is_accepted_only_as_the_taiwan_permit_area():
    with pytest.raises(ValidationError) as error:
        identity.normalise_id_number(_valid("830100" + "19900101001"))
    assert error.value.code == "province"


def test_a_full_width_number_is_normalised_to_ascii():
    spelled = STANDARD_EXAMPLE.translate(FULL_WIDTH)
    assert identity.normalise_id_number(f" {spelled} ") == STANDARD_EXAMPLE


def test_digits_of_other_scripts_are_refused():
    arabic_indic = STANDARD_EXAMPLE[:17].translate(
        str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
    )
    with pytest.raises(ValidationError) as error:
        identity.normalise_id_number(arabic_indic + "X")
    assert error.value.code == "format"


@pytest.mark.django_db
def test_a_full_width_spelling_finds_the_same_person():
    first = register_person(real_name="张三", id_number=STANDARD_EXAMPLE)
    again = register_person(
        real_name="张三", id_number=STANDARD_EXAMPLE.translate(FULL_WIDTH)
    )
    assert again == first
    assert Person.objects.count() == 1
    assert Person.objects.with_id_number(STANDARD_EXAMPLE.translate(FULL_WIDTH)).get()


@pytest.mark.django_db
def test_a_mobile_number_is_kept_as_its_eleven_digits():
    person = register_person(
        real_name="张三", id_number=STANDARD_EXAMPLE, mobile="+86 138-1234-5678"
    )
    assert person.mobile == "13812345678"


@pytest.mark.django_db
def test_a_mobile_that_is_not_a_number_is_refused():
    with pytest.raises(ValidationError, match="11 digits"):
        register_person(
            real_name="张三", id_number=STANDARD_EXAMPLE, mobile="not-a-number"
        )
    assert not Person.objects.exists()
