"""Cursor pagination for syncing systems: rows in the order they last changed
(``updated_at``, then id), a page at a time, behind an opaque signed cursor.

A row changed while a client pages moves behind the cursor and comes again on a
later page; an unchanged row keeps its place. So reading every page from an
``updated_since`` misses nothing that changed since then, cancellations and other
state changes included (they are changes of a row, never deletions)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core import signing
from django.db import models
from django.db.models import Q
from ninja import Field, Schema

from api.errors import ApiError

SALT = "api.cursor"
DEFAULT_LIMIT = 100
MAX_LIMIT = 500


class PageQuery(Schema):
    """Paging and sync parameters shared by every list."""

    cursor: str | None = Field(
        None, max_length=400, description="The `next_cursor` of the previous page."
    )
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    updated_since: dt.datetime | None = Field(
        None,
        description=(
            "Only rows changed at or after this instant (ISO 8601 with a time zone)."
        ),
    )


def _encode(key: Any, pk: Any) -> str:
    if isinstance(key, dt.datetime):
        key = key.isoformat()
    return signing.dumps([key, pk], salt=SALT, compress=True)


def _decode(cursor: str) -> tuple[Any, Any]:
    try:
        key, pk = signing.loads(cursor, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise ApiError(
            400,
            "bad_request",
            fields=[{"field": "cursor", "code": "invalid", "message": "bad cursor"}],
        ) from exc
    return key, pk


def page(
    queryset: models.QuerySet,
    query: PageQuery,
    *,
    key: str | None = "updated_at",
) -> tuple[list, str | None]:
    """One page of ``queryset`` in (``key``, pk) order, and the cursor of the next
    page (None on the last). Without a ``key``, pages go by primary key alone and
    ``updated_since`` is refused (a model whose rows do not change)."""
    if query.updated_since is not None:
        if key is None:
            raise ApiError(
                422,
                "invalid",
                fields=[
                    {
                        "field": "updated_since",
                        "code": "unsupported",
                        "message": "this list has no change time",
                    }
                ],
            )
        if query.updated_since.tzinfo is None:
            raise ApiError(
                422,
                "invalid",
                fields=[
                    {
                        "field": "updated_since",
                        "code": "timezone",
                        "message": "give a time zone",
                    }
                ],
            )
        queryset = queryset.filter(**{f"{key}__gte": query.updated_since})
    if query.cursor:
        after_key, after_pk = _decode(query.cursor)
        if key is None:
            queryset = queryset.filter(pk__gt=after_pk)
        else:
            try:
                after = dt.datetime.fromisoformat(after_key)
            except (TypeError, ValueError) as exc:
                raise ApiError(400, "bad_request") from exc
            # ``key >= after`` first, so that the index on ``key`` bounds the scan.
            queryset = queryset.filter(**{f"{key}__gte": after}).filter(
                Q(**{f"{key}__gt": after}) | Q(pk__gt=after_pk)
            )
    ordering = [key, "pk"] if key else ["pk"]
    rows = list(queryset.order_by(*ordering)[: query.limit + 1])
    if len(rows) <= query.limit:
        return rows, None
    rows = rows[: query.limit]
    last = rows[-1]
    return rows, _encode(getattr(last, key) if key else None, last.pk)
