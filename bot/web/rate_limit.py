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
