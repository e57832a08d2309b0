"""Reading the environment: the one place where configuration enters Jiangxin.

Every setting has a safe default for the embedded, one-machine setup (SQLite, files
and a Celery broker under ``var/``); production supplies its own through the
environment. ``settings.py`` is the only module that reads it.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Mapping
from pathlib import Path

TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off", ""}


class Env:
    """Typed access to a mapping of environment variables."""

    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        self.environ = os.environ if environ is None else environ

    def str(self, name: str, default: str = "") -> str:
        return self.environ.get(name, default)

    def bool(self, name: str, default: bool) -> bool:
        raw = self.environ.get(name)
        if raw is None:
            return default
        value = raw.strip().lower()
        if value in TRUE:
            return True
        if value in FALSE:
            return False
        raise ValueError(f"{name} must be true or false, not {raw!r}")

    def int(self, name: str, default: int) -> int:
        raw = self.environ.get(name)
        if raw is None or raw.strip() == "":
            return default
        try:
            return int(raw)
        except ValueError:
            raise ValueError(f"{name} must be a whole number, not {raw!r}") from None

    def float(self, name: str, default: float) -> float:
        raw = self.environ.get(name)
        if raw is None or raw.strip() == "":
            return default
        try:
            return float(raw)
        except ValueError:
            raise ValueError(f"{name} must be a number, not {raw!r}") from None

    def list(self, name: str, default: list[str]) -> list[str]:
        raw = self.environ.get(name)
        if raw is None:
            return default
        return [item.strip() for item in raw.split(",") if item.strip()]

    def path(self, name: str, default: Path) -> Path:
        raw = self.environ.get(name)
        return Path(raw).resolve() if raw else default


def _month_day(name: str, raw: str) -> tuple[int, int] | None:
    value = raw.strip().lower()
    if value == "none":
        return None
    try:
        # A leap year, so that 02-29 is accepted (it means February's last day).
        day = datetime.datetime.strptime(f"2000-{value}", "%Y-%m-%d").date()
    except ValueError:
        raise ValueError(f"{name}: {raw!r} is not MM-DD or none") from None
    return day.month, day.day


def month_day(env: Env, name: str, default: str) -> tuple[int, int]:
    """A day of the year as ``MM-DD`` (e.g. a due date), as (month, day)."""
    day = _month_day(name, env.str(name, default) or default)
    if day is None:
        raise ValueError(f"{name}: a day (MM-DD) is needed, not none")
    return day


def confirmation_grace(env: Env) -> dict[str, tuple[int, int] | None]:
    """``WORKSHOP_CONFIRMATION_GRACE``: until which day of the following year a
    workshop may still confirm a year's registration, as ``MM-DD`` or ``none``
    (default ``03-31``); an entry ``51=02-28`` sets it for one province, by its
    two-digit code. Returns ``{"": (3, 31), "51": (2, 28)}``, None for no grace."""
    name = "WORKSHOP_CONFIRMATION_GRACE"
    result: dict[str, tuple[int, int] | None] = {"": (3, 31)}
    for item in env.list(name, []):
        province, _sep, day = item.rpartition("=")
        province = province.strip()
        if province and not (len(province) == 2 and province.isdigit()):
            raise ValueError(f"{name}: {province!r} is not a province code")
        result[province] = _month_day(name, day)
    return result


def storages(env: Env, *, media_root: Path, static_storage: str) -> dict:
    """Django's STORAGES: local files under ``var/`` unless an S3 bucket is named.

    With ``AWS_STORAGE_BUCKET_NAME`` set, uploads go to a private bucket through
    django-storages and are served by short-lived signed URLs (SigV4).
    """
    bucket = env.str("AWS_STORAGE_BUCKET_NAME")
    if bucket:
        endpoint = env.str("AWS_S3_ENDPOINT_URL") or None
        options = {
            "bucket_name": bucket,
            "endpoint_url": endpoint,
            "access_key": env.str("AWS_ACCESS_KEY_ID") or None,
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY") or None,
            "region_name": env.str("AWS_S3_REGION_NAME") or None,
            "signature_version": "s3v4",
            # Local S3-compatible servers rarely resolve bucket subdomains.
            "addressing_style": "path" if endpoint else None,
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": env.int("AWS_QUERYSTRING_EXPIRE", 300),
            "file_overwrite": False,
        }
        default = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
    else:
        default = {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(media_root)},
        }
    return {"default": default, "staticfiles": {"BACKEND": static_storage}}


REDIS_SCHEMES = ("redis://", "rediss://")


def caches(env: Env) -> dict:
    """Django's CACHES: Redis at ``CACHE_URL``. Without it, the broker's Redis when
    Celery uses one: such a site runs several processes, and the login and
    password-reset rate limits must be counted once for all of them, not per
    process (its keys are prefixed, apart from the broker's). Otherwise a
    per-process memory cache, which is right for the single process of
    ``make run``."""
    url = env.str("CACHE_URL")
    prefix = ""
    if not url:
        broker = env.str("CELERY_BROKER_URL", "filesystem://")
        if broker.startswith(REDIS_SCHEMES):
            url, prefix = broker, "cache"
    if not url:
        return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    return {
        "default": {
            "BACKEND": "lms.cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": prefix,
        }
    }
