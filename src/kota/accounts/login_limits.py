"""How many failed logins a city accepts before it stops checking passwords for a while.

Failures are counted per account (the email typed, whether or not it exists, so the limit
says nothing about which accounts exist) and per client address, in the shared cache, in
fixed windows that start at the first failure. Counts are per city: the same email in two
cities is two accounts.
"""

import hashlib
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest

from kota.core.counters import window_count

FAILURES_PER_ACCOUNT = 5
FAILURES_PER_ADDRESS = 20
WINDOW_SECONDS = 15 * 60

_PREFIX = "kota:login-failures:v1"


class LoginBlocked(Exception):
    """Logins are paused for this account or address; ``retry_after`` is in seconds."""

    def __init__(self, retry_after: int):
        super().__init__(f"login paused for {retry_after} s")
        self.retry_after = retry_after


def client_address(request: HttpRequest) -> str:
    """The address the request came from. Behind KOTA_TRUSTED_PROXIES proxies that each
    append to X-Forwarded-For, it is the entry the outermost trusted proxy added (what a
    client writes into the header itself is never trusted)."""
    hops = settings.KOTA_TRUSTED_PROXIES
    if hops > 0:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        ]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _key(kind: str, value: str) -> str:
    digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()
    return f"{_PREFIX}:{connection.schema_name}:{kind}:{digest}"


def login_block_check(*, email: str, address: str) -> None:
    """Raise LoginBlocked while logins for ``email`` or from ``address`` are paused."""
    keys = {
        _key("account", email): FAILURES_PER_ACCOUNT,
        _key("address", address): FAILURES_PER_ADDRESS,
    }
    counts = cache.get_many(list(keys))
    blocked = [key for key, limit in keys.items() if counts.get(key, 0) >= limit]
    if not blocked:
        return
    ends = cache.get_many([key + ":ends" for key in blocked])
    now = time.time()
    wait = max(ends.get(key + ":ends", now + WINDOW_SECONDS) - now for key in blocked)
    raise LoginBlocked(retry_after=max(1, math.ceil(wait)))


def login_failure_record(*, email: str, address: str) -> None:
    for key in (_key("account", email), _key("address", address)):
        window_count(key, seconds=WINDOW_SECONDS)


def login_success_record(*, email: str) -> None:
    """A correct password clears the account's count. The address's count stays: clearing
    it would let anyone with one working account wipe it between guesses at others."""
    key = _key("account", email)
    cache.delete_many([key, key + ":ends"])
