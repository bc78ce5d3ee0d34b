"""Behind the balancer every request comes from its address: only a trusted balancer's X-Forwarded-For is believed."""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable

import pytest
from aiohttp.test_utils import TestClient
from sqlalchemy import select

from bot.context import Context
from bot.db.models import SignInFailure
from bot.web.app import create_app
from tests.web.console import csrf_of

Client = Callable[..., Awaitable[TestClient]]
NOWHERE = "http://127.0.0.1:9"


async def failed_sign_in_from(client: TestClient, forwarded: str) -> None:
    token = await csrf_of(client, "/staff/login")
    response = await client.post("/staff/login", data={"csrf": token, "username": "mei", "password": "wrong one"},
                                 headers={"X-Forwarded-For": forwarded}, allow_redirects=False)  # fmt: skip
    assert response.status == 401


@pytest.mark.parametrize("context", ["sqlite"], indirect=True)
async def test_the_address_a_trusted_balancer_forwards_is_the_customers(aiohttp_client: Client,
                                                                        context: Context) -> None:  # fmt: skip
    trusting = dataclasses.replace(context.settings, trusted_proxies=("127.0.0.1",))
    behind = dataclasses.replace(context, settings=trusting)
    await failed_sign_in_from(await aiohttp_client(create_app(behind, NOWHERE)), "203.0.113.9")
    await failed_sign_in_from(await aiohttp_client(create_app(context, NOWHERE)), "198.51.100.7")  # not trusted
    with context.sessions() as s:
        assert sorted(s.scalars(select(SignInFailure.address))) == ["127.0.0.1", "203.0.113.9"]
