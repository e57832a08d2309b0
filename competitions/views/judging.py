"""The judges' pages (评分): phone-first, one entry at a time.

A judge reaches only the competitions they are on and never an entry they have a
conflict with (404, whether loading or posting). Until the chief judge locks
marking a judge sees only their own marks.
"""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from competitions.conflicts import conflicts_of_interest, markable_entries
from competitions.forms import ScoreSheetForm
from competitions.models import (
    Aspect,
    Competition,
    JudgeAssignment,
    JudgementScore,
    Measurement,
)
from competitions.rules.marks import judgement_mark, measurement_mark, to_marks
from competitions.selectors import marking_summary
from competitions.services import (
    lock_marking,
    missing_marks,
    review_spread,
    spread_flags,
    submit_scores,
)
from competitions.services.judging import judge_for, scheme_aspects
from competitions.services.results import standings

MARKING = (Competition.Status.JUDGING, Competition.Status.PUBLISHED)


def _judge(request: HttpRequest, pk: int) -> JudgeAssignment:
    competition = get_object_or_404(Competition, pk=pk, status__in=MARKING)
    judge = judge_for(request.user, competition)
    if judge is None:
        raise Http404
    return judge


@login_required
def judging_home(request: HttpRequest) -> HttpResponse:
    """The competitions this user judges."""
    panels = (
        JudgeAssignment.objects.filter(person__user=request.user)
        .select_related("competition")
        .order_by("-competition__starts_on")
    )
    return TemplateResponse(
        request, "competitions/judging_home.html", {"panels": panels}
    )


@never_cache
@login_required
def judging(request: HttpRequest, pk: int) -> HttpResponse:
    """The entries this judge marks, with how many of their own marks are in."""
    judge = _judge(request, pk)
    competition = judge.competition
    mine = [m for m in missing_marks(competition) if m.judge in (judge, None)]
    open_items = {}
    for item in mine:
        open_items[item.entry.pk] = open_items.get(item.entry.pk, 0) + 1
    entries = [(e, open_items.get(e.pk, 0)) for e in markable_entries(judge)]
    return TemplateResponse(
        request,
        "competitions/judging.html",
        {"judge": judge, "competition": competition, "entries": entries},
    )


@never_cache
@login_required
def score_sheet(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    judge = _judge(request, pk)
    competition = judge.competition
    entry = get_object_or_404(
        competition.entries.registered().prefetch_related("members__person"),
        pk=entry_pk,
    )
    if conflicts_of_interest(judge, entry):
        raise Http404  # an excluded judge learns nothing about the entry
    aspects = scheme_aspects(competition)
    measured = {m.aspect_id: m for m in entry.measurements.all()}
    own_scores = {
        s.aspect_id: s.score
        for s in JudgementScore.objects.filter(entry=entry, judge=judge)
    }
    taken = set()
    if not judge.is_chief:
        taken = {a for a, m in measured.items() if m.judge_id != judge.pk}
    initial = {f"aspect_{a}": score for a, score in own_scores.items()}
    initial.update(
        {f"aspect_{a}": m.mark for a, m in measured.items() if a not in taken}
    )
    form = ScoreSheetForm(
        request.POST or None, initial=initial, aspects=aspects, locked_aspects=taken
    )
    if request.method == "POST" and form.is_valid():
        judgements, measurements = form.marks()
        try:
            submit_scores(
                judge=judge,
                entry=entry,
                judgements=judgements,
                measurements=measurements,
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your marks are saved."))
            return redirect("competitions:judging", pk=competition.pk)
    context = {
        "judge": judge,
        "competition": competition,
        "entry": entry,
        "form": form,
        "taken": taken,
    }
    if competition.marking_locked:
        context["all_scores"] = JudgementScore.objects.filter(
            entry=entry
        ).select_related("judge__person", "aspect")
        context["measurements"] = measured.values()
        context["total"] = next(
            s.total for s in standings(competition) if s.entry_id == entry.pk
        )
    else:
        context["own_total"] = _own_total(judge, aspects, own_scores, measured)
    return TemplateResponse(request, "competitions/score_sheet.html", context)


def _own_total(
    judge: JudgeAssignment,
    aspects: list[Aspect],
    own_scores: dict[int, int],
    measured: dict[int, Measurement],
) -> Decimal:
    """The marks this judge's saved scores and measurements give the entry."""
    total = 0
    for aspect in aspects:
        if aspect.pk in own_scores:
            total += judgement_mark(aspect.max_mark, [own_scores[aspect.pk]])
        elif aspect.pk in measured and measured[aspect.pk].judge_id == judge.pk:
            total += measurement_mark(aspect.max_mark, measured[aspect.pk].mark)
    return to_marks(total)


def _flagged(competition: Competition, data) -> tuple:
    """The entry and aspect a review form names, or 404."""
    for flag in spread_flags(competition):
        if (str(flag.entry.pk), str(flag.aspect.pk)) == (
            data.get("entry"),
            data.get("aspect"),
        ):
            return flag.entry, flag.aspect
    raise Http404


@never_cache
@login_required
def chief(request: HttpRequest, pk: int) -> HttpResponse:
    """The chief judge's page: marks still missing, flagged spreads to review, and
    the lock."""
    judge = _judge(request, pk)
    if not judge.is_chief:
        raise Http404
    competition = judge.competition
    if request.method == "POST":
        try:
            if request.POST.get("action") == "lock":
                lock_marking(chief=judge)
                messages.success(request, _("Marking is locked."))
            else:
                entry, aspect = _flagged(competition, request.POST)
                note = request.POST.get("note", "")
                review_spread(chief=judge, entry=entry, aspect=aspect, note=note)
                messages.success(request, _("The review is recorded."))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        return redirect("competitions:chief", pk=competition.pk)
    missing = missing_marks(competition) if not competition.marking_locked else []
    by_judge = {}
    for item in missing:
        name = item.judge.person.real_name if item.judge else _("any judge")
        by_judge[name] = by_judge.get(name, 0) + 1
    return TemplateResponse(
        request,
        "competitions/chief.html",
        {
            "judge": judge,
            "competition": competition,
            "missing": sorted(by_judge.items()),
            "flags": spread_flags(competition)
            if not competition.marking_locked
            else [],
        },
    )


@never_cache
@login_required
def chief_summary(request: HttpRequest, pk: int) -> HttpResponse:
    """The chief judge's summary: every entry against every judge, each judge's
    marks, the marks still missing, the entries' totals and their ranking."""
    judge = _judge(request, pk)
    if not judge.is_chief:
        raise Http404
    return TemplateResponse(
        request,
        "competitions/chief_summary.html",
        {
            "judge": judge,
            "competition": judge.competition,
            "summary": marking_summary(judge.competition),
        },
    )
