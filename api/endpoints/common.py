"""What every endpoint shares: the caller's rights, asked of the policy."""

from __future__ import annotations

import json

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from ninja.responses import NinjaJSONEncoder

from lms import policy

# Ids in paths and filters: a positive integer column.
ID_MAX = 2**31 - 1


def require_read(request, model) -> None:
    """403 unless the caller holds the view permission the admin listing needs."""
    if not policy.may_read(request.auth, model):
        raise PermissionDenied


def require_scope(request) -> None:
    """403 unless the caller works inside a region or an institution."""
    if not policy.has_staff_scope(request.auth):
        raise PermissionDenied


def errors(*statuses: int) -> dict:
    """The documented error answers of an operation (every one is ``Error``)."""
    from api.errors import Error

    return dict.fromkeys(statuses, Error)


# What any authenticated read may answer besides 200.
READ_ERRORS = (400, 401, 403, 404, 422, 429)


def listing(items: list[dict], cursor: str | None) -> HttpResponse:
    """A page as JSON, written straight from the rows' dicts: the page schema
    documents it (and the Schemathesis test holds every answer to it), but a list
    of a hundred rows is not validated again on the way out."""
    return HttpResponse(
        json.dumps({"items": items, "next_cursor": cursor}, cls=NinjaJSONEncoder),
        content_type="application/json",
    )
