"""One relay at a time per conversation across gateways: a long relay keeps its lock, a dead gateway's lapses."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from redis.asyncio import Redis

from bot.cluster import locks
from bot.cluster.locks import ConversationLocks
from tests.redis_server import RedisServer, redis_server


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[RedisServer]:
    monkeypatch.setattr(locks, "HOLD_FOR", 0.6)  # a lock's life, shortened so that the test takes seconds
    with redis_server() as started:
        yield started


async def test_a_relay_longer_than_a_locks_life_keeps_the_other_gateway_waiting(server: RedisServer) -> None:
    first, second = Redis.from_url(server.url), Redis.from_url(server.url)
    gateway_a, gateway_b = ConversationLocks(first), ConversationLocks(second)
    loop = asyncio.get_running_loop()
    events: list[str] = []

    async def relay(gateway: ConversationLocks, name: str, seconds: float) -> None:
        async with gateway.hold("web-1"):
            events.append(f"{name} in")
            await asyncio.sleep(seconds)
            events.append(f"{name} out")

    started = loop.time()
    a = asyncio.ensure_future(relay(gateway_a, "a", 2.0))  # more than three lives of the lock
    while not events:
        await asyncio.sleep(0.01)
    await relay(gateway_b, "b", 0)
    await a
    assert events == ["a in", "a out", "b in", "b out"] and loop.time() - started >= 2.0
    for client in (first, second):
        await client.close()
        await client.connection_pool.disconnect()


async def test_a_lock_left_by_a_gateway_that_died_lapses_within_its_life(server: RedisServer) -> None:
    client = Redis.from_url(server.url)
    assert await client.lock("concierge:relay:web-1", timeout=locks.HOLD_FOR).acquire()  # then the gateway dies
    loop = asyncio.get_running_loop()
    started = loop.time()
    async with ConversationLocks(client).hold("web-1"):
        waited = loop.time() - started
    assert 0.2 < waited < 3 * locks.HOLD_FOR
    await client.close()
    await client.connection_pool.disconnect()


async def test_without_redis_the_gateway_relays_under_its_own_lock(server: RedisServer) -> None:
    server.stop()
    client = Redis.from_url(server.url, socket_connect_timeout=1)
    async with ConversationLocks(client).hold("web-1"):
        pass  # no Redis: relayed all the same (one gateway's lines are still in order)
    server.start()
    await client.close()
    await client.connection_pool.disconnect()
