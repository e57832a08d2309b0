"""Regions, institutions, and courses with their sessions."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from ninja import Field, Path, Query, Router

from api import serialize
from api.endpoints.common import (
    ID_MAX,
    READ_ERRORS,
    errors,
    listing,
    require_read,
    require_scope,
)
from api.paging import PageQuery, page
from api.schemas import CourseOut, InstitutionOut, RegionOut, page_of
from courses.models import CoursePage
from lms.models import Institution, Region

router = Router(tags=["reference"])

RegionPage = page_of(RegionOut, "RegionPage")
InstitutionPage = page_of(InstitutionOut, "InstitutionPage")
CoursePageOut = page_of(CourseOut, "CoursePageOut")


class RegionFilters(PageQuery):
    within: str | None = Field(
        None, pattern=r"^[0-9]{6}$", description="This division and those below it."
    )
    level: Region.Level | None = None


@router.get(
    "/regions",
    response={200: RegionPage, **errors(*READ_ERRORS)},
    summary="GB/T 2260 divisions",
)
def list_regions(request, filters: Query[RegionFilters]):
    """Every division (public reference data), by code; not scoped."""
    rows = Region.objects.all()
    if filters.within:
        rows = rows.within(filters.within)
    if filters.level:
        rows = rows.filter(level=filters.level)
    items, cursor = page(rows, filters, key=None)
    return listing([serialize.region(r) for r in items], cursor)


class InstitutionFilters(PageQuery):
    region: str | None = Field(None, pattern=r"^[0-9]{6}$")


@router.get("/institutions", response={200: InstitutionPage, **errors(*READ_ERRORS)})
def list_institutions(request, filters: Query[InstitutionFilters]):
    """Training institutions in the caller's scope, by id."""
    require_read(request, Institution)
    rows = Institution.objects.in_scope(request.auth)
    if filters.region:
        rows = rows.filter(region__in=Region.objects.within(filters.region))
    items, cursor = page(rows, filters, key=None)
    return listing([serialize.institution(r) for r in items], cursor)


@router.get(
    "/institutions/{institution_id}",
    response={200: InstitutionOut, **errors(*READ_ERRORS)},
)
def get_institution(request, institution_id: int = Path(..., ge=1, le=ID_MAX)):
    require_read(request, Institution)
    row = get_object_or_404(
        Institution.objects.in_scope(request.auth), pk=institution_id
    )
    return serialize.institution(row)


class CourseFilters(PageQuery):
    institution: int | None = Field(None, ge=1, le=ID_MAX)
    live: bool | None = None


def _courses(request):
    require_scope(request)
    return CoursePage.objects.in_scope(request.auth).prefetch_related("sessions")


@router.get("/courses", response={200: CoursePageOut, **errors(*READ_ERRORS)})
def list_courses(request, filters: Query[CourseFilters]):
    """Courses in the caller's scope with their scheduled sessions, in the order
    they last changed."""
    rows = _courses(request)
    if filters.institution:
        rows = rows.filter(institution_id=filters.institution)
    if filters.live is not None:
        rows = rows.filter(live=filters.live)
    items, cursor = page(rows, filters)
    return listing([serialize.course(r) for r in items], cursor)


@router.get("/courses/{course_id}", response={200: CourseOut, **errors(*READ_ERRORS)})
def get_course(request, course_id: int = Path(..., ge=1, le=ID_MAX)):
    row = get_object_or_404(_courses(request), pk=course_id)
    return serialize.course(row)
