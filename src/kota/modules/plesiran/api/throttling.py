"""A limit on what one person writes through the API (reviews, flags, trips, stops), so
a script with someone's token cannot flood the city's tables: WRITES_PER_WINDOW per
person per city per window, then 429 with Retry-After."""

import math
import time

from django.core.cache import cache
from django.db import connection
from rest_framework.throttling import BaseThrottle

from kota.core.counters import window_count

WRITES_PER_WINDOW = 60
WINDOW_SECONDS = 600


class PersonWriteThrottle(BaseThrottle):
    def allow_request(self, request, view) -> bool:
        if not request.user.is_authenticated:
            return True
        self.key = f"plesiran:api-writes:{connection.schema_name}:{request.user.pk}"
        return window_count(self.key, seconds=WINDOW_SECONDS) <= WRITES_PER_WINDOW

    def wait(self) -> int:
        ends = cache.get(self.key + ":ends", time.time() + WINDOW_SECONDS)
        return max(1, math.ceil(ends - time.time()))
