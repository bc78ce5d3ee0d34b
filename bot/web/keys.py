"""The gateway's state under typed keys; imports nothing of the app at run time."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiohttp import web

if TYPE_CHECKING:
    pass

CONTEXT = web.AppKey["Context"]("context")
ASSISTANT = web.AppKey["Assistant"]("assistant")
CONVERSATIONS = web.AppKey["Conversations"]("conversations")
