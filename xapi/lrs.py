"""The learning record store (LRS) over HTTP: xAPI's statements resource with basic
authentication, as configured by ``XAPI_LRS_*``."""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings

API_VERSION = "1.0.3"


class LrsError(Exception):
    """The LRS could not be reached or refused the statements."""


class Conflict(LrsError):
    """The LRS already holds a statement with one of these ids (409)."""


def is_configured() -> bool:
    """An endpoint and both credentials are set: learning records are kept."""
    return bool(
        settings.XAPI_LRS_ENDPOINT
        and settings.XAPI_LRS_USERNAME
        and settings.XAPI_LRS_PASSWORD
    )


def _url(query: dict | None = None) -> str:
    url = settings.XAPI_LRS_ENDPOINT.rstrip("/") + "/statements"
    return f"{url}?{urllib.parse.urlencode(query)}" if query else url


def _send(method: str, url: str, payload) -> int:
    credentials = f"{settings.XAPI_LRS_USERNAME}:{settings.XAPI_LRS_PASSWORD}"
    request = urllib.request.Request(
        url,
        data=json.dumps(payload, ensure_ascii=False).encode(),
        method=method,
        headers={
            "Authorization": "Basic "
            + base64.b64encode(credentials.encode()).decode("ascii"),
            "Content-Type": "application/json; charset=utf-8",
            "X-Experience-API-Version": API_VERSION,
        },
    )
    try:
        with urllib.request.urlopen(
            request, timeout=settings.XAPI_TIMEOUT_SECONDS
        ) as response:
            return response.status
    except urllib.error.HTTPError as error:
        detail = error.read(500).decode("utf-8", "replace")
        if error.code == 409:
            raise Conflict(f"HTTP 409: {detail}") from None
        raise LrsError(f"HTTP {error.code}: {detail}") from None
    except (OSError, ValueError) as error:  # refused, timed out, DNS, bad URL
        raise LrsError(f"{type(error).__name__}: {error}") from None


def post_statements(statements: list[dict]) -> None:
    """Store a batch; the LRS keeps all or none of it (Conflict on a known id
    whose stored statement differs)."""
    _send("POST", _url(), statements)


def put_statement(statement: dict) -> None:
    """Store one statement under its id; an id the LRS already holds is success
    (the statement was recorded on an earlier try)."""
    try:
        _send("PUT", _url({"statementId": statement["id"]}), statement)
    except Conflict:
        return
