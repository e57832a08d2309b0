import mimetypes

from django.db import connection
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponsePermanentRedirect,
    JsonResponse,
)
from django.templatetags.static import static
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import never_cache
from wagtail.images import get_image_model

RENDITIONS = "images/"


def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """Browsers ask every site for /favicon.ico: the site's icon, by its static
    URL (hashed in production, so looked up when asked, after collectstatic)."""
    return HttpResponsePermanentRedirect(static("lms/favicon.ico"))


@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """For the load balancer: the process is up and reaches its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def public_image(request: HttpRequest, name: str) -> FileResponse:
    """A rendition of a Wagtail image (the pictures of course and workshop pages),
    public like the pages that show it, in every mode. Only a file recorded as a
    rendition is served: certificates, evidence archives, practical photos and
    video originals, kept in the same storage, go through views that check
    access (on S3, renditions are read from the bucket by signed URL instead)."""
    rendition = (
        get_image_model()
        .get_rendition_model()
        .objects.filter(file=RENDITIONS + name)
        .first()
    )
    if rendition is None:
        raise Http404
    storage = rendition.file.storage
    if not storage.exists(rendition.file.name):
        raise Http404
    response = FileResponse(
        storage.open(rendition.file.name, "rb"),
        content_type=mimetypes.guess_type(name)[0] or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, public=True, max_age=86400)
    return response
