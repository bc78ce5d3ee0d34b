"""The gateway application: ``create_app(context, rasa_url)`` builds it; ``run`` serves it."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable

from aiohttp import web

from bot.context import Context
from bot.rasa.stack import rasa_token
from bot.web import admin, customer, performance, quality, signin, staff
from bot.web.assistant import Assistant, rasa_server
from bot.web.auth import own_origins
from bot.web.conversations import Conversations
from bot.web.errors import error_edge
from bot.web.hub import StaffHub
from bot.web.jobs import run_jobs
from bot.web.keys import ASSISTANT, CONTEXT, CONVERSATIONS, STAFF_HUB

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Server": "Concierge",  # not the Python and aiohttp versions
}
CSP = ("default-src 'self'; connect-src 'self' {sockets}; style-src 'self' 'unsafe-inline'; "
       "frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'")  # fmt: skip


async def security_headers(request: web.Request, response: web.StreamResponse) -> None:
    """Headers on every response: pages, errors, redirects, files, the websocket handshake.

    No sniffing, no framing, no inline scripts, no third-party content, websockets only to this gateway, and
    no server version.
    """
    response.headers.update({k: v for k, v in SECURITY_HEADERS.items() if k != "Server" and k not in response.headers})
    response.headers["Server"] = SECURITY_HEADERS["Server"]
    if "Content-Security-Policy" not in response.headers:
        sockets = " ".join(
            f"{'wss' if o.startswith('https') else 'ws'}{o[o.index(':'):]}" for o in own_origins(request)
        )
        response.headers["Content-Security-Policy"] = CSP.format(sockets=sockets)


def create_app(
    context: Context,
    rasa_url: str,
    retry_every: float = 10.0,
    push_every: float = 2.0,
    jobs_every: float = 15.0,
    actions_url: str | None = None,
) -> web.Application:
    """The gateway for ``context``'s database, relaying to the Rasa server at ``rasa_url``.

    ``retry_every``: seconds between retries of lines owed to the assistant; ``push_every``: the longest a
    console waits for a queue change made elsewhere; ``jobs_every``: seconds between the timers' runs;
    ``actions_url``: the action server Rasa calls, checked when Rasa's reply says nothing.
    """
    app = web.Application(middlewares=[error_edge], client_max_size=64 * 1024)
    app.on_response_prepare.append(security_headers)  # type: ignore[arg-type]
    assistant = Assistant(rasa_url, actions_url=actions_url, token=rasa_token(context.settings.var_dir))
    conversations = Conversations(context, assistant)
    app[CONTEXT] = context
    app[ASSISTANT] = assistant
    app[CONVERSATIONS] = conversations
    app[STAFF_HUB] = StaffHub(context, conversations)

    async def lifecycle(app: web.Application) -> AsyncIterator[None]:
        await assistant.start()
        tasks = [
            asyncio.create_task(conversations.retry_forever(retry_every)),
            asyncio.create_task(app[STAFF_HUB].run(push_every)),
            asyncio.create_task(run_jobs(context, conversations, jobs_every)),
            asyncio.create_task(admin.register_serving_model(context, rasa_server(context, rasa_url))),
        ]
        yield
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        await assistant.close()

    async def close_sockets(app: web.Application) -> None:
        for socket in list(app[STAFF_HUB].consoles):
            await socket.close()
        for sockets in list(conversations.sockets.values()):
            for socket in list(sockets):
                await socket.close()

    app.cleanup_ctx.append(lifecycle)
    app.on_shutdown.append(close_sockets)  # type: ignore[arg-type]
    customer.setup_routes(app)
    signin.setup_routes(app)
    staff.setup_routes(app)
    admin.setup_routes(app)
    quality.setup_routes(app)
    performance.setup_routes(app)
    return app
