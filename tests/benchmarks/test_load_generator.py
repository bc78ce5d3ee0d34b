"""The benchmark's load generator measures every message of every conversation, through both routes."""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable

import pytest
from aiohttp.test_utils import TestClient

from benchmarks import growth, load
from bot.context import Context
from bot.rasa.stack import Stack
from bot.web.app import create_app

pytestmark = pytest.mark.servers
Client = Callable[..., Awaitable[TestClient]]
MESSAGES = sum(len(turns) for turns in load.CONVERSATIONS)


def instant_typing(context: Context) -> Context:
    """The context with the flood limit of one chat lifted: simulated customers type instantly."""
    return dataclasses.replace(context, settings=dataclasses.replace(context.settings, chat_rate=(1e6, 1e6)))


async def test_one_customer_of_each_conversation_is_answered_on_both_routes(
    aiohttp_client: Client, stack: Stack, stack_context: Context
) -> None:
    client = await aiohttp_client(create_app(instant_typing(stack_context), stack.rasa_url))
    through_gateway = await load.play(1, gateway_url=str(client.make_url("")).rstrip("/"))
    straight = await load.play(1, rasa_url=stack.rasa_url)
    for run in (through_gateway, straight):
        assert (len(run.latencies), run.lost) == (MESSAGES, 0)
        numbers = run.summary()
        assert 0 < numbers["p50"] <= numbers["p95"] <= numbers["p99"] and numbers["per_second"] > 0


async def test_with_the_assistant_down_every_message_counts_as_lost(
    aiohttp_client: Client, stack_context: Context
) -> None:
    client = await aiohttp_client(create_app(instant_typing(stack_context), "http://127.0.0.1:9"))
    run = await load.play(1, gateway_url=str(client.make_url("")).rstrip("/"))
    assert run.latencies == [] and run.lost == MESSAGES


async def test_the_cost_of_each_turn_of_a_long_conversation_is_measured(stack: Stack) -> None:
    costs = await growth.turn_latencies(stack.rasa_url, "bench-growth-test", turns=7)
    assert len(costs) == 7 and all(c > 0 for c in costs)
    early, late = growth.early_and_late(costs)
    assert early > 0 and late > 0
