"""Rotating check-in codes (签到码): a signed token bound to one session and one
direction, for one ~30-second window. A scan is accepted in the window the code was
shown and the next one, so a code is good for 30 to 60 seconds and then expires."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

SALT = "trainees.evidence.attendance.scan"
WINDOW_SECONDS = 30


class Direction(models.TextChoices):
    IN = "in", _("check-in")
    OUT = "out", _("check-out")


@dataclass(frozen=True)
class ScanToken:
    session_id: int
    direction: Direction
    window: int


def window_of(moment: dt.datetime) -> int:
    return int(moment.timestamp()) // WINDOW_SECONDS


def seconds_left(now: dt.datetime | None = None) -> int:
    """Seconds until the code on the screen changes."""
    now = now or timezone.now()
    return WINDOW_SECONDS - int(now.timestamp()) % WINDOW_SECONDS


def make_token(
    *, session_id: int, direction: Direction, now: dt.datetime | None = None
) -> str:
    window = window_of(now or timezone.now())
    return signing.dumps([session_id, direction.value, window], salt=SALT)


def read_token(
    token: str, *, session_id: int, now: dt.datetime | None = None
) -> ScanToken:
    """The scan a token stands for, or a ValidationError saying why it is refused:
    forged or tampered, of another session, or expired."""
    try:
        raw_session, raw_direction, window = signing.loads(token, salt=SALT)
        scan = ScanToken(int(raw_session), Direction(raw_direction), int(window))
    except (signing.BadSignature, ValueError, TypeError):
        raise ValidationError(
            _(
                "This code is not a valid check-in code of Jiangxin. Scan the code "
                "on the instructor's screen again."
            ),
            code="forged",
        ) from None
    if scan.session_id != session_id:
        raise ValidationError(
            _(
                "This code belongs to another session. Scan the code shown for the "
                "session you are attending."
            ),
            code="wrong_session",
        )
    current = window_of(now or timezone.now())
    if not current - 1 <= scan.window <= current:
        raise ValidationError(
            _(
                "This code has expired: codes change every %(seconds)s seconds. Scan "
                "the code on the screen again."
            ),
            code="expired",
            params={"seconds": WINDOW_SECONDS},
        )
    return scan
