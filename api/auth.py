"""Who is calling: a personal API token (``Authorization: Bearer …``), or the
site's own JavaScript through the session with its CSRF token; and how often."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.db.models import Aggregate, OuterRef, Q, Subquery, TextField, Value
from django.db.models.functions import Concat
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


class _Joined(Aggregate):
    """Text values joined by spaces: STRING_AGG on PostgreSQL, GROUP_CONCAT on
    SQLite (Django 5.2 has no aggregate for both)."""

    function = "STRING_AGG"
    template = "%(function)s(%(expressions)s, ' ')"
    output_field = TextField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler, connection, function="GROUP_CONCAT", **extra_context
        )


def permission_labels(user_ref: OuterRef) -> Subquery:
    """The ``app_label.codename`` of every permission of a user, their own and
    their groups', as one space-separated text: a subquery the token's own query
    carries, so that a request reads its token, user, scope and permissions in
    one statement."""
    labels = (
        Permission.objects.filter(Q(user=user_ref) | Q(group__user=user_ref))
        .order_by()
        .annotate(_all=Value(1))
        .values("_all")
        .annotate(
            labels=_Joined(Concat("content_type__app_label", Value("."), "codename"))
        )
        .values("labels")
    )
    return Subquery(labels, output_field=TextField())


def load_permissions(user, labels: str | None) -> None:
    """Keep the permissions read with the token where Django's backend looks for
    them (``_perm_cache``): the policy's ``has_perm`` questions then cost nothing.
    A superuser's are never needed (``has_perm`` answers yes without them)."""
    if not user.is_superuser:
        user._perm_cache = set((labels or "").split())


class TokenAuth(HttpBearer):
    """A usable token of an active user: the request acts as that user."""

    def authenticate(self, request: HttpRequest, token: str):
        if not token or len(token) > 200:
            return None
        found = (
            ApiToken.objects.usable()
            # The user's scope with it: the policy reuses what is loaded.
            .select_related("user__scope__institution")
            .annotate(_permissions=permission_labels(OuterRef("user_id")))
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
        load_permissions(found.user, found._permissions)
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
