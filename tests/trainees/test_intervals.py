"""The interval arithmetic behind verified watch time, by examples and by properties."""

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trainees.intervals import (
    JITTER_SECONDS,
    TOLERANCE,
    Anchor,
    covered,
    credited_range,
    merge,
    next_anchor,
    time_spent,
)

DURATION = 600.0
MAX_RATE = 2.0


def test_overlapping_and_touching_ranges_merge():
    union = merge(merge(merge([], (0, 10)), (20, 30)), (10, 20))
    assert union == [(0, 30)]


def test_a_replayed_range_adds_nothing():
    union = merge([(0, 30)], (5, 25))
    assert covered(union) == 30


def test_a_playing_anchor_earns_the_range_played_since():
    anchor = Anchor(position=10, playing=True, rate=1, at=1000)
    assert credited_range(
        anchor, position=15, now=1005, duration=DURATION, max_rate=MAX_RATE
    ) == (10, 15)


def test_seeking_ahead_earns_only_what_wall_clock_time_allows():
    anchor = Anchor(position=10, playing=True, rate=1, at=1000)
    start, end = credited_range(
        anchor, position=500, now=1002, duration=DURATION, max_rate=MAX_RATE
    )
    assert (start, end) == (10, 10 + 2 * (1 + TOLERANCE))


def test_the_next_range_starts_where_the_player_is_when_nothing_was_cut():
    assert next_anchor((10, 15), 15) == 15
    assert next_anchor(None, 42) == 42  # paused, or a seek back: nothing credited


def test_a_range_cut_just_short_leaves_its_rest_to_the_next_heartbeat():
    assert next_anchor((10, 14.8), 15) == 14.8
    assert next_anchor((10, 15 - JITTER_SECONDS), 15) == 15 - JITTER_SECONDS


def test_a_range_cut_by_more_than_jitter_is_a_seek_whose_rest_is_never_credited():
    assert next_anchor((10, 12.2), 500) == 500
    assert next_anchor((10, 14.4), 15) == 15


def test_a_paused_anchor_earns_nothing():
    anchor = Anchor(position=10, playing=False, rate=1, at=1000)
    assert (
        credited_range(
            anchor, position=15, now=1005, duration=DURATION, max_rate=MAX_RATE
        )
        is None
    )


def test_playing_faster_than_the_maximum_rate_earns_nothing():
    anchor = Anchor(position=10, playing=True, rate=16, at=1000)
    assert (
        credited_range(
            anchor, position=90, now=1005, duration=DURATION, max_rate=MAX_RATE
        )
        is None
    )


def test_a_backward_seek_earns_nothing():
    anchor = Anchor(position=100, playing=True, rate=1, at=1000)
    assert (
        credited_range(
            anchor, position=20, now=1005, duration=DURATION, max_rate=MAX_RATE
        )
        is None
    )


def test_nothing_is_credited_past_the_end_of_the_video():
    anchor = Anchor(position=598, playing=True, rate=1, at=1000)
    assert credited_range(
        anchor, position=605, now=1010, duration=DURATION, max_rate=MAX_RATE
    ) == (598, 600)


# --- Properties ----------------------------------------------------------------------

positions = st.floats(min_value=0, max_value=DURATION, allow_nan=False)
gaps = st.floats(min_value=0, max_value=30, allow_nan=False)
beats = st.lists(
    st.tuples(
        positions,
        st.booleans(),
        st.sampled_from([0.5, 1.0, 1.25, 1.5, 2.0, 4.0, 16.0]),
        gaps,
    ),
    max_size=40,
)


def play(heartbeats, start=1000.0):
    """Credit a sequence of (position, playing, rate, seconds since previous) beats
    the way the server does; returns the union and the wall-clock time spent."""
    union, anchor, now = [], None, start
    for position, playing, rate, gap in heartbeats:
        now += gap
        credited = credited_range(
            anchor, position=position, now=now, duration=DURATION, max_rate=MAX_RATE
        )
        if credited:
            union = merge(union, credited)
        anchor = Anchor(position, playing, rate, now)
    return union, now - start


@settings(max_examples=300, deadline=None)
@given(beats)
def test_coverage_never_exceeds_the_duration(heartbeats):
    union, _ = play(heartbeats)
    assert covered(union) <= DURATION + 1e-6
    assert all(0 <= start < end <= DURATION for start, end in union)


@settings(max_examples=300, deadline=None)
@given(beats)
def test_coverage_never_exceeds_the_credited_wall_clock_time(heartbeats):
    union, wall = play(heartbeats)
    assert covered(union) <= wall * MAX_RATE * (1 + TOLERANCE) + 1e-6


@settings(max_examples=300, deadline=None)
@given(beats)
def test_the_union_stays_sorted_and_disjoint(heartbeats):
    union, _ = play(heartbeats)
    for (_, end), (start, _) in itertools.pairwise(union):
        assert end < start


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(positions, positions).map(sorted).map(tuple), min_size=1, max_size=8
    ),
    st.randoms(use_true_random=False),
)
def test_coverage_is_the_same_whatever_order_ranges_arrive_in(ranges, random):
    shuffled = list(ranges)
    random.shuffle(shuffled)
    forwards, backwards = [], []
    for item in ranges:
        forwards = merge(forwards, item)
    for item in shuffled:
        backwards = merge(backwards, item)
    assert forwards == backwards


def test_a_late_heartbeat_then_an_early_one_count_the_time_between_them():
    # 5 s covered in 5.4 s (late), then 4.95 s covered in 4.5 s (early).
    spent, balance = time_spent(5, rate=1, elapsed=5.4, balance=0, playing=True)
    assert (spent, balance) == (5, pytest.approx(0.4))
    spent, balance = time_spent(
        4.95, rate=1, elapsed=4.5, balance=balance, playing=True
    )
    assert (spent, balance) == (pytest.approx(4.9), pytest.approx(-0.05))
    spent, balance = time_spent(
        5.05, rate=1, elapsed=5.1, balance=balance, playing=True
    )
    assert (spent, balance) == (pytest.approx(5.1), pytest.approx(0))


def test_hours_are_time_spent_whatever_the_rate():
    assert time_spent(10, rate=2, elapsed=5, balance=0, playing=True) == (5, 0)


def test_the_balance_is_at_most_jitter_and_nothing_while_paused():
    assert time_spent(0, rate=1, elapsed=60, balance=0, playing=True)[1] == (
        JITTER_SECONDS
    )
    assert time_spent(0, rate=1, elapsed=60, balance=0.3, playing=False) == (0, 0)
    assert time_spent(9, rate=1, elapsed=1, balance=0, playing=True)[1] == (
        -JITTER_SECONDS
    )


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.floats(0, 30),  # elapsed wall clock
            st.floats(0, 1 + TOLERANCE),  # coverage per second of it
            st.sampled_from([1.0, 1.5, 2.0]),  # rate
            st.booleans(),  # playing
        ),
        max_size=40,
    )
)
def test_hours_never_exceed_the_wall_clock(heartbeats):
    balance, hours, wall = 0.0, 0.0, 0.0
    for elapsed, share, rate, playing in heartbeats:
        gained = elapsed * share * rate if playing else 0.0
        spent, balance = time_spent(
            gained, rate=rate, elapsed=elapsed, balance=balance, playing=playing
        )
        hours, wall = hours + spent, wall + elapsed
        assert spent >= 0
        assert abs(balance) <= JITTER_SECONDS
    assert hours <= wall + 1e-6
