"""One relay at a time per conversation, across every gateway: a lock in this process and one in Redis.

A customer's line is relayed by the gateway it came in on, an owed line by whichever gateway holds the retry
lease: the Redis lock keeps them from sending one conversation's lines to Rasa at once (Rasa's own lock store
then orders the Rasa servers). Without Redis, or while it is down, the lock of this process is all there is.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict
from collections.abc import AsyncIterator

from redis.asyncio import Redis
from redis.asyncio.lock import Lock
from redis.exceptions import LockError, RedisError

log = logging.getLogger(__name__)
HOLD_FOR = 15.0  # seconds a lock lives unless its holder renews it (every third of that): a dead holder's lapses soon
WAIT_AT_MOST = 120.0  # seconds to wait for another gateway's relay (Rasa's 30 s time-out, several lines)


class ConversationLocks:
    """Locks by conversation id."""

    def __init__(self, redis: Redis | None) -> None:
        self.redis = redis
        self._local: dict[str, asyncio.Lock] = defaultdict(asyncio.Lock)

    def busy(self, conversation_id: str) -> bool:
        """Whether this process holds or waits for the conversation's lock."""
        lock = self._local.get(conversation_id)
        return lock is not None and lock.locked()

    def forget(self, conversation_id: str) -> None:
        """Drop the lock of a conversation nobody here uses any more."""
        if not self.busy(conversation_id):
            self._local.pop(conversation_id, None)

    @contextlib.asynccontextmanager
    async def hold(self, conversation_id: str) -> AsyncIterator[None]:
        """Hold the conversation's lock here and across the gateways."""
        async with self._local[conversation_id]:
            if self.redis is None:
                yield
                return
            shared = self.redis.lock(f"concierge:relay:{conversation_id}", timeout=HOLD_FOR, sleep=0.05,
                                     blocking_timeout=WAIT_AT_MOST)  # fmt: skip
            try:
                acquired = await shared.acquire()
            except (RedisError, OSError) as exc:
                log.warning("relaying %s under this gateway's lock only: no Redis (%s)", conversation_id, exc)
                acquired = False
            keeper = asyncio.ensure_future(_keep(shared)) if acquired else None
            try:
                yield
            finally:
                if keeper is not None:
                    keeper.cancel()
                    with contextlib.suppress(asyncio.CancelledError):
                        await keeper
                if acquired:
                    with contextlib.suppress(LockError, RedisError, OSError):
                        await shared.release()


async def _keep(lock: Lock) -> None:
    """Renew ``lock`` every third of its life while its relay runs (a relay may outlast one life)."""
    while True:
        await asyncio.sleep(HOLD_FOR / 3)
        with contextlib.suppress(LockError, RedisError, OSError):
            await lock.reacquire()
