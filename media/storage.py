"""Files of video assets through Django's storage API: local files under ``var/`` by
default, a private S3 bucket when one is configured (lms.env.storages)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from django.core.files import File
from django.core.files.storage import Storage, default_storage

# Set by hand: the mimetypes table of some machines maps .ts to Qt translations.
CONTENT_TYPES = {
    ".m3u8": "application/vnd.apple.mpegurl",
    ".ts": "video/mp2t",
    ".jpg": "image/jpeg",
    ".mp4": "video/mp4",
}


def content_type(name: str) -> str:
    return CONTENT_TYPES.get(Path(name).suffix.lower(), "application/octet-stream")


def is_presigning(storage: Storage = default_storage) -> bool:
    """Whether ``storage.url()`` hands out signed, expiring URLs (S3 with
    querystring auth), so segments can be fetched from the bucket directly."""
    return bool(getattr(storage, "querystring_auth", False))


def local_path(storage: Storage, name: str) -> str | None:
    try:
        return storage.path(name)
    except NotImplementedError:
        return None


def download(storage: Storage, name: str, directory: Path) -> Path:
    """A local copy of a stored file (the file itself when storage is local)."""
    path = local_path(storage, name)
    if path is not None:
        return Path(path)
    target = directory / ("source" + Path(name).suffix.lower())
    with storage.open(name, "rb") as source, open(target, "wb") as copy:
        shutil.copyfileobj(source, copy, length=1024 * 1024)
    return target


def upload_tree(storage: Storage, directory: Path, prefix: str) -> list[str]:
    """Store every file under ``directory`` at ``prefix`` + its relative path, each
    with its real content type; returns the stored names."""
    names = []
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        name = prefix + path.relative_to(directory).as_posix()
        with open(path, "rb") as handle:
            content = File(handle, name=path.name)
            content.content_type = content_type(path.name)  # read by django-storages
            stored = storage.save(name, content)
        if stored != name:
            raise OSError(
                f"storage renamed {name} to {stored}: the prefix was not empty"
            )
        names.append(stored)
    return names


def delete_tree(storage: Storage, prefix: str) -> int:
    """Delete every file under a prefix (ending in "/"); returns how many."""
    try:
        directories, files = storage.listdir(prefix)
    except FileNotFoundError:
        return 0
    deleted = 0
    for name in files:
        storage.delete(prefix + name)
        deleted += 1
    for directory in directories:
        deleted += delete_tree(storage, f"{prefix}{directory}/")
    path = local_path(storage, prefix)
    if path is not None and os.path.isdir(path):
        try:
            os.rmdir(path)
        except OSError:
            pass  # not empty: something was written there meanwhile
    return deleted


def subfolders(storage: Storage, prefix: str) -> list[str]:
    try:
        return storage.listdir(prefix)[0]
    except FileNotFoundError:
        return []
