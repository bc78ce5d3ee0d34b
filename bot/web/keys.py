"""The gateway's state under typed keys; imports nothing of the app at run time."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiohttp import web

if TYPE_CHECKING:  # used in the string subscripts below, which linters cannot see
    import asyncio  # noqa: F401
    import collections  # noqa: F401

    from bot.context import Context  # noqa: F401
    from bot.web.assistant import Assistant  # noqa: F401
    from bot.web.conversations import Conversations  # noqa: F401
    from bot.web.customer import ChatLimits  # noqa: F401
    from bot.web.hub import StaffHub  # noqa: F401

ASSISTANT = web.AppKey["Assistant"]("assistant")
CONVERSATIONS = web.AppKey["Conversations"]("conversations")
CONTEXT = web.AppKey["Context"]("context")
STAFF_HUB = web.AppKey["StaffHub"]("staff_hub")
TRAINING_RUNS = web.AppKey["set[asyncio.Task[int]]"]("training_runs")
CHATS_BY_ADDRESS = web.AppKey["collections.Counter[str]"]("chats_by_address")
CHAT_LIMITS = web.AppKey["ChatLimits"]("chat_limits")
