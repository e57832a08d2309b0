"""Uploads that survive a dropped connection (续传): the browser sends a file in
chunks, each at the offset the server holds, with a CRC-32 per chunk, and asks
where to go on after a failure. Locally the chunks are appended to a partial file
under RESUMABLE_UPLOAD_DIR (never held in memory); with an S3 bucket they go
straight to it as the parts of a multipart upload, through presigned part URLs.

Completing an upload checks its size and, by content, its type (the purpose's
check); a refused file is deleted with its row, so nothing half-made remains. A
complete upload is then used once, by the form it was sent for.
"""

from __future__ import annotations

import logging
import tempfile
import uuid
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from botocore.exceptions import ClientError
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from lms.models import User
from media import storage
from media.models import Upload

logger = logging.getLogger(__name__)

READ_BYTES = 256 * 1024
# S3 takes parts of at least 5 MiB but the last; every chunk but the last is this big.
CHUNK_BYTES = 5 * 1024 * 1024
MAX_PARTS = 10_000


@dataclass(frozen=True)
class Purpose:
    """What an upload is for: who may send one, how large, and the check by content
    that a complete file must pass (raising ValidationError with the reason)."""

    name: str
    max_bytes: Callable[[], int]
    may_send: Callable[[User], bool]
    check: Callable[[Path, str], None]


PURPOSES: dict[str, Purpose] = {}


def register_purpose(purpose: Purpose) -> None:
    """Apps declare the uploads their forms take (in ``AppConfig.ready``)."""
    PURPOSES[purpose.name] = purpose


class OffsetMismatch(Exception):
    """A chunk sent for another offset than the one the server holds (out of order,
    or sent twice): the client goes on from ``offset``."""

    def __init__(self, offset: int):
        super().__init__(offset)
        self.offset = offset


def chunk_bytes() -> int:
    return getattr(settings, "RESUMABLE_CHUNK_BYTES", CHUNK_BYTES)


def partial_dir() -> Path:
    path = Path(
        getattr(settings, "RESUMABLE_UPLOAD_DIR", Path(settings.VAR_DIR) / "uploads")
    )
    path.mkdir(parents=True, exist_ok=True)
    return path


def partial_path(upload: Upload) -> Path:
    return partial_dir() / f"{upload.pk}.part"


def s3_target():
    """(boto3 client, bucket) of the default storage when it is an S3 bucket."""
    bucket = getattr(default_storage, "bucket_name", None)
    if not bucket:
        return None
    return default_storage.connection.meta.client, bucket


def _bucket_key(name: str) -> str:
    return default_storage._normalize_name(name)


def _purpose(name: str) -> Purpose:
    try:
        return PURPOSES[name]
    except KeyError:
        raise ValidationError(_("Unknown kind of upload."), code="purpose") from None


@transaction.atomic
def start_upload(*, user: User, purpose: str, filename: str, size: int) -> Upload:
    """Open an upload of ``size`` bytes; a file over the purpose's limit is refused
    here, before a byte is sent."""
    kind = _purpose(purpose)
    if not kind.may_send(user):
        raise ValidationError(_("You may not upload files here."), code="forbidden")
    name = get_valid_filename(Path(filename or "").name)[-120:] or "upload"
    if size <= 0:
        raise ValidationError(_("%(name)s is empty.") % {"name": name}, code="empty")
    if size > kind.max_bytes():
        raise ValidationError(
            _("%(name)s is %(size)s; it may be at most %(limit)s.")
            % {
                "name": name,
                "size": filesizeformat(size),
                "limit": filesizeformat(kind.max_bytes()),
            },
            code="too_large",
        )
    upload = Upload(owner=user, purpose=purpose, filename=name, size=size)
    target = s3_target()
    if target is not None:
        client, bucket = target
        upload.key = f"uploads/{upload.pk.hex}/{name}"
        created = client.create_multipart_upload(
            Bucket=bucket,
            Key=_bucket_key(upload.key),
            ContentType=storage.content_type(name),
            # Private, as every object is; said outright because some S3-compatible
            # servers give an object assembled from parts no ACL at all.
            ACL="private",
        )
        upload.multipart_id = created["UploadId"]
    else:
        partial_path(upload).touch()
    upload.save()
    return upload


def own_upload(*, user: User, upload_id: uuid.UUID | str) -> Upload:
    """The user's upload of that id; anyone else's is as if it did not exist."""
    return Upload.objects.of(user).get(pk=upload_id)


