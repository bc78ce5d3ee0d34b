"""A job under a Redis lease runs on one process at a time, and another takes over when the holder dies."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from redis.asyncio import Redis

from bot.cluster.lease import Lease
from tests.redis_server import RedisServer, redis_server


@pytest.fixture
def server() -> Iterator[RedisServer]:
    with redis_server() as started:
        yield started


async def test_two_processes_racing_for_a_job_run_it_once(server: RedisServer) -> None:
    client = Redis.from_url(server.url)
    ran: list[str] = []

    def job(name: str) -> object:
        async def run() -> None:
            ran.append(name)
            await asyncio.sleep(0.2)  # long enough for the other to try while this one holds the lease

        return run

    first, second = Lease(client, "timers", seconds=5), Lease(client, "timers", seconds=5)
    results = await asyncio.gather(first.run(job("first")), second.run(job("second")))  # type: ignore[arg-type]
    assert sorted(results) == [False, True] and len(ran) == 1
    assert await (first if results[0] else second).take()  # the holder renews
    assert not await (second if results[0] else first).take()  # the other still may not
    await client.close()
    await client.connection_pool.disconnect()


async def test_a_dead_holders_lease_is_taken_over_once_it_expires(server: RedisServer) -> None:
    client = Redis.from_url(server.url)
    dead, survivor = Lease(client, "timers", seconds=0.5), Lease(client, "timers", seconds=0.5)
    assert await dead.take()  # ... and then its process dies: nobody renews it
    assert not await survivor.take()
    loop = asyncio.get_running_loop()
    deadline = loop.time() + 5
    while not await survivor.take():
        assert loop.time() < deadline, "the lease was never taken over"
        await asyncio.sleep(0.05)
    assert not await dead.take()  # back from the dead, it finds the lease gone to another
    await client.close()
    await client.connection_pool.disconnect()


async def test_a_job_stops_when_its_lease_is_lost(server: RedisServer) -> None:
    client = Redis.from_url(server.url)
    lease = Lease(client, "timers", seconds=0.6)
    started, stopped = asyncio.Event(), asyncio.Event()

    async def long_job() -> None:
        started.set()
        try:
            await asyncio.sleep(30)
        finally:
            stopped.set()

    running = asyncio.ensure_future(lease.run(long_job))
    await asyncio.wait_for(started.wait(), 10)
    server.stop()  # Redis is gone: the lease cannot be renewed, another process may take it when Redis is back
    assert await asyncio.wait_for(running, 10) is False
    assert stopped.is_set()
    server.start()
    await client.close()
    await client.connection_pool.disconnect()


async def test_with_no_redis_the_only_gateway_always_holds_the_lease() -> None:
    ran = []

    async def job() -> None:
        ran.append(1)

    assert await Lease(None, "timers").run(job) and ran == [1]
