"""A job that must run on exactly one process at a time: held under a lease in Redis, renewed while it runs.

The lease is a Redis key holding the holder's id with a time to live. Whoever holds it renews it every third
of its life while the job runs; a holder that dies stops renewing, and another process takes it over once it
expires. A holder that cannot renew it (Redis is gone, or another process has it) stops its job at once:
at any moment at most one process runs it. With no Redis there is one gateway, and it always holds the lease.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Awaitable, Callable

from redis.asyncio import Redis
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

# Take the lease if it is free, renew it if it is ours: 1 when held, 0 when another process holds it.
_TAKE_OR_RENEW = """
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
if holder then
  return 0
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
"""
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
"""


class Lease:
    """A named lease in Redis (``redis`` None: no other process, always held)."""

    def __init__(self, redis: Redis | None, name: str, seconds: float = 30.0, holder: str | None = None) -> None:
        self.redis = redis
        self.key = f"concierge:lease:{name}"
        self.seconds = seconds
        self.holder = holder or uuid.uuid4().hex

    async def take(self) -> bool:
        """Take the lease or renew it; False when another process holds it or Redis does not answer."""
        if self.redis is None:
            return True
        try:
            held = await self.redis.eval(_TAKE_OR_RENEW, 1, self.key, self.holder, int(self.seconds * 1000))
        except (RedisError, OSError) as exc:
            log.warning("lease %s: Redis did not answer (%s); not running it here", self.key, exc)
            return False
        return bool(held)

    async def release(self) -> None:
        """Give the lease up at once (a process stopping cleanly), if it is ours."""
        if self.redis is None:
            return
        with contextlib.suppress(RedisError, OSError):
            await self.redis.eval(_RELEASE, 1, self.key, self.holder)

    async def run(self, job: Callable[[], Awaitable[None]]) -> bool:
        """Run ``job`` if the lease is ours, renewing it meanwhile; stop it if the lease is lost. True if it ran."""
        if not await self.take():
            return False
        task = asyncio.ensure_future(job())
        try:
            while True:
                done, _ = await asyncio.wait({task}, timeout=self.seconds / 3)
                if done:
                    task.result()
                    return True
                if not await self.take():
                    log.warning("lease %s lost while its job ran; stopping the job here", self.key)
                    task.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await task
                    return False
        finally:
            if not task.done():
                task.cancel()
