"""The house's formatting of figures: hours without a needless .0, shares that never
round up to 100 %, durations in words, and days in the reader's date format."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import translation

from lms.templatetags.jiangxin_format import (
    day,
    duration,
    figure,
    hours,
    moment,
    nobreak,
    percent,
    score,
    share_of,
)


def test_whole_hours_have_no_decimal_point():
    assert hours(16 * 3600) == "16"
    assert hours(5400) == "1.5"
    assert hours(None) == "—"


def test_small_amounts_of_hours_do_not_round_down_to_nothing_visible():
    assert hours(180) == "0.1"  # 3 minutes: half up, not 0
    assert hours(60) == "< 0.1"
    assert hours(0) == "0"


def test_a_share_short_of_the_whole_never_reads_100():
    assert share_of(599.4, 600) == "99%"
    assert share_of(600, 600) == "100%"
    assert share_of(700, 600) == "100%"
    assert share_of(5, 0) == "—"


def test_durations_read_in_hours_and_minutes():
    assert duration(3900) == "1 h 5 min"
    assert duration(750) == "12 min 30 s"
    assert duration(40) == "40 s"


def test_days_are_in_the_readers_format_and_local_time():
    late_utc = dt.datetime(2026, 12, 3, 17, 30, tzinfo=ZoneInfo("UTC"))
    with translation.override("zh-hans"):
        assert day(dt.date(2026, 12, 4)) == "2026年12月4日"
        assert day(late_utc) == "2026年12月4日"  # 01:30 on the 4th in Shanghai
    with translation.override("en"):
        assert day(dt.date(2026, 12, 4)) == "Dec. 4, 2026"


def test_moments_are_absolute_and_in_local_time():
    late_utc = dt.datetime(2026, 12, 3, 17, 30, tzinfo=ZoneInfo("UTC"))
    with translation.override("zh-hans"):
        assert moment(late_utc) == "2026年12月4日 01:30"
        assert moment(dt.date(2026, 12, 4)) == "2026年12月4日"
    assert moment(None) == "—"


def test_scores_always_have_two_decimals():
    assert score(3) == "3.00"
    assert score(Decimal("36")) == "36.00"
    assert score(Decimal("12.345")) == "12.35"
    assert score(None) == "—"


def test_quantities_have_no_needless_decimal_point():
    assert figure(Decimal("16.0")) == "16"
    assert figure(1.5) == "1.5"


def test_a_percentage_has_no_space_before_its_sign():
    assert percent(90) == "90%"
    assert percent(Decimal("99.60")) == "99%"  # never up to a mark it did not reach
    assert percent(Decimal("100.00")) == "100%"


def test_figures_do_not_break_across_lines():
    assert nobreak("课时进度：90 %") == "课时进度：90\u00a0%"
    assert nobreak("16 学时 · 3 min") == "16\u00a0学时 · 3\u00a0min"
    assert nobreak("进度：{percent} %") == "进度：{percent}\u00a0%"
