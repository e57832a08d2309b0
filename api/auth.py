"""Who is calling: a personal API token (``Authorization: Bearer …``), or the
site's own JavaScript through the session with its CSRF token; and how often."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import APIKeyCookie, HttpBearer

from api.errors import RateLimited
from api.models import ApiToken, digest_of

WINDOW_SECONDS = 60
# last_used_at is written at most this often per token, not on every request.
LAST_USED_PRECISION_SECONDS = 60


def check_rate(key: str) -> None:
    """Count one request under ``key`` in the current minute; past the limit,
    ``RateLimited`` with the seconds until the window ends."""
    limit = settings.API_REQUESTS_PER_MINUTE
    now = time.time()
    window = int(now // WINDOW_SECONDS)
    cache_key = f"api:rate:{key}:{window}"
    cache.add(cache_key, 0, WINDOW_SECONDS + 1)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, WINDOW_SECONDS + 1)
        count = 1
    if count > limit:
        retry_after = max(1, int((window + 1) * WINDOW_SECONDS - now) + 1)
        raise RateLimited(retry_after)


def load_permissions(user) -> None:
    """The user's permissions, their own and their groups', in one query where
    Django's backend makes two, kept where the backend looks for them
    (``_perm_cache``): the policy's ``has_perm`` questions then cost nothing.
    A superuser's are never read (``has_perm`` answers yes without them)."""
    if user.is_superuser:
        return
    rows = (
        Permission.objects.filter(Q(user=user) | Q(group__user=user))
        .values_list("content_type__app_label", "codename")
        .distinct()
    )
    user._perm_cache = {f"{app_label}.{codename}" for app_label, codename in rows}


class TokenAuth(HttpBearer):
    """A usable token of an active user: the request acts as that user."""

    def authenticate(self, request: HttpRequest, token: str):
        if not token or len(token) > 200:
            return None
        found = (
            ApiToken.objects.usable()
            # The user's scope with it: the policy reuses what is loaded.
            .select_related("user__scope__institution")
            .filter(digest=digest_of(token))
            .first()
        )
        if found is None or not found.user.is_active:
            return None
        check_rate(f"token:{found.pk}")
        now = timezone.now()
        if (
            found.last_used_at is None
            or (now - found.last_used_at).total_seconds() > LAST_USED_PRECISION_SECONDS
        ):
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        load_permissions(found.user)
        request.user = found.user
        request.api_token = found
        return found.user


class SessionAuth(APIKeyCookie):
    """The logged-in user of the site's own pages; writes need the CSRF token."""

    param_name = settings.SESSION_COOKIE_NAME

    def authenticate(self, request: HttpRequest, key: str | None):
        user = request.user
        if not user.is_authenticated:
            return None
        check_rate(f"user:{user.pk}")
        request.api_token = None
        return user


AUTH = [TokenAuth(), SessionAuth(csrf=True)]
