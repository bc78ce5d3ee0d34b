"""A token bucket: a burst of ``capacity`` at once, then ``per_second`` on average. The clock is passed in."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class TokenBucket:
    """Allows ``capacity`` events at once and ``per_second`` after that."""

    capacity: float
    per_second: float
    tokens: float = field(default=-1.0)
    updated: float = 0.0

    def take(self, now: float) -> bool:
        """Whether one more event may happen at ``now`` (seconds, any monotonic clock)."""
        if self.tokens < 0:
            self.tokens, self.updated = self.capacity, now
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.per_second)
        self.updated = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


class Buckets:
    """One token bucket per key (a conversation, a network address); a bucket that has refilled is forgotten."""

    def __init__(self, capacity: float, per_second: float) -> None:
        self.capacity, self.per_second = capacity, per_second
        self._buckets: dict[str, TokenBucket] = {}
        self._swept = 0.0

    def take(self, key: str, now: float) -> bool:
        """Whether ``key`` may have one more event at ``now``."""
        if now - self._swept > 60:
            self._sweep(now)
        bucket = self._buckets.setdefault(key, TokenBucket(self.capacity, self.per_second))
        return bucket.take(now)

    def _sweep(self, now: float) -> None:
        self._swept = now
        full = [k for k, b in self._buckets.items() if b.tokens + (now - b.updated) * self.per_second >= self.capacity]
        for key in full:
            del self._buckets[key]
