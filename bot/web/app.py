"""The gateway application: ``create_app(context, rasa_url)`` builds it; ``run`` serves it."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable

from aiohttp import web

from bot.context import Context
from bot.web import customer
from bot.web.assistant import Assistant
from bot.web.conversations import Conversations
from bot.web.keys import ASSISTANT, CONVERSATIONS

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'self'; connect-src 'self' ws: wss:; style-src 'self' 'unsafe-inline'",
}


@web.middleware
async def security_headers(request: web.Request, handler: Handler) -> web.StreamResponse:
    """No sniffing, no inline scripts, no third-party content."""
    response: web.StreamResponse = await handler(request)
    if not isinstance(response, web.WebSocketResponse):
        response.headers.update({k: v for k, v in SECURITY_HEADERS.items() if k not in response.headers})
    return response


def create_app(context: Context, rasa_url: str, retry_every: float = 10.0) -> web.Application:
    """The gateway for ``context``'s database, relaying to the Rasa server at ``rasa_url``."""
    app = web.Application(middlewares=[security_headers], client_max_size=64 * 1024)
    assistant = Assistant(rasa_url)
    app[ASSISTANT] = assistant
    app[CONVERSATIONS] = Conversations(context, assistant)

    async def lifecycle(app: web.Application) -> AsyncIterator[None]:
        await assistant.start()
        retry = asyncio.create_task(app[CONVERSATIONS].retry_forever(retry_every))
        yield
        retry.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await retry
        await assistant.close()

    app.cleanup_ctx.append(lifecycle)
    customer.setup_routes(app)
    return app
