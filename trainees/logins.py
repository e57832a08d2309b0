"""Whose login a heartbeat or a key fetch carries, remembered for a few seconds in
the process.

A heartbeat only has to come from the login that opened its playback session
(``trainees.watch``), and it comes every few seconds from every viewer; so does a
key fetch (``trainees.delivery``), every few segments. Reading the
login session from the shared cache was a third of a heartbeat's time, and as
much of the cache server's. So each process remembers, for
``settings.HEARTBEAT_LOGIN_SECONDS``, which user a session key it has read
belongs to: the first heartbeat of a viewer in a process reads the session, the
next ones in that time do not. Only keys the session store knew are remembered, so a
made-up key is read (and refused) every time. What this leaves open is in
docs/watch-time.md (residual risks): a login that ends keeps its heartbeats for
at most that time, and logging out ends the trainee's playback sessions anyway.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.http import HttpRequest

# Enough for every viewer one process serves; the oldest are forgotten first.
MAX_REMEMBERED = 20_000


class RecentLogins:
    """Session key → user id, each for a few seconds; at most ``size`` of them."""

    def __init__(self, *, size: int = MAX_REMEMBERED):
        self.size = size
        self._entries: OrderedDict[str, tuple[int, float]] = OrderedDict()
        self._lock = threading.Lock()

    def user_id(
        self, key: str, read: Callable[[], int | None], *, seconds: float
    ) -> int | None:
        """The user of session ``key``: remembered, or ``read()`` and remembered
        for ``seconds`` when it names one."""
        now = time.monotonic()
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and entry[1] > now:
                return entry[0]
        user_id = read()
        if user_id is None:
            return None
        with self._lock:
            self._entries[key] = (user_id, now + seconds)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return user_id

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


recent = RecentLogins()


def user_id(request: HttpRequest) -> int | None:
    """Whose login session the request carries, read from the session without
    loading the user, and remembered for ``HEARTBEAT_LOGIN_SECONDS``. Enough for a
    heartbeat or a key fetch, which only have to come from the login that opened
    their playback session: opening one (``trainees.watch.start_playback``) loads
    and checks the user in full. See docs/watch-time.md, residual risks."""
    key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not key:
        return None

    def read() -> int | None:
        try:
            return int(request.session[SESSION_KEY])
        except (KeyError, TypeError, ValueError):
            return None

    seconds = settings.HEARTBEAT_LOGIN_SECONDS
    if seconds <= 0:
        return read()
    return recent.user_id(key, read, seconds=seconds)
