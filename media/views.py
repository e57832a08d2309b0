"""Playback endpoints behind signed tokens (variant playlists, segments, poster),
the JSON of resumable uploads, and the staff's admin views: the video view set and
the chooser for lesson pages."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lms import parsing
from media import playback, resumable
from media.models import Upload, VideoAsset, VideoRendition
from media.storage import content_type
from media.viewsets import VideoAssetViewSet, video_chooser_viewset

__all__ = [
    "VideoAssetViewSet",
    "key",
    "key_response",
    "poster",
    "segment",
    "variant",
    "video_chooser_viewset",
]

SEGMENT_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}\.ts")


def _forbidden() -> HttpResponse:
    return HttpResponse(
        _("This link has expired or is not valid. Reload the lesson page."),
        status=403,
        content_type="text/plain; charset=utf-8",
    )


def _private(response: HttpResponse, seconds: int = 0) -> HttpResponse:
    response["Cache-Control"] = f"private, max-age={seconds}" if seconds else "no-store"
    return response


@require_GET
def variant(request: HttpRequest, asset_id: int, name: str) -> HttpResponse:
    """A variant playlist whose segment URIs are short-lived, for a valid token."""
    token, keys = request.GET.get("token", ""), request.GET.get("keys", "")
    if not playback.variant_token_is_valid(
        token, asset_id=asset_id, name=name, keys=keys
    ):
        return _forbidden()
    rendition = get_object_or_404(
        VideoRendition.objects.select_related("asset"),
        asset_id=asset_id,
        name=name,
        asset__status=VideoAsset.Status.READY,
    )
    return _private(
        HttpResponse(
            playback.variant_playlist(rendition, key_base=keys),
            content_type=content_type("index.m3u8"),
        )
    )


@require_GET
def segment(request: HttpRequest, asset_id: int, name: str, segment: str):
    """One media segment from local storage, for a valid segment token."""
    token = request.GET.get("token", "")
    if not SEGMENT_NAME.fullmatch(segment):
        raise Http404
    if not playback.token_is_valid(
        token, salt=playback.SEGMENT, asset_id=asset_id, name=name
    ):
        return _forbidden()
    playlist = (
        VideoRendition.objects.filter(asset_id=asset_id, name=name)
        .values_list("playlist", flat=True)
        .first()
    )
    if playlist is None:
        raise Http404
    path = f"{playlist.rsplit('/', 1)[0]}/{segment}"
    return _stream(path, seconds=playback.url_seconds())


@require_GET
def key(request: HttpRequest, asset_id: int, window: int) -> HttpResponse:
    """A window's key for a key URI of a playlist served without a playback session
    (staff preview, public pages): it plays, and credits no watch time."""
    asset = VideoAsset.objects.filter(pk=asset_id, status=VideoAsset.Status.READY)
    asset = asset.first()
    if asset is None:
        raise Http404
    found = playback.window_key(
        asset, window=window, path=request.path, token=request.GET.get("token", "")
    )
    if found is None:
        return _forbidden()
    return key_response(found)


def key_response(key_bytes: bytes) -> HttpResponse:
    """The 16 bytes of a key, never cached by anyone on the way."""
    return _private(HttpResponse(key_bytes, content_type="application/octet-stream"))


@require_GET
def poster(request: HttpRequest, asset_id: int) -> HttpResponse:
    token = request.GET.get("token", "")
    if not playback.token_is_valid(
        token, salt=playback.POSTER, asset_id=asset_id, name="poster"
    ):
        return _forbidden()
    name = (
        VideoAsset.objects.filter(pk=asset_id).values_list("poster", flat=True).first()
    )
    if not name:
        raise Http404
    return _stream(name, seconds=playback.url_seconds())


def _stream(name: str, *, seconds: int) -> FileResponse:
    try:
        handle = default_storage.open(name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=content_type(name))
    return _private(response, seconds)


# Resumable uploads (media.resumable): JSON for the browser's uploader.js.


def _json_error(message: str, status: int = 400, **extra) -> JsonResponse:
    return JsonResponse({"error": message, **extra}, status=status)


def _upload_state(upload: Upload) -> dict:
    return {
        "id": str(upload.pk),
        "offset": resumable.received_bytes(upload),
        "size": upload.size,
        "chunk": resumable.chunk_bytes(),
        "multipart": upload.is_multipart,
        "complete": upload.status != Upload.Status.RECEIVING,
    }


def _signed_in(view):
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return _json_error(_("Sign in again, then retry the upload."), 403)
        try:
            return view(request, *args, **kwargs)
        except Upload.DoesNotExist:
            return _json_error(_("This upload does not exist (any more)."), 404)
        except ValidationError as error:
            return _json_error(" ".join(error.messages), 400, code=error.code)

    return never_cache(wrapped)


@require_POST
@_signed_in
def start_upload(request: HttpRequest) -> HttpResponse:
    """Open an upload: ``purpose``, ``filename`` and ``size`` as form fields."""
    size = parsing.parse_int(
        request.POST.get("size"), label=_("Size"), maximum=parsing.BIGINT_MAX
    )
    upload = resumable.start_upload(
        user=request.user,
        purpose=request.POST.get("purpose", ""),
        filename=request.POST.get("filename", ""),
        size=size,
    )
    return JsonResponse(_upload_state(upload), status=201)


@require_http_methods(["GET", "PUT", "DELETE"])
@_signed_in
def upload_chunk(request: HttpRequest, upload_id) -> HttpResponse:
    """GET: where to go on from; PUT: one chunk at ``Upload-Offset`` with its
    ``Upload-Checksum`` (``crc32 <hex>``); DELETE: give the upload up."""
    upload = resumable.own_upload(user=request.user, upload_id=upload_id)
    if request.method == "DELETE":
        resumable.discard_upload(upload=upload)
        return HttpResponse(status=204)
    if request.method == "PUT":
        offset = parsing.parse_int(
            request.headers.get("Upload-Offset"),
            label="Upload-Offset",
            maximum=parsing.BIGINT_MAX,
        )
        length = parsing.parse_int(
            request.headers.get("Content-Length"),
            label="Content-Length",
            maximum=parsing.BIGINT_MAX,
        )
        try:
            upload = resumable.receive_chunk(
                upload=upload,
                offset=offset,
                length=length,
                stream=request,
                checksum=request.headers.get("Upload-Checksum", ""),
            )
        except resumable.OffsetMismatch as mismatch:
            return _json_error(
                _("This chunk is not the next one; go on from the offset given."),
                409,
                offset=mismatch.offset,
            )
    return JsonResponse(_upload_state(upload))


@require_POST
@_signed_in
def presign_part(request: HttpRequest, upload_id, number: int) -> HttpResponse:
    """A presigned URL to PUT one part straight to the bucket."""
    upload = resumable.own_upload(user=request.user, upload_id=upload_id)
    size = parsing.parse_int(
        request.POST.get("size"), label=_("Size"), maximum=parsing.BIGINT_MAX
    )
    url = resumable.presign_part(upload=upload, number=number, size=size)
    return JsonResponse({"url": url})


@require_POST
@_signed_in
def complete_upload(request: HttpRequest, upload_id) -> HttpResponse:
    """Close an upload and check it; a refused file is gone, with the reason."""
    upload = resumable.own_upload(user=request.user, upload_id=upload_id)
    upload = resumable.complete_upload(upload=upload)
    return JsonResponse(_upload_state(upload))
