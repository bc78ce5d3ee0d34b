"""The Redis client the gateway's cluster parts share, or None when there is no Redis (one gateway)."""

from __future__ import annotations

from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import ExponentialBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from bot.settings import Settings


def connect(settings: Settings) -> Redis | None:
    """A client of ``settings.redis_url`` (it connects on first use), or None.

    A command on a connection that a restart of Redis closed is sent again on a new one (three tries, 0.1 s to
    1 s apart), so a line published just after Redis is back is not dropped.
    """
    if not settings.redis_url:
        return None
    return Redis.from_url(settings.redis_url, socket_connect_timeout=2, socket_timeout=5, health_check_interval=10,
                          retry=Retry(ExponentialBackoff(cap=1.0, base=0.1), 3),
                          retry_on_error=[RedisConnectionError, RedisTimeoutError])  # fmt: skip
