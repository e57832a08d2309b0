"""The chief judge's summary (every entry × every judge, totals, ranks, missing
marks), totals on the score sheet, and the judging link shown to judges only."""

from decimal import Decimal as D

import pytest
from django.urls import reverse

from competitions.selectors import marking_summary
from competitions.services import lock_marking, submit_scores
from tests import factories
from tests.competitions.helpers import competition, enter, ready_for_judging

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel():
    """Three judges (the first is chief), two entries, the default 100-mark scheme:
    A practical 40 measured + 30 judged, B theory 30 measured."""
    contest = competition()
    judges, entries = ready_for_judging(contest, entries=[enter(contest) for _ in "ab"])
    measured, judged, theory = (
        a for c in contest.criteria.order_by("code") for a in c.aspects.all()
    )
    return {
        "contest": contest,
        "judges": judges,
        "entries": entries,
        "aspects": (measured, judged, theory),
    }


def mark(panel, entry, judgement, measured_mark, theory_mark, *, judges=None):
    measured, judged, theory = panel["aspects"]
    for judge in judges or panel["judges"]:
        submit_scores(
            judge=judge,
            entry=entry,
            judgements={judged.pk: judgement},
            measurements={measured.pk: measured_mark, theory.pk: theory_mark}
            if judge.is_chief
            else {},
        )


def summary_url(panel):
    return reverse("competitions:chief-summary", args=[panel["contest"].pk])


def test_the_summary_ranks_the_entries_by_their_totals(panel):
    weaker, stronger = panel["entries"]
    mark(panel, weaker, 1, D("20"), D("10"))  # 20 + 10 + 10 = 40
    mark(panel, stronger, 3, D("40"), D("30"))  # 40 + 30 + 30 = 100
    summary = marking_summary(panel["contest"])
    assert [(row.entry, row.total, row.rank) for row in summary.rows] == [
        (stronger, D("100.00"), 1),
        (weaker, D("40.00"), 2),
    ]
    assert summary.missing == 0


def test_each_judge_cell_holds_that_judges_own_marks(panel):
    chief, second, _third = panel["judges"]
    entry = panel["entries"][0]
    mark(panel, entry, 3, D("40"), D("30"), judges=[chief])
    mark(panel, entry, 0, None, None, judges=[second])
    row = next(r for r in marking_summary(panel["contest"]).rows if r.entry == entry)
    assert [cell.marks for cell in row.cells] == [D("100.00"), D("0.00"), D("0.00")]
    assert [cell.missing for cell in row.cells] == [0, 0, 1]
    assert row.missing == 1


def test_missing_marks_show_per_judge_and_per_entry_on_the_page(client, panel):
    chief = panel["judges"][0]
    client.force_login(chief.person.user)
    response = client.get(summary_url(panel))
    assert response.status_code == 200
    for judge in panel["judges"]:
        assert judge.person.real_name in response.text
    # 2 entries × (3 judges' judgement + 2 measurements) = 10 marks to give
    assert "10 marks are still missing" in response.text
    assert "001" in response.text and "002" in response.text


def test_only_the_chief_judge_has_the_summary(client, panel):
    client.force_login(panel["judges"][1].person.user)
    assert client.get(summary_url(panel)).status_code == 404
    client.force_login(factories.UserFactory())
    assert client.get(summary_url(panel)).status_code == 404


def test_the_chief_page_links_to_the_summary(client, panel):
    client.force_login(panel["judges"][0].person.user)
    page = client.get(reverse("competitions:chief", args=[panel["contest"].pk]))
    assert summary_url(panel) in page.text


def test_the_score_sheet_shows_the_judges_own_total_while_marking(client, panel):
    entry = panel["entries"][0]
    chief = panel["judges"][0]
    mark(panel, entry, 3, D("36"), D("30"), judges=[chief])
    client.force_login(chief.person.user)
    url = reverse("competitions:score-sheet", args=[panel["contest"].pk, entry.pk])
    response = client.get(url)
    assert "Total of your marks" in response.text
    assert "96.00" in response.text


def test_the_score_sheet_shows_the_entrys_total_after_the_lock(client, panel):
    for entry in panel["entries"]:
        mark(panel, entry, 3, D("36"), D("30"))
    lock_marking(chief=panel["judges"][0])
    client.force_login(panel["judges"][2].person.user)
    entry = panel["entries"][0]
    url = reverse("competitions:score-sheet", args=[panel["contest"].pk, entry.pk])
    response = client.get(url)
    assert "<strong>96.00</strong>" in response.text
    assert ">3.00<" in response.text  # a 0–3 score with the total's two decimals


def test_the_judging_link_shows_only_to_judges(client, panel):
    client.force_login(factories.UserFactory())
    judging = reverse("competitions:judging-home")
    assert judging not in client.get(reverse("competitions:list")).text
    client.force_login(panel["judges"][1].person.user)
    assert judging in client.get(reverse("competitions:list")).text
