"""Published results and the exhibition gallery (作品展): public, and only after
the results are published. Nothing personal beyond name and affiliation."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from competitions.models import Competition


def _published(pk: int) -> Competition:
    return get_object_or_404(Competition.objects.published(), pk=pk)


def _ranked_entries(competition: Competition):
    return (
        competition.entries.filter(result__isnull=False)
        .select_related("result", "institution")
        .prefetch_related("members__person", "awards", "photos__image")
        .order_by("result__rank", "number")
    )


def results(request: HttpRequest, pk: int) -> HttpResponse:
    competition = _published(pk)
    return TemplateResponse(
        request,
        "competitions/results.html",
        {
            "competition": competition,
            "entries": _ranked_entries(competition),
            "standardised": competition.standardiser != "none",
        },
    )


def gallery(request: HttpRequest, pk: int) -> HttpResponse:
    competition = _published(pk)
    entries = [e for e in _ranked_entries(competition) if e.photos.all()]
    return TemplateResponse(
        request,
        "competitions/gallery.html",
        {"competition": competition, "entries": entries},
    )
