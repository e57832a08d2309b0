"""Public views beside the workshop pages."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache

from inheritors.models import WorkshopPage
from media import playback


@never_cache
def workshop_video(request: HttpRequest, page_id: int) -> HttpResponse:
    """The HLS master playlist of a qualified workshop's public video: anyone may
    watch, but only through links that expire."""
    page = get_object_or_404(
        WorkshopPage.objects.live().public().select_related("workshop", "video"),
        pk=page_id,
    )
    if not page.workshop.is_qualified or page.video is None or not page.video.is_ready:
        raise Http404
    return HttpResponse(
        playback.master_playlist(page.video, request=request),
        content_type="application/vnd.apple.mpegurl",
    )