def _listed_parts(upload: Upload) -> list[dict]:
    client, bucket = s3_target()
    parts, marker = [], 0
    while True:
        page = client.list_parts(
            Bucket=bucket,
            Key=_bucket_key(upload.key),
            UploadId=upload.multipart_id,
            PartNumberMarker=marker,
        )
        parts += page.get("Parts", [])
        if not page.get("IsTruncated"):
            return parts
        marker = page["NextPartNumberMarker"]


def _contiguous(parts: list[dict]) -> list[dict]:
    """The parts from 1 on without a gap, each of full size but the last."""
    kept = []
    for expected, part in enumerate(sorted(parts, key=lambda p: p["PartNumber"]), 1):
        if part["PartNumber"] != expected:
            break
        kept.append(part)
        if part["Size"] != chunk_bytes():
            break
    return kept


def received_bytes(upload: Upload) -> int:
    """Where the client goes on from: bytes held locally, or the contiguous parts
    already in the bucket (S3 knows them; the browser's word is not needed)."""
    if upload.is_multipart and upload.status == Upload.Status.RECEIVING:
        return sum(part["Size"] for part in _contiguous(_listed_parts(upload)))
    return upload.received


def _checksum(value: str) -> int:
    """A chunk's checksum as sent: ``crc32 <8 hex digits>``."""
    algorithm, _space, digits = (value or "").strip().partition(" ")
    if algorithm.lower() != "crc32" or len(digits) != 8:
        raise ValidationError(
            _("Each chunk needs its CRC-32 checksum."), code="checksum_missing"
        )
    try:
        return int(digits, 16)
    except ValueError:
        raise ValidationError(
            _("Each chunk needs its CRC-32 checksum."), code="checksum_missing"
        ) from None


@transaction.atomic
def receive_chunk(
    *, upload: Upload, offset: int, length: int, stream, checksum: str
) -> Upload:
    """Append one chunk read from ``stream`` at ``offset``. A chunk for another
    offset raises OffsetMismatch; a wrong checksum or a chunk past the declared
    size is refused and what was held before is kept, byte for byte."""
    upload = Upload.objects.select_for_update().get(pk=upload.pk)
    if upload.is_multipart or upload.status != Upload.Status.RECEIVING:
        raise ValidationError(_("This upload takes no more chunks."), code="closed")
    expected = _checksum(checksum)
    if offset != upload.received:
        raise OffsetMismatch(upload.received)
    if length <= 0 or length > chunk_bytes() or offset + length > upload.size:
        raise ValidationError(
            _("The chunk does not fit the file: the upload is %(size)d bytes long.")
            % {"size": upload.size},
            code="chunk_size",
        )
    path = partial_path(upload)
    crc, written = 0, 0
    with open(path, "r+b") as handle:
        handle.seek(offset)
        while written < length:
            data = stream.read(min(READ_BYTES, length - written))
            if not data:
                break
            crc = zlib.crc32(data, crc)
            handle.write(data)
            written += len(data)
        if written != length or crc != expected:
            handle.truncate(offset)  # keep only what was right before this chunk
            if written != length:
                raise ValidationError(
                    _("The chunk arrived incomplete. Send it again."), code="short"
                )
            raise ValidationError(
                _("The chunk arrived damaged (its checksum differs). Send it again."),
                code="checksum",
            )
        handle.truncate(offset + length)
    upload.received = offset + length
    upload.save(update_fields=["received", "updated_at"])
    return upload


