"""The pure rules, against hand-computed examples: marks, standardisation,
ranking with tie-breakers, and the two award rules."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from competitions.choices import AwardKind, SkillLevel
from competitions.rules.awards import NationalRule, PercentageRule
from competitions.rules.marks import (
    judgement_mark,
    measurement_mark,
    spread,
    to_marks,
)
from competitions.rules.ranking import Ranked, Standing, rank
from competitions.rules.standardisation import RawMarks, WorldSkillsScale


def test_a_judgement_mark_is_the_maximum_times_the_average_over_three():
    # 6 × (2 + 3 + 3) / 9 = 5.333…
    assert to_marks(judgement_mark(D("6"), [2, 3, 3])) == D("5.33")
    assert judgement_mark(D("9"), [3, 3, 3]) == 9
    assert judgement_mark(D("9"), [0, 0, 0]) == 0
    # one judge excluded: 4 × (1 + 2) / 6 = 2
    assert judgement_mark(D("4"), [1, 2]) == 2


def test_a_judgement_score_outside_0_to_3_is_refused():
    with pytest.raises(ValueError):
        judgement_mark(D("5"), [1, 4, 2])


def test_a_measurement_is_awarded_in_full_in_part_or_not():
    assert measurement_mark(D("2.5"), D("2.5")) == D("2.5")
    assert measurement_mark(D("2.5"), D("1.25")) == D("1.25")
    assert measurement_mark(D("2.5"), D("0")) == 0


def test_a_measurement_above_its_maximum_is_refused():
    with pytest.raises(ValueError):
        measurement_mark(D("2.5"), D("2.51"))


def test_rounding_happens_once_on_the_total_not_per_aspect():
    # three aspects of 1 mark scored (1, 1, 2): each 4/9 = 0.444…, rounded 0.44 each
    # would total 1.32; the exact total 12/9 = 1.333… rounds to 1.33.
    total = sum(judgement_mark(D("1"), [1, 1, 2]) for _ in range(3))
    assert to_marks(total) == D("1.33")


def test_spread_is_the_distance_between_the_extreme_scores():
    assert spread([1, 3, 2]) == 2
    assert spread([2]) == 0


def test_raw_marks_change_nothing():
    assert RawMarks().standardise([D("81.5"), D("70")]) == [D("81.50"), D("70.00")]


def test_worldskills_scale_puts_the_median_at_700():
    # median 80, deviations 10 10 0 5 20 → MAD 10; 30 points per 14.826 marks
    totals = [D("70"), D("90"), D("80"), D("85"), D("60")]
    scaled = WorldSkillsScale().standardise(totals)
    assert scaled[2] == D("700.00")
    # 700 + 30 × 10 / 14.826 = 720.23
    assert scaled[1] == D("720.23")
    assert scaled[0] == D("679.77")
    # 700 − 30 × 20 / 14.826 = 659.53
    assert scaled[4] == D("659.53")


def test_worldskills_scale_keeps_the_order():
    totals = [D(x) for x in ("55", "91", "67.5", "67.5", "80", "12")]
    scaled = WorldSkillsScale().standardise(totals)
    pairs = sorted(zip(totals, scaled, strict=True))
    assert [s for _, s in pairs] == sorted(scaled)


def test_worldskills_scale_with_no_spread_gives_everyone_700():
    assert (
        WorldSkillsScale().standardise([D("50"), D("80"), D("80"), D("80")])
        == [D("700.00")] * 4
    )


def test_worldskills_scale_stays_within_0_and_1000():
    totals = [D("50"), D("50.1"), D("50.2"), D("99"), D("0")]
    scaled = WorldSkillsScale().standardise(totals)
    assert max(scaled) == D("1000.00") and min(scaled) == D("0.00")


def standing(entry_id, total, practical="0", theory="0", minutes=None):
    time = dt.timedelta(minutes=minutes) if minutes is not None else None
    return Standing(entry_id, D(total), D(practical), D(theory), time)


def test_equal_totals_share_a_rank_without_tie_breakers():
    ranked = rank([standing(1, "80"), standing(2, "90"), standing(3, "80")], [])
    assert [(r.entry_id, r.rank) for r in ranked] == [(2, 1), (1, 2), (3, 2)]


def test_a_shorter_completion_time_breaks_a_tie():
    ranked = rank(
        [standing(1, "80", minutes=95), standing(2, "80", minutes=90)],
        ["shorter_time"],
    )
    assert [(r.entry_id, r.rank) for r in ranked] == [(2, 1), (1, 2)]


def test_tie_breakers_apply_in_their_configured_order():
    a = standing(1, "80", practical="50", minutes=90)
    b = standing(2, "80", practical="60", minutes=90)
    c = standing(3, "80", practical="70", minutes=100)
    ranked = rank([a, b, c], ["shorter_time", "practical"])
    assert [r.entry_id for r in ranked] == [2, 1, 3]
    ranked = rank([a, b, c], ["practical", "shorter_time"])
    assert [r.entry_id for r in ranked] == [3, 2, 1]


def test_a_missing_completion_time_loses_the_tie():
    ranked = rank([standing(1, "80"), standing(2, "80", minutes=200)], ["shorter_time"])
    assert [(r.entry_id, r.rank) for r in ranked] == [(2, 1), (1, 2)]


def test_entries_equal_after_every_tie_breaker_share_a_rank():
    ranked = rank(
        [standing(1, "80", "40", "40", 90), standing(2, "80", "40", "40", 90)],
        ["shorter_time", "practical", "theory"],
    )
    assert [r.rank for r in ranked] == [1, 1]


def placed(*ranks):
    return [Ranked(Standing(n, D(0)), r) for n, r in enumerate(ranks, start=1)]


def test_national_rule_with_ten_entrants():
    awards = NationalRule().awards(placed(*range(1, 11)))
    assert awards[1] == [AwardKind.GOLD, AwardKind.TECHNICAL_EXPERT]
    assert awards[2] == [AwardKind.SILVER, AwardKind.TECHNICAL_EXPERT]
    assert awards[3] == [AwardKind.BRONZE, AwardKind.TECHNICAL_EXPERT]
    # 优胜奖 to ranks 4 and 5 (top half of 10); both also in the top 5
    assert awards[4] == [AwardKind.EXCELLENCE, AwardKind.TECHNICAL_EXPERT]
    assert awards[5] == [AwardKind.EXCELLENCE, AwardKind.TECHNICAL_EXPERT]
    assert 6 not in awards


def test_national_rule_with_nine_entrants_stops_excellence_at_rank_four():
    awards = NationalRule().awards(placed(*range(1, 10)))
    assert awards[4] == [AwardKind.EXCELLENCE, AwardKind.TECHNICAL_EXPERT]
    assert awards[5] == [AwardKind.TECHNICAL_EXPERT]  # 5 > 9 / 2


def test_national_rule_for_pairs_names_three_technical_experts():
    awards = NationalRule().awards(placed(*range(1, 11)), team_size=2)
    assert AwardKind.TECHNICAL_EXPERT in awards[3]
    assert awards[4] == [AwardKind.EXCELLENCE]


def test_national_rule_refuses_a_tied_medal_rank():
    with pytest.raises(ValidationError) as error:
        NationalRule().awards(placed(1, 2, 2, 4, 5, 6))
    assert error.value.code == "tied_rank"


def test_national_rule_refuses_a_tie_for_the_fifth_technical_expert():
    # Ten entrants: 技术能手 and 优胜奖 both end at 5th; a tie there would name six.
    with pytest.raises(ValidationError) as error:
        NationalRule().awards(placed(1, 2, 3, 4, 5, 5, 7, 8, 9, 10))
    assert error.value.code == "tied_rank"
    assert "tied for rank 5" in error.value.messages[0]


def test_national_rule_refuses_a_tie_at_the_last_excellence_place():
    # Twenty entrants: 优胜奖 to rank 10; two entries tied at 10th would make eleven.
    with pytest.raises(ValidationError, match="tied for rank 10"):
        NationalRule().awards(placed(*range(1, 10), 10, 10, *range(12, 21)))


def test_national_rule_accepts_a_tie_below_the_award_places():
    awards = NationalRule().awards(placed(1, 2, 3, 4, 5, 6, 7, 7, 9, 10))
    assert awards[5] == [AwardKind.EXCELLENCE, AwardKind.TECHNICAL_EXPERT]
    assert 7 not in awards and 8 not in awards


@pytest.mark.parametrize(
    ("level", "promoted"),
    [
        (SkillLevel.NONE, SkillLevel.LEVEL_2),
        (SkillLevel.LEVEL_3, SkillLevel.LEVEL_2),
        (SkillLevel.LEVEL_2, SkillLevel.LEVEL_1),
        (SkillLevel.LEVEL_1, None),
    ],
)
def test_national_promotion_goes_to_technician_or_senior_technician(level, promoted):
    assert NationalRule().promotion([AwardKind.EXCELLENCE], level) == promoted


def test_technical_expert_alone_earns_no_promotion():
    rule = NationalRule()
    assert rule.promotion([AwardKind.TECHNICAL_EXPERT], SkillLevel.LEVEL_3) is None


def test_percentage_rule_with_25_entrants_rounds_quotas_down():
    # cumulative caps: 10 % → 2, 30 % → 7, 60 % → 15
    awards = PercentageRule().awards(placed(*range(1, 26)))
    kinds = [awards.get(n, [None])[0] for n in range(1, 26)]
    assert kinds.count(AwardKind.FIRST_PRIZE) == 2
    assert kinds.count(AwardKind.SECOND_PRIZE) == 5
    assert kinds.count(AwardKind.THIRD_PRIZE) == 8
    assert kinds[15:] == [None] * 10


def test_percentage_rule_never_splits_a_tie_or_exceeds_a_quota():
    # 20 entrants: caps 2, 6, 12; entries 2 and 3 tie at rank 2 across the first cap
    awards = PercentageRule().awards(placed(1, 2, 2, *range(4, 21)))
    assert awards[1] == [AwardKind.FIRST_PRIZE]
    assert awards[2] == awards[3] == [AwardKind.SECOND_PRIZE]


def test_percentage_rule_gives_no_first_prize_below_ten_entrants():
    awards = PercentageRule().awards(placed(*range(1, 10)))
    # 9 entrants: caps 0, 2, 5
    assert [awards.get(n, [None])[0] for n in range(1, 7)] == [
        AwardKind.SECOND_PRIZE,
        AwardKind.SECOND_PRIZE,
        AwardKind.THIRD_PRIZE,
        AwardKind.THIRD_PRIZE,
        AwardKind.THIRD_PRIZE,
        None,
    ]
