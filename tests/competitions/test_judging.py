"""Marking: conflicts of interest, scores, spread flags, and the lock."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from competitions.conflicts import conflicts_of_interest, markable_entries
from competitions.models import DeclaredRelation, JudgementScore, Measurement
from competitions.services import (
    lock_marking,
    missing_marks,
    review_spread,
    spread_flags,
    start_judging,
    submit_scores,
)
from tests import factories
from tests.competitions.helpers import (
    competition,
    enter,
    judge,
    person,
    ready_for_judging,
    scheme,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def contest():
    contest = competition()
    scheme(contest)
    return contest


def aspects_of(contest):
    measured, judged, theory = (
        a for c in contest.criteria.order_by("code") for a in c.aspects.all()
    )
    return measured, judged, theory


def test_a_judge_from_the_entrys_institution_is_excluded(contest):
    school = factories.institution("510104")
    entry = enter(contest, institution=school)
    colleague = judge(contest, institution=school)
    assert conflicts_of_interest(colleague, entry)
    assert entry not in markable_entries(colleague)


def test_a_judge_from_the_competitors_workshop_is_excluded(contest):
    import datetime as dt

    from inheritors.models import WorkshopEmployee

    embroiderer = person("王绣娘")
    entry = enter(contest, embroiderer)
    master = judge(contest, name="刘师傅")
    shop = factories.workshop(name="红砂村蜀绣工坊")
    WorkshopEmployee.objects.create(
        workshop=shop, person=embroiderer, started_on=dt.date(2024, 3, 1)
    )
    assert conflicts_of_interest(master, entry) == []
    shop.leader.person = master.person
    shop.leader.save()
    master = type(master).objects.get(pk=master.pk)
    reasons = conflicts_of_interest(master, entry)
    assert reasons and "红砂村蜀绣工坊" in reasons[0]
    assert entry not in markable_entries(master)


def test_a_declared_relation_excludes_the_judge(contest):
    niece = person("李小花")
    entry = enter(contest, niece)
    aunt = judge(contest)
    DeclaredRelation.objects.create(judge=aunt, person=niece, reason="姑侄")
    reasons = conflicts_of_interest(aunt, entry)
    assert reasons and "李小花" in reasons[0] and "姑侄" in reasons[0]


def test_a_judge_without_conflicts_marks_every_entry(contest):
    entries = [enter(contest), enter(contest)]
    assert markable_entries(judge(contest)) == entries


def test_an_excluded_judge_cannot_post_a_score(contest):
    school = factories.institution("510104")
    entry = enter(contest, institution=school)
    panel, _ = ready_for_judging(contest, entries=[entry, enter(contest)])
    colleague = judge(contest, institution=school)
    measured, judged, _theory = aspects_of(contest)
    with pytest.raises(PermissionDenied):
        submit_scores(
            judge=colleague,
            entry=entry,
            judgements={judged.pk: 3},
            measurements={measured.pk: D("40")},
        )
    assert not JudgementScore.objects.exists() and not Measurement.objects.exists()


def test_a_declared_relation_after_scoring_stops_the_scores_counting(contest):
    panel, (entry, other) = ready_for_judging(contest, judges=2)
    _measured, judged, _theory = aspects_of(contest)
    submit_scores(
        judge=panel[1], entry=entry, judgements={judged.pk: 3}, measurements={}
    )
    assert not [
        m for m in missing_marks(contest) if m.judge == panel[1] and m.entry == entry
    ]
    DeclaredRelation.objects.create(
        judge=panel[1], person=entry.members.get().person, reason="师徒"
    )
    from competitions.services.judging import counted_scores

    _entries, scores, _marks = counted_scores(contest)
    assert (entry.pk, judged.pk) not in scores


def test_a_bad_mark_loses_the_whole_sheet_with_reasons(contest):
    panel, (entry, _other) = ready_for_judging(contest)
    measured, judged, theory = aspects_of(contest)
    with pytest.raises(ValidationError) as error:
        submit_scores(
            judge=panel[0],
            entry=entry,
            judgements={judged.pk: 4},
            measurements={measured.pk: D("20"), theory.pk: D("31")},
        )
    assert len(error.value.messages) == 2
    assert not Measurement.objects.exists()


def test_a_judgement_score_cannot_be_given_to_a_measurement_aspect(contest):
    panel, (entry, _other) = ready_for_judging(contest)
    measured, _judged, _theory = aspects_of(contest)
    with pytest.raises(ValidationError):
        submit_scores(
            judge=panel[0], entry=entry, judgements={measured.pk: 2}, measurements={}
        )


def test_a_judge_may_change_their_score_before_the_lock(contest):
    panel, (entry, _other) = ready_for_judging(contest)
    _measured, judged, _theory = aspects_of(contest)
    for score in (1, 2):
        submit_scores(
            judge=panel[1], entry=entry, judgements={judged.pk: score}, measurements={}
        )
    assert JudgementScore.objects.get(judge=panel[1]).score == 2


def test_a_measurement_recorded_by_one_judge_is_not_overwritten_by_another(contest):
    panel, (entry, _other) = ready_for_judging(contest)
    measured, _judged, _theory = aspects_of(contest)
    submit_scores(
        judge=panel[1], entry=entry, judgements={}, measurements={measured.pk: D("30")}
    )
    with pytest.raises(ValidationError):
        submit_scores(
            judge=panel[2],
            entry=entry,
            judgements={},
            measurements={measured.pk: D("10")},
        )
    submit_scores(
        judge=panel[0], entry=entry, judgements={}, measurements={measured.pk: D("35")}
    )
    assert Measurement.objects.get().mark == D("35")  # the chief judge corrects it


def test_scores_further_apart_than_allowed_are_flagged(contest):
    panel, (entry, _other) = ready_for_judging(contest)
    _measured, judged, _theory = aspects_of(contest)
    for member, score in zip(panel, (1, 2, 3), strict=True):
        submit_scores(
            judge=member, entry=entry, judgements={judged.pk: score}, measurements={}
        )
    (flag,) = spread_flags(contest)
    assert (flag.entry, flag.aspect, flag.spread, flag.review) == (
        entry,
        judged,
        2,
        None,
    )


def test_scores_within_the_allowed_spread_are_not_flagged(contest):
    panel, (entry, _other) = ready_for_judging(contest)
    _measured, judged, _theory = aspects_of(contest)
    for member, score in zip(panel, (2, 3, 3), strict=True):
        submit_scores(
            judge=member, entry=entry, judgements={judged.pk: score}, measurements={}
        )
    assert spread_flags(contest) == []


def test_a_review_lapses_when_a_flagged_score_changes(contest):
    panel, (entry, _other) = ready_for_judging(contest)
    _measured, judged, _theory = aspects_of(contest)
    for member, score in zip(panel, (1, 3, 3), strict=True):
        submit_scores(
            judge=member, entry=entry, judgements={judged.pk: score}, measurements={}
        )
    review_spread(chief=panel[0], entry=entry, aspect=judged, note="讨论后维持")
    assert spread_flags(contest)[0].review is not None
    submit_scores(
        judge=panel[1], entry=entry, judgements={judged.pk: 0}, measurements={}
    )
    assert spread_flags(contest)[0].review is None


def test_only_the_chief_judge_reviews_and_locks(contest):
    panel, (entry, _other) = ready_for_judging(contest)
    _measured, judged, _theory = aspects_of(contest)
    with pytest.raises(PermissionDenied):
        review_spread(chief=panel[1], entry=entry, aspect=judged, note="x")
    with pytest.raises(PermissionDenied):
        lock_marking(chief=panel[1])


def full_marks(contest, panel, entries, scores=(2, 2, 2)):
    measured, judged, theory = aspects_of(contest)
    for entry in entries:
        for n, member in enumerate(panel):
            submit_scores(
                judge=member,
                entry=entry,
                judgements={judged.pk: scores[n]},
                measurements={measured.pk: D("30"), theory.pk: D("20")}
                if n == 0
                else {},
            )


def test_marking_cannot_be_locked_while_marks_are_missing(contest):
    panel, entries = ready_for_judging(contest)
    full_marks(contest, panel, entries[:1])
    with pytest.raises(ValidationError) as error:
        lock_marking(chief=panel[0])
    # the second entry: 2 measurements, and 1 judgement aspect × 3 judges
    assert "5 marks are still missing" in " ".join(error.value.messages)


def test_marking_cannot_be_locked_with_an_unreviewed_flag(contest):
    panel, entries = ready_for_judging(contest)
    full_marks(contest, panel, entries, scores=(0, 2, 3))
    with pytest.raises(ValidationError) as error:
        lock_marking(chief=panel[0])
    assert "not reviewed" in " ".join(error.value.messages)
    _measured, judged, _theory = aspects_of(contest)
    for entry in entries:
        review_spread(chief=panel[0], entry=entry, aspect=judged, note="已讨论")
    assert lock_marking(chief=panel[0]).marking_locked


def test_no_score_changes_after_locking(contest):
    panel, entries = ready_for_judging(contest)
    full_marks(contest, panel, entries)
    lock_marking(chief=panel[0])
    measured, judged, _theory = aspects_of(contest)
    with pytest.raises(ValidationError) as error:
        submit_scores(
            judge=panel[1], entry=entries[0], judgements={judged.pk: 3}, measurements={}
        )
    assert "locked" in " ".join(error.value.messages)
    with pytest.raises(ValidationError):
        submit_scores(
            judge=panel[0],
            entry=entries[0],
            judgements={},
            measurements={measured.pk: D("1")},
        )
    assert set(JudgementScore.objects.values_list("score", flat=True)) == {2}
    assert set(Measurement.objects.values_list("mark", flat=True)) == {D("30"), D("20")}


def test_marking_cannot_be_locked_twice(contest):
    panel, entries = ready_for_judging(contest)
    full_marks(contest, panel, entries)
    lock_marking(chief=panel[0])
    with pytest.raises(ValidationError):
        lock_marking(chief=panel[0])


def test_judging_cannot_start_without_an_approved_scheme_and_a_chief():
    contest = competition(status="closed")
    with pytest.raises(ValidationError) as error:
        start_judging(competition=contest, by=None)
    messages = " ".join(error.value.messages)
    assert "not approved" in messages and "No judges" in messages
    assert "Nobody has entered" in messages


def test_judging_cannot_start_if_every_judge_is_excluded_from_an_entry(contest):
    from competitions.services import approve_marking_scheme, close_registration

    school = factories.institution("510104")
    enter(contest, institution=school)
    judge(contest, chief=True, institution=school)
    approve_marking_scheme(competition=contest, by=None)
    close_registration(competition=contest, by=None)
    with pytest.raises(ValidationError) as error:
        start_judging(competition=contest, by=None)
    assert "conflict with entries 1" in " ".join(error.value.messages)


def test_an_entry_every_judge_has_since_declared_a_conflict_with_blocks_the_lock(
    contest,
):
    panel, entries = ready_for_judging(contest, judges=1)
    full_marks(contest, panel, entries, scores=(2,))
    DeclaredRelation.objects.create(
        judge=panel[0], person=entries[0].members.get().person, reason="表亲"
    )
    with pytest.raises(ValidationError) as error:
        lock_marking(chief=panel[0])
    assert "missing" in " ".join(error.value.messages)
