"""The judges' pages: only the panel gets in, an excluded judge can neither load
nor post an entry, scores stay private until the lock, nothing changes after."""

import re
from decimal import Decimal as D

import pytest
from django.urls import reverse

from competitions.models import JudgementScore, Measurement
from competitions.services import lock_marking, submit_scores
from tests import factories
from tests.competitions.helpers import competition, enter, judge, ready_for_judging

pytestmark = pytest.mark.django_db


@pytest.fixture
def marking():
    contest = competition()
    school = factories.institution("510104")
    entries = [enter(contest, institution=school), enter(contest)]
    panel, entries = ready_for_judging(contest, entries=entries)
    colleague = judge(contest, institution=school)  # excluded from entry 1
    measured, judged, theory = (
        a for c in contest.criteria.order_by("code") for a in c.aspects.all()
    )
    return {
        "contest": contest,
        "entries": entries,
        "panel": panel,
        "colleague": colleague,
        "aspects": (measured, judged, theory),
    }


def sheet_url(contest, entry):
    return reverse("competitions:score-sheet", args=[contest.pk, entry.pk])


def login(client, judge_assignment):
    client.force_login(judge_assignment.person.user)


def test_a_judge_sees_the_entries_they_mark(client, marking):
    login(client, marking["colleague"])
    response = client.get(reverse("competitions:judging", args=[marking["contest"].pk]))
    assert response.status_code == 200
    first, second = marking["entries"]
    assert sheet_url(marking["contest"], second) in response.text
    assert sheet_url(marking["contest"], first) not in response.text


def test_an_excluded_judge_cannot_load_the_entry(client, marking):
    login(client, marking["colleague"])
    url = sheet_url(marking["contest"], marking["entries"][0])
    assert client.get(url).status_code == 404


def test_an_excluded_judge_cannot_post_a_score(client, marking):
    login(client, marking["colleague"])
    _measured, judged, _theory = marking["aspects"]
    url = sheet_url(marking["contest"], marking["entries"][0])
    response = client.post(url, {f"aspect_{judged.pk}": "3"})
    assert response.status_code == 404
    assert not JudgementScore.objects.exists()


def test_someone_off_the_panel_gets_nothing(client, marking):
    client.force_login(factories.UserFactory())
    contest = marking["contest"]
    assert (
        client.get(reverse("competitions:judging", args=[contest.pk])).status_code
        == 404
    )
    assert client.get(sheet_url(contest, marking["entries"][1])).status_code == 404


def test_the_judging_pages_need_a_login(client, marking):
    response = client.get(sheet_url(marking["contest"], marking["entries"][1]))
    assert response.status_code == 302
    assert reverse("account_login") in response.url


def test_a_judge_saves_marks_from_the_phone_page(client, marking):
    judge_ = marking["panel"][1]
    login(client, judge_)
    measured, judged, _theory = marking["aspects"]
    entry = marking["entries"][1]
    response = client.post(
        sheet_url(marking["contest"], entry),
        {f"aspect_{judged.pk}": "2", f"aspect_{measured.pk}": "31.5"},
    )
    assert response.status_code == 302
    assert JudgementScore.objects.get(judge=judge_, entry=entry).score == 2
    assert Measurement.objects.get(entry=entry).mark == D("31.5")


def test_a_mark_above_the_maximum_is_refused_and_the_form_keeps_the_input(
    client, marking
):
    login(client, marking["panel"][1])
    measured, judged, _theory = marking["aspects"]
    response = client.post(
        sheet_url(marking["contest"], marking["entries"][1]),
        {f"aspect_{judged.pk}": "2", f"aspect_{measured.pk}": "41"},
    )
    assert response.status_code == 200
    assert 'value="41"' in response.text
    assert not JudgementScore.objects.exists() and not Measurement.objects.exists()


def test_a_judge_sees_only_their_own_scores_before_the_lock(client, marking):
    first, second = marking["panel"][1], marking["panel"][2]
    _measured, judged, _theory = marking["aspects"]
    entry = marking["entries"][1]
    submit_scores(judge=first, entry=entry, judgements={judged.pk: 1}, measurements={})
    checked = re.compile(r'value="\d"[^>]*checked')
    login(client, second)
    response = client.get(sheet_url(marking["contest"], entry))
    assert not checked.search(response.text)
    assert first.person.real_name not in response.text
    login(client, first)
    response = client.get(sheet_url(marking["contest"], entry))
    assert checked.search(response.text).group().startswith('value="1"')


def test_a_measurement_by_another_judge_is_shown_without_its_value(client, marking):
    _measured, _judged, theory = marking["aspects"]
    entry = marking["entries"][1]
    submit_scores(
        judge=marking["panel"][1],
        entry=entry,
        judgements={},
        measurements={theory.pk: D("27.25")},
    )
    login(client, marking["panel"][2])
    response = client.get(sheet_url(marking["contest"], entry))
    assert "27.25" not in response.text
    assert "Recorded by another judge" in response.text or "其他裁判" in response.text


def complete(marking):
    measured, judged, theory = marking["aspects"]
    contest = marking["contest"]
    for entry in marking["entries"]:
        for judge_ in [*marking["panel"], marking["colleague"]]:
            from competitions.conflicts import conflicts_of_interest

            if conflicts_of_interest(judge_, entry):
                continue
            submit_scores(
                judge=judge_,
                entry=entry,
                judgements={judged.pk: 2},
                measurements={measured.pk: D("30"), theory.pk: D("20")}
                if judge_.is_chief
                else {},
            )
    return contest


def test_after_the_lock_every_judge_sees_all_marks(client, marking):
    complete(marking)
    lock_marking(chief=marking["panel"][0])
    login(client, marking["panel"][2])
    response = client.get(sheet_url(marking["contest"], marking["entries"][1]))
    assert marking["panel"][1].person.real_name in response.text
    assert "30.00" in response.text


def test_no_mark_can_be_posted_after_the_lock(client, marking):
    complete(marking)
    lock_marking(chief=marking["panel"][0])
    login(client, marking["panel"][1])
    _measured, judged, _theory = marking["aspects"]
    entry = marking["entries"][1]
    client.post(sheet_url(marking["contest"], entry), {f"aspect_{judged.pk}": "3"})
    assert JudgementScore.objects.get(judge=marking["panel"][1], entry=entry).score == 2


def test_the_chief_judge_locks_from_the_chief_page(client, marking):
    complete(marking)
    chief = marking["panel"][0]
    login(client, chief)
    url = reverse("competitions:chief", args=[marking["contest"].pk])
    assert client.get(url).status_code == 200
    client.post(url, {"action": "lock"})
    marking["contest"].refresh_from_db()
    assert marking["contest"].marking_locked


def test_the_lock_is_refused_with_reasons_while_marks_are_missing(client, marking):
    login(client, marking["panel"][0])
    url = reverse("competitions:chief", args=[marking["contest"].pk])
    response = client.post(url, {"action": "lock"}, follow=True)
    assert "missing" in response.text or "缺" in response.text
    marking["contest"].refresh_from_db()
    assert not marking["contest"].marking_locked


def test_a_judge_who_is_not_chief_has_no_chief_page(client, marking):
    login(client, marking["panel"][1])
    url = reverse("competitions:chief", args=[marking["contest"].pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "lock"}).status_code == 404
