"""Results from locked marks, against hand-computed totals: ranking, tie-breakers,
standardisation, awards, promotions, and publication."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from competitions.choices import AwardKind, SkillLevel
from competitions.models import (
    Award,
    Competition,
    CompetitionTieBreaker,
    Entry,
    Promotion,
    Result,
)
from competitions.services import (
    compute_results,
    lock_marking,
    publish_results,
    review_spread,
    spread_flags,
    submit_scores,
    withdraw_entry,
)
from tests.competitions.helpers import competition, enter, person, ready_for_judging

pytestmark = pytest.mark.django_db


def mark(contest, panel, entry, *, practical_m, scores, theory_m):
    """The chief records both measurements; each judge gives one judgement score."""
    measured, judged, theory = (
        a for c in contest.criteria.order_by("code") for a in c.aspects.all()
    )
    for member, score in zip(panel, scores, strict=True):
        measurements = {}
        if member.is_chief:
            measurements = {measured.pk: D(practical_m), theory.pk: D(theory_m)}
        submit_scores(
            judge=member,
            entry=entry,
            judgements={judged.pk: score},
            measurements=measurements,
        )


def lock(contest, panel):
    for flag in spread_flags(contest):
        review_spread(chief=panel[0], entry=flag.entry, aspect=flag.aspect, note="维持")
    lock_marking(chief=panel[0])


@pytest.fixture
def three_entries():
    contest = competition(award_rule="national")
    people = [
        person("王芳", born=dt.date(1985, 3, 1)),
        person("李娜", born=dt.date(1990, 3, 1)),
        person("赵敏", born=dt.date(1995, 3, 1)),
    ]
    entries = [
        enter(contest, people[0], skill_level=SkillLevel.LEVEL_2),
        enter(contest, people[1], skill_level=SkillLevel.LEVEL_3),
        enter(contest, people[2]),
    ]
    panel, entries = ready_for_judging(contest, entries=entries)
    # A practical: measurement 40 + judgement 30; B theory: measurement 30
    # 1: 36 + 30 × (2+3+3)/9 = 26.667 + 25 = 87.67 (practical 62.67)
    mark(contest, panel, entries[0], practical_m="36", scores=(2, 3, 3), theory_m="25")
    # 2: 40 + 30 × 6/9 = 20 + 27.5 = 87.50
    mark(
        contest, panel, entries[1], practical_m="40", scores=(2, 2, 2), theory_m="27.5"
    )
    # 3: 30 + 30 × (1+1+2)/9 = 13.333 + 20 = 63.33
    mark(contest, panel, entries[2], practical_m="30", scores=(1, 1, 2), theory_m="20")
    lock(contest, panel)
    return contest, entries


def test_totals_and_ranks_match_the_hand_computed_marks(three_entries):
    contest, entries = three_entries
    compute_results(competition=contest, by=None)
    rows = {r.entry_id: r for r in Result.objects.all()}
    assert [rows[e.pk].total for e in entries] == [D("87.67"), D("87.50"), D("63.33")]
    assert rows[entries[0].pk].practical == D("62.67")
    assert rows[entries[0].pk].theory == D("25.00")
    assert [rows[e.pk].rank for e in entries] == [1, 2, 3]


def test_the_national_rule_gives_medals_and_promotions(three_entries):
    contest, entries = three_entries
    compute_results(competition=contest, by=None)
    kinds = {
        e.pk: set(Award.objects.filter(entry=e).values_list("kind", flat=True))
        for e in entries
    }
    assert kinds[entries[0].pk] == {AwardKind.GOLD, AwardKind.TECHNICAL_EXPERT}
    assert kinds[entries[2].pk] == {AwardKind.BRONZE, AwardKind.TECHNICAL_EXPERT}
    promoted = dict(Promotion.objects.values_list("person__real_name", "to_level"))
    # 技师 → 高级技师; 高级工 → 技师; no level → 技师
    assert promoted == {"王芳": "1", "李娜": "2", "赵敏": "2"}


def test_standardisation_is_stored_beside_the_raw_total(three_entries):
    contest, entries = three_entries
    Competition.objects.filter(pk=contest.pk).update(standardiser="worldskills")
    compute_results(competition=contest, by=None)
    # median 87.50; MAD = median(0.17, 0, 24.17) = 0.17
    # 700 + 30 × 0.17 / (1.4826 × 0.17) = 720.23; the third falls to the floor, 0
    scaled = [Result.objects.get(entry=e).standardised for e in entries]
    assert scaled == [D("720.23"), D("700.00"), D("0.00")]


def test_results_need_locked_marking():
    contest = competition()
    panel, _entries = ready_for_judging(contest)
    with pytest.raises(ValidationError):
        compute_results(competition=contest, by=None)
    assert not Result.objects.exists()


def test_a_withdrawn_entry_gets_no_result(three_entries):
    contest, entries = three_entries
    Competition.objects.filter(pk=contest.pk).update(award_rule="percentage")
    Entry.objects.filter(pk=entries[2].pk).update(status=Entry.Status.WITHDRAWN)
    compute_results(competition=contest, by=None)
    assert set(Result.objects.values_list("entry_id", flat=True)) == {
        entries[0].pk,
        entries[1].pk,
    }


def test_withdrawing_after_the_lock_is_refused(three_entries):
    _contest, entries = three_entries
    with pytest.raises(ValidationError):
        withdraw_entry(entry=entries[0], by=None)


@pytest.fixture
def tied():
    contest = competition(award_rule="percentage")
    panel, entries = ready_for_judging(contest)
    a, b = entries
    # a: 35 + 30 + 20 = 85 (practical 65, theory 20)
    mark(contest, panel, a, practical_m="35", scores=(3, 3, 3), theory_m="20")
    # b: 40 + 20 + 25 = 85 (practical 60, theory 25)
    mark(contest, panel, b, practical_m="40", scores=(2, 2, 2), theory_m="25")
    Entry.objects.filter(pk=a.pk).update(completion_time=dt.timedelta(minutes=100))
    Entry.objects.filter(pk=b.pk).update(completion_time=dt.timedelta(minutes=95))
    lock(contest, panel)
    return contest, a, b


def ranks(*entries):
    return [Result.objects.get(entry=e).rank for e in entries]


def test_without_tie_breakers_equal_totals_share_the_rank(tied):
    contest, a, b = tied
    compute_results(competition=contest, by=None)
    assert ranks(a, b) == [1, 1]


@pytest.mark.parametrize(
    ("rules", "expected"),
    [
        (["shorter_time"], [2, 1]),
        (["practical"], [1, 2]),
        (["theory", "practical"], [2, 1]),
    ],
)
def test_configured_tie_breakers_decide(tied, rules, expected):
    contest, a, b = tied
    for order, rule in enumerate(rules):
        CompetitionTieBreaker.objects.create(
            competition=contest, rule=rule, sort_order=order
        )
    compute_results(competition=contest, by=None)
    assert ranks(a, b) == expected


def test_the_national_rule_refuses_a_tie_for_gold(tied):
    contest, _a, _b = tied
    Competition.objects.filter(pk=contest.pk).update(award_rule="national")
    with pytest.raises(ValidationError) as error:
        compute_results(competition=contest, by=None)
    assert "tied for rank 1" in " ".join(error.value.messages)
    assert not Result.objects.exists()


def test_publishing_opens_the_results_and_fixes_them(three_entries):
    contest, _entries = three_entries
    publish_results(competition=contest, by=None)
    contest.refresh_from_db()
    assert contest.status == Competition.Status.PUBLISHED
    assert contest.results_published_at is not None
    assert Result.objects.count() == 3
    with pytest.raises(ValidationError):
        compute_results(competition=contest, by=None)