def presign_part(*, upload: Upload, number: int, size: int) -> str:
    """A short-lived URL for the browser to PUT part ``number`` (of ``size`` bytes,
    signed: a part of another length is refused by the bucket)."""
    if not upload.is_multipart or upload.status != Upload.Status.RECEIVING:
        raise ValidationError(_("This upload takes no more chunks."), code="closed")
    parts = -(-upload.size // chunk_bytes())
    expected = min(chunk_bytes(), upload.size - (number - 1) * chunk_bytes())
    if not 1 <= number <= min(parts, MAX_PARTS) or size != expected:
        raise ValidationError(
            _("The chunk does not fit the file: the upload is %(size)d bytes long.")
            % {"size": upload.size},
            code="chunk_size",
        )
    client, bucket = s3_target()
    return client.generate_presigned_url(
        "upload_part",
        Params={
            "Bucket": bucket,
            "Key": _bucket_key(upload.key),
            "UploadId": upload.multipart_id,
            "PartNumber": number,
            "ContentLength": size,
        },
        ExpiresIn=3600,
    )


@contextmanager
def local_copy(upload: Upload) -> Iterator[Path]:
    """The received file on this machine's disk: the partial file itself, or a
    copy of the bucket's object in a temporary folder, streamed."""
    if not upload.key:
        yield partial_path(upload)
        return
    with tempfile.TemporaryDirectory(prefix="jiangxin-upload-") as scratch:
        yield storage.download(default_storage, upload.key, Path(scratch))


def complete_upload(*, upload: Upload) -> Upload:
    """Close an upload whose bytes have all arrived, then check it by content.

    A file of the wrong size or type is deleted with its upload and the reason is
    raised as ValidationError; a good one waits, complete, for its form."""
    kind = _purpose(upload.purpose)
    if upload.status != Upload.Status.RECEIVING:
        return upload
    if upload.is_multipart:
        _complete_multipart(upload)
    elif upload.received != upload.size:
        raise ValidationError(
            _("Only %(received)s of %(size)s have arrived; send the rest first.")
            % {
                "received": filesizeformat(upload.received),
                "size": filesizeformat(upload.size),
            },
            code="incomplete",
        )
    try:
        with local_copy(upload) as path:
            if path.stat().st_size != upload.size:
                raise ValidationError(
                    _(
                        "The file that arrived is not of the size announced. "
                        "Upload it again."
                    ),
                    code="size",
                )
            kind.check(path, upload.filename)
    except ValidationError:
        discard_upload(upload=upload)
        raise
    Upload.objects.filter(pk=upload.pk).update(
        status=Upload.Status.COMPLETE, received=upload.size, updated_at=timezone.now()
    )
    upload.refresh_from_db()
    return upload


def _complete_multipart(upload: Upload) -> None:
    parts = _listed_parts(upload)
    kept = _contiguous(parts)
    if len(kept) != len(parts) or sum(p["Size"] for p in kept) != upload.size:
        raise ValidationError(
            _("Only %(received)s of %(size)s have arrived; send the rest first.")
            % {
                "received": filesizeformat(sum(p["Size"] for p in kept)),
                "size": filesizeformat(upload.size),
            },
            code="incomplete",
        )
    client, bucket = s3_target()
    client.complete_multipart_upload(
        Bucket=bucket,
        Key=_bucket_key(upload.key),
        UploadId=upload.multipart_id,
        MultipartUpload={
            "Parts": [{"PartNumber": p["PartNumber"], "ETag": p["ETag"]} for p in kept]
        },
    )
    Upload.objects.filter(pk=upload.pk).update(multipart_id="", received=upload.size)
    upload.multipart_id, upload.received = "", upload.size


def take_upload(
    *, user: User, upload_id: uuid.UUID | str, purpose: str, lock: bool = True
) -> Upload:
    """A complete upload of the user, for that purpose, locked until the caller's
    transaction ends (so it is used once); ValidationError if there is none."""
    uploads = Upload.objects.of(user)
    if lock:
        uploads = uploads.select_for_update()
    try:
        return uploads.get(pk=upload_id, purpose=purpose, status=Upload.Status.COMPLETE)
    except (Upload.DoesNotExist, ValidationError, ValueError):
        raise ValidationError(
            _("The uploaded file was not found or is already used. Choose it again."),
            code="upload_missing",
        ) from None


def mark_used(*, upload: Upload, keep_stored: bool) -> None:
    """The form took the file: forget the partial file (and the bucket's object
    unless ``keep_stored``, when a record now points at it) once committed."""
    Upload.objects.filter(pk=upload.pk).update(status=Upload.Status.USED)
    path, key = partial_path(upload), upload.key

    def remove() -> None:
        path.unlink(missing_ok=True)
        if key and not keep_stored:
            default_storage.delete(key)

    transaction.on_commit(remove)


def discard_upload(*, upload: Upload) -> None:
    """Delete an upload, its partial file, its parts or its object."""
    target = s3_target()
    if upload.is_multipart and target is not None:
        client, bucket = target
        try:
            client.abort_multipart_upload(
                Bucket=bucket, Key=_bucket_key(upload.key), UploadId=upload.multipart_id
            )
        except ClientError:  # already gone: nothing to free
            logger.warning("could not abort multipart upload %s", upload.pk)
    elif upload.key and upload.status != Upload.Status.USED:
        default_storage.delete(upload.key)
    partial_path(upload).unlink(missing_ok=True)
    Upload.objects.filter(pk=upload.pk).delete()


def discard_stale_uploads(*, older_than) -> int:
    """Uploads left unfinished or unused (a closed tab, a form never sent) stop
    taking disk space; returns how many were discarded."""
    stale = Upload.objects.filter(updated_at__lt=timezone.now() - older_than)
    count = 0
    for upload in stale.exclude(status=Upload.Status.USED):
        discard_upload(upload=upload)
        count += 1
    stale.filter(status=Upload.Status.USED).delete()
    return count
