"""Counting events in a fixed time window, in the shared cache: the basis of Kota's rate
limits (logins, signups, address checks)."""

import time

from django.core.cache import cache


def window_count(key: str, *, seconds: int) -> int:
    """Count one event under ``key`` and return the count in the current window, which
    starts with the first event and lasts ``seconds``. ``<key>:ends`` holds when it ends."""
    # add() starts a window only if none is running; incr() is atomic on Redis.
    if cache.add(key, 0, seconds):
        cache.set(key + ":ends", time.time() + seconds, seconds)
    try:
        return cache.incr(key)
    except ValueError:  # the window ended between add() and incr()
        cache.set(key, 1, seconds)
        cache.set(key + ":ends", time.time() + seconds, seconds)
        return 1
