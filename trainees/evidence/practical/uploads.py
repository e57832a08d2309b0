"""Checks on what a trainee uploads as evidence of practical work: photos must be
real images of a sensible size, a video must be one the media pipeline can read."""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from media import resumable
from media import services as media_services

PHOTO_UPLOAD = "practical-photo"  # purposes of resumable uploads (media.resumable)
VIDEO_UPLOAD = "practical-video"
PHOTO_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
# What Pillow raises on files that are not pictures, truncated or crafted.
PILLOW_ERRORS = (
    UnidentifiedImageError,
    Image.DecompressionBombError,
    OSError,
    SyntaxError,
    ValueError,
    struct.error,
)


def max_photo_bytes() -> int:
    return getattr(settings, "PRACTICAL_MAX_PHOTO_BYTES", 10 * 1024**2)


def max_photos() -> int:
    return getattr(settings, "PRACTICAL_MAX_PHOTOS", 9)


def max_video_bytes() -> int:
    return getattr(settings, "PRACTICAL_MAX_VIDEO_BYTES", 200 * 1024**2)


def max_video_seconds() -> int:
    return getattr(settings, "PRACTICAL_MAX_VIDEO_SECONDS", 300)


@dataclass(frozen=True)
class CheckedPhoto:
    file: File
    width: int
    height: int
    extension: str


def _too_large(name: str, size: int, limit: int, kind: str) -> ValidationError:
    return ValidationError(
        _("%(name)s is %(size)s; a %(kind)s may be at most %(limit)s.")
        % {
            "name": name,
            "size": filesizeformat(size),
            "kind": kind,
            "limit": filesizeformat(limit),
        },
        code="too_large",
    )


def check_photo(file: File) -> CheckedPhoto:
    """Refuse an empty, oversized or non-image file; the type is read from the
    content with Pillow, never from the name or the browser's claim."""
    name = Path(file.name or "photo").name
    if not file.size:
        raise ValidationError(_("%(name)s is empty.") % {"name": name}, code="empty")
    if file.size > max_photo_bytes():
        raise _too_large(name, file.size, max_photo_bytes(), _("photo"))
    not_an_image = ValidationError(
        _("%(name)s is not a photo. Upload JPEG, PNG or WebP pictures.")
        % {"name": name},
        code="not_an_image",
    )
    try:
        file.seek(0)
        with Image.open(file) as image:
            kind, (width, height) = image.format, image.size
            image.verify()  # reads the whole file: a truncated picture fails here
    except PILLOW_ERRORS:
        raise not_an_image from None
    finally:
        file.seek(0)
    if kind not in PHOTO_FORMATS:
        raise not_an_image
    return CheckedPhoto(file, width, height, PHOTO_FORMATS[kind])


def check_video(file: File) -> None:
    """Refuse a video that is too large, too long, or that the media pipeline
    cannot read, with the pipeline's own words; nothing is stored."""
    name = Path(file.name or "video").name
    if not file.size:
        raise ValidationError(_("%(name)s is empty.") % {"name": name}, code="empty")
    if file.size > max_video_bytes():
        raise _too_large(name, file.size, max_video_bytes(), _("video"))
    probe = media_services.probe_upload(file)
    if probe.duration and probe.duration > max_video_seconds():
        raise ValidationError(
            _("The video lasts %(length)d seconds; keep it under %(limit)d seconds.")
            % {"length": probe.duration, "limit": max_video_seconds()},
            code="too_long",
        )


def _check_received(check):
    """A check of a file in hand, as the check of a complete resumable upload."""

    def check_path(path: Path, filename: str) -> None:
        with open(path, "rb") as handle:
            check(File(handle, name=filename))

    return check_path


def _signed_in(user) -> bool:
    return user.is_authenticated


def register_upload_purposes() -> None:
    """Trainees may send photos and a video ahead of the hand-in form, in chunks;
    whether they may hand in at all is decided when the form is sent."""
    resumable.register_purpose(
        resumable.Purpose(
            name=PHOTO_UPLOAD,
            max_bytes=max_photo_bytes,
            may_send=_signed_in,
            check=_check_received(check_photo),
        )
    )
    resumable.register_purpose(
        resumable.Purpose(
            name=VIDEO_UPLOAD,
            max_bytes=max_video_bytes,
            may_send=_signed_in,
            check=_check_received(check_video),
        )
    )
