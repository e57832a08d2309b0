"""The house's formatting of figures: hours without a needless .0, shares that never
round up to 100 %, durations in words, and days in the reader's date format."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import translation

from lms.templatetags.jiangxin_format import day, duration, hours, share_of


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
