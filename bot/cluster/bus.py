"""Messages between the gateways, through Redis pub/sub: a line said, a frame shown, the queues changed.

A customer and the member of staff helping them may be connected to different gateways: each gateway
publishes what it shows, and every other gateway shows it to its own sockets. Only ids travel (a
conversation, a transcript line), never what was said: the receiving gateway reads the line from the
database, as it would its own. Pub/sub drops what is published while a gateway is disconnected, so on every
(re)subscription the gateway reloads its conversations from the database (``on_subscribed``); clients place
each line by its id, once. With no Redis the bus reaches nobody, and one gateway needs nobody.
"""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from redis.asyncio import Redis
from redis.exceptions import RedisError

log = logging.getLogger(__name__)
CHANNEL = "concierge:gateways"
Handler = Callable[[dict[str, Any]], Awaitable[None]]


class Bus:
    """This gateway's end of the bus (``redis`` None: there are no other gateways)."""

    def __init__(self, redis: Redis | None) -> None:
        self.redis = redis
        self.origin = uuid.uuid4().hex  # this gateway: its own messages come back to it and are skipped
        self.subscribed = asyncio.Event()

    async def publish(self, kind: str, **fields: Any) -> None:
        """Tell the other gateways; a failure is logged (they reload from the database when Redis is back)."""
        if self.redis is None:
            return
        try:
            await self.redis.publish(CHANNEL, json.dumps({"origin": self.origin, "kind": kind, **fields}))
        except (RedisError, OSError) as exc:
            log.warning("could not tell the other gateways (%s): %s", kind, exc)

    async def listen(self, on_message: Handler, on_subscribed: Callable[[], Awaitable[None]],
                     retry_every: float = 1.0) -> None:  # fmt: skip
        """Hand every other gateway's message to ``on_message``, until cancelled; resubscribe after a drop.

        ``on_subscribed`` runs after each subscription, when nothing published from then on can be missed.
        """
        if self.redis is None:
            return
        while True:
            pubsub = self.redis.pubsub()
            try:
                await pubsub.subscribe(CHANNEL)
                self.subscribed.set()
                await on_subscribed()
                while True:
                    # Polled, not a blocking read: a quiet channel is not a lost connection, and the client's
                    # health check (a PING every 10 s) finds one that is.
                    message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=1.0)
                    if message is None or message.get("type") != "message":
                        continue
                    data = json.loads(message["data"])
                    if data.get("origin") == self.origin:
                        continue
                    try:
                        await on_message(data)
                    except Exception:  # noqa: BLE001 - one bad message must not stop the bus
                        log.exception("a message from another gateway failed: %s", data.get("kind"))
            except (RedisError, OSError) as exc:
                if self.subscribed.is_set():
                    log.warning("lost the other gateways' messages (%s); reconnecting", exc)
                self.subscribed.clear()
            finally:
                try:
                    await pubsub.aclose() if hasattr(pubsub, "aclose") else await pubsub.reset()
                except (RedisError, OSError):
                    pass
            await asyncio.sleep(retry_every)
