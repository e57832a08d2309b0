"""Files of video assets through Django's storage API: local files under ``var/`` by
default, a private S3 bucket when one is configured (lms.env.storages)."""

from __future__ import annotations

import os
import shutil
import time
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


def save_replacing(storage: Storage, name: str, path: Path) -> str:
    """Store a local file at exactly ``name``, replacing what a previous attempt
    left there (a redelivered job writes the same names again, never beside them)."""
    if storage.exists(name):
        storage.delete(name)
    with open(path, "rb") as handle:
        content = File(handle, name=path.name)
        content.content_type = content_type(path.name)  # read by django-storages
        stored = storage.save(name, content)
    if stored != name:
        raise OSError(f"storage renamed {name} to {stored}: written twice at once")
    return stored


def readable_location(storage: Storage, name: str, *, seconds: int) -> tuple[str, bool]:
    """Where ffmpeg can read a stored file without copying it whole: its local path
    (False), or a signed URL that ffmpeg reads in byte ranges, seeking as it
    needs (True). A storage of neither kind gives ("", False)."""
    path = local_path(storage, name)
    if path is not None:
        return path, False
    if is_presigning(storage):
        return storage.url(name, expire=seconds), True
    return "", False


CACHE_SECONDS = 24 * 3600


def cached_copy(storage: Storage, name: str, directory: Path) -> Path:
    """One local copy per machine of a stored file, shared by the worker processes
    of that machine (the first one downloads it under a lock, the others wait)."""
    import fcntl
    import hashlib

    directory.mkdir(parents=True, exist_ok=True)
    for old in directory.iterdir():  # copies of videos finished long ago
        if old.stat().st_mtime < time.time() - CACHE_SECONDS:
            old.unlink(missing_ok=True)
    key = hashlib.sha256(name.encode()).hexdigest()[:24]
    target = directory / (key + Path(name).suffix.lower())
    with open(directory / f"{key}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not target.exists():
            partial = target.with_suffix(".part")
            with storage.open(name, "rb") as source, open(partial, "wb") as copy:
                shutil.copyfileobj(source, copy, length=1024 * 1024)
            partial.replace(target)
        os.utime(target)  # in use: not swept as old
    return target


def download_tree(storage: Storage, prefix: str, directory: Path) -> int:
    """Copy every file under a prefix (ending in "/") into a local folder, keeping
    the relative paths; returns how many."""
    try:
        directories, files = storage.listdir(prefix)
    except FileNotFoundError:
        return 0
    directory.mkdir(parents=True, exist_ok=True)
    for name in files:
        with storage.open(prefix + name, "rb") as source:
            with open(directory / name, "wb") as copy:
                shutil.copyfileobj(source, copy, length=1024 * 1024)
    copied = len(files)
    for folder in directories:
        copied += download_tree(storage, f"{prefix}{folder}/", directory / folder)
    return copied
