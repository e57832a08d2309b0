"""ICH workshops with their yearly confirmations and employment, inheritors, and
competitions with their published results."""

from __future__ import annotations

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from ninja import Path, Query, Router

from api import serialize
from api.endpoints.common import ID_MAX, READ_ERRORS, errors, listing, require_read
from api.paging import PageQuery, page
from api.schemas import CompetitionOut, InheritorOut, WorkshopOut, page_of
from competitions.models import Competition, Entry
from inheritors.models import Inheritor, Workshop

router = Router(tags=["heritage"])

WorkshopPage = page_of(WorkshopOut, "WorkshopPage")
InheritorPage = page_of(InheritorOut, "InheritorPage")
CompetitionPage = page_of(CompetitionOut, "CompetitionPage")


class WorkshopFilters(PageQuery):
    state: Workshop.State | None = None


def _workshops(request):
    require_read(request, Workshop)
    return (
        Workshop.objects.in_scope(request.auth)
        .select_related("leader__person")
        .prefetch_related("confirmations", "employment")
    )


@router.get("/workshops", response={200: WorkshopPage, **errors(*READ_ERRORS)})
def list_workshops(request, filters: Query[WorkshopFilters]):
    """Workshops (非遗工坊) in the caller's scope; a yearly confirmation, its
    employment figures and a cancellation are changes of the workshop."""
    rows = _workshops(request)
    if filters.state:
        rows = rows.filter(state=filters.state)
    items, cursor = page(rows, filters)
    viewer = serialize.Viewer(request.auth)
    return listing([serialize.workshop(r, viewer) for r in items], cursor)


@router.get(
    "/workshops/{workshop_id}", response={200: WorkshopOut, **errors(*READ_ERRORS)}
)
def get_workshop(request, workshop_id: int = Path(..., ge=1, le=ID_MAX)):
    row = get_object_or_404(_workshops(request), pk=workshop_id)
    return serialize.workshop(row, serialize.Viewer(request.auth))


class InheritorFilters(PageQuery):
    status: Inheritor.Status | None = None


def _inheritors(request):
    require_read(request, Inheritor)
    return Inheritor.objects.in_scope(request.auth).select_related("person", "item")


@router.get("/inheritors", response={200: InheritorPage, **errors(*READ_ERRORS)})
def list_inheritors(request, filters: Query[InheritorFilters]):
    """Representative inheritors (代表性传承人) in the caller's scope; a cancelled
    title is a change."""
    rows = _inheritors(request)
    if filters.status:
        rows = rows.filter(status=filters.status)
    items, cursor = page(rows, filters)
    viewer = serialize.Viewer(request.auth)
    return listing([serialize.inheritor(r, viewer) for r in items], cursor)


@router.get(
    "/inheritors/{inheritor_id}", response={200: InheritorOut, **errors(*READ_ERRORS)}
)
def get_inheritor(request, inheritor_id: int = Path(..., ge=1, le=ID_MAX)):
    row = get_object_or_404(_inheritors(request), pk=inheritor_id)
    return serialize.inheritor(row, serialize.Viewer(request.auth))


class CompetitionFilters(PageQuery):
    status: Competition.Status | None = None


def _competitions(request):
    require_read(request, Competition)
    entries = Entry.objects.select_related("result").prefetch_related("awards__person")
    return Competition.objects.in_scope(request.auth).prefetch_related(
        Prefetch("entries", queryset=entries)
    )


@router.get("/competitions", response={200: CompetitionPage, **errors(*READ_ERRORS)})
def list_competitions(request, filters: Query[CompetitionFilters]):
    """Competitions in the caller's scope; results appear once published."""
    rows = _competitions(request)
    if filters.status:
        rows = rows.filter(status=filters.status)
    items, cursor = page(rows, filters)
    viewer = serialize.Viewer(request.auth)
    return listing([serialize.competition(r, viewer) for r in items], cursor)


@router.get(
    "/competitions/{competition_id}",
    response={200: CompetitionOut, **errors(*READ_ERRORS)},
)
def get_competition(request, competition_id: int = Path(..., ge=1, le=ID_MAX)):
    row = get_object_or_404(_competitions(request), pk=competition_id)
    return serialize.competition(row, serialize.Viewer(request.auth))
