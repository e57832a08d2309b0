"""The parsing layer: request values into numbers, ids, dates and JSON within the
range of the column they go to, or one error with a message."""

import datetime as dt

import pytest

from lms import parsing
from trainees.models import PlaybackSession


@pytest.mark.parametrize("value", ["42", " 42 ", 42, "+42"])
def test_whole_numbers_are_read(value):
    assert parsing.parse_int(value, label="n") == 42


@pytest.mark.parametrize(
    "value", ["４２", "٤٢", "42.0", "4e1", "", None, True, "1 OR 1=1", 4.2, "9" * 5000]
)
def test_what_is_no_whole_number_of_ascii_digits_is_refused(value):
    with pytest.raises(parsing.BadInput, match="whole number"):
        parsing.parse_int(value, label="n")


def test_a_number_must_fit_its_column():
    field = PlaybackSession._meta.get_field("last_sequence")
    assert parsing.parse_int(2**31 - 1, label="n", field=field) == 2**31 - 1
    with pytest.raises(parsing.BadInput, match="between"):
        parsing.parse_int(2**31, label="n", field=field)


def test_json_text_is_no_number_when_text_is_not_allowed():
    with pytest.raises(parsing.BadInput):
        parsing.parse_int("7", label="n", allow_text=False)


def test_ids_start_at_one_and_end_at_the_largest_bigint():
    assert parsing.parse_id("7", label="id") == 7
    for value in ("0", str(2**63)):
        with pytest.raises(parsing.BadInput, match="between"):
            parsing.parse_id(value, label="id")
    with pytest.raises(parsing.BadInput, match="missing"):
        parsing.parse_id(" ", label="id")


@pytest.mark.parametrize(
    "value", ["nan", "NaN", "inf", "-Infinity", "1e5", float("nan"), 10**400, "0x10"]
)
def test_floats_are_finite_decimals_within_range(value):
    with pytest.raises(parsing.BadInput):
        parsing.parse_float(value, label="x", minimum=-1e6, maximum=1e6)


def test_a_decimal_is_read():
    assert parsing.parse_float("-30.5", label="x", minimum=-90, maximum=90) == -30.5


def test_dates_are_real_and_in_range():
    assert parsing.parse_date("2026-03-01", label="d") == dt.date(2026, 3, 1)
    for value in ("2026-02-30", "0001-01-01", "２０２６-03-01", "1 March"):
        with pytest.raises(parsing.BadInput):
            parsing.parse_date(value, label="d", latest=dt.date(2030, 1, 1))


def test_json_is_refused_when_too_large_too_deep_or_not_finite():
    assert parsing.parse_json(b'{"a": [1, 2]}', max_bytes=100) == {"a": [1, 2]}
    for body, reason in [
        (b"[" * 200, "larger"),
        (b"[" * 50 + b"]" * 50, "nested"),
        (b'{"a": NaN}', "not valid JSON"),
        (b'"\\u005b[[[[[[[[[["', None),
    ]:
        if reason is None:  # brackets inside a string are no nesting
            assert parsing.parse_json(body, max_bytes=100) == "[" * 11
            continue
        with pytest.raises(parsing.BadInput, match=reason):
            parsing.parse_json(body, max_bytes=100)
