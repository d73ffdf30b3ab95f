"""Per-address limits over sliding windows, counted in the cache (public forms, public API).

Each window is (seconds, setting name, default limit). The count is the sliding-window estimate
of two fixed windows (this one plus the share of the previous one still inside the window),
rounded up, so a burst across a window boundary still counts whole; the counters stay atomic
(`cache.incr`). Limits are read from settings at every check, so tests and deployments can
change them."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache


@dataclass(frozen=True)
class Throttle:
    name: str
    windows: tuple[tuple[int, str, int], ...]

    def _key(self, address: str, seconds: int, bucket: int) -> str:
        return f"throttle-{self.name}:{address}:{seconds}:{bucket}"

    def retry_after(self, address: str) -> int:
        """Seconds to wait before the next event is allowed; 0 when it is allowed now."""
        now = time.time()
        for seconds, setting, default in self.windows:
            limit = int(getattr(settings, setting, default))
            bucket, elapsed = divmod(now, seconds)
            keys = [self._key(address, seconds, int(bucket)), self._key(address, seconds, int(bucket) - 1)]
            counts = cache.get_many(keys)
            current, previous = counts.get(keys[0], 0), counts.get(keys[1], 0)
            if current + math.ceil(previous * (seconds - elapsed) / seconds) >= limit:
                return max(1, math.ceil(seconds - elapsed))
        return 0

    def hit(self, address: str) -> None:
        now = time.time()
        for seconds, _setting, _default in self.windows:
            key = self._key(address, seconds, int(now // seconds))
            cache.add(key, 0, seconds * 2 + 1)
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.set(key, 1, seconds * 2 + 1)
