"""The gateway application: ``create_app(context, rasa_url)`` builds it; ``run`` serves it."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable

from aiohttp import web

from bot.cluster.bus import Bus
from bot.cluster.connection import connect
from bot.cluster.lease import Lease
from bot.cluster.locks import ConversationLocks
from bot.context import Context
from bot.rasa.stack import rasa_token
from bot.web import admin, customer, performance, quality, signin, staff
from bot.web.assistant import Assistant, Server, rasa_servers
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


@web.middleware
async def forwarded_for(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Behind a trusted load balancer, the customer's address is the one it forwards (for the per-network limits)."""
    trusted = request.app[CONTEXT].settings.trusted_proxies
    forwarded = request.headers.get("X-Forwarded-For", "")
    if forwarded and request.remote in trusted:
        request = request.clone(remote=forwarded.split(",")[-1].strip())
    return await handler(request)


def create_app(
    context: Context,
    rasa_url: str,
    retry_every: float = 10.0,
    push_every: float = 2.0,
    jobs_every: float = 15.0,
    actions_url: str | None = None,
    servers: list[Server] | None = None,
    catch_up_every: float = 5.0,
) -> web.Application:
    """The gateway for ``context``'s database, relaying to the Rasa server at ``rasa_url`` (or to ``servers``).

    ``retry_every``: seconds between retries of lines owed to the assistant; ``push_every``: the longest a
    console waits for a queue change made elsewhere; ``jobs_every``: seconds between the timers' runs;
    ``actions_url``: the action server Rasa calls, checked when Rasa's reply says nothing; ``catch_up_every``: the
    longest a line another gateway said and pub/sub dropped takes to show here; ``servers``: several
    Rasa servers, each with its action server (a conversation goes to one by a hash of its id). With
    ``REDIS_URL`` set the gateway is one of several: live chat crosses gateways, and the timers and the retry
    run on one gateway at a time.
    """
    app = web.Application(middlewares=[forwarded_for, error_edge], client_max_size=64 * 1024)
    app.on_response_prepare.append(security_headers)  # type: ignore[arg-type]
    assistant = Assistant(rasa_url, actions_url=actions_url, token=rasa_token(context.settings.var_dir),
                          servers=servers or ())  # fmt: skip
    redis = connect(context.settings)
    bus = Bus(redis)
    conversations = Conversations(context, assistant, bus, ConversationLocks(redis))
    app[CONTEXT] = context
    app[ASSISTANT] = assistant
    app[CONVERSATIONS] = conversations
    app[STAFF_HUB] = StaffHub(context, conversations)

    background: list[asyncio.Task[None]] = []

    async def stop_background() -> None:
        # Before aiohttp waits for the tasks begun since start-up (up to its shutdown time-out): the timers'
        # rounds and the hub's waits are begun all the time, so it would wait the whole time-out for nothing.
        for task in background:
            task.cancel()
        for task in background:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        background.clear()

    async def lifecycle(app: web.Application) -> AsyncIterator[None]:
        await assistant.start()
        retry_lease = Lease(redis, "retry", seconds=max(30.0, 3 * retry_every), holder=bus.origin)
        timers_lease = Lease(redis, "timers", seconds=max(30.0, 3 * jobs_every), holder=bus.origin)
        background.extend([
            asyncio.create_task(conversations.retry_forever(retry_every, retry_lease)),
            asyncio.create_task(app[STAFF_HUB].run(push_every)),
            asyncio.create_task(run_jobs(context, conversations, jobs_every, lease=timers_lease)),
            asyncio.create_task(admin.register_serving_model(context, rasa_servers(context, assistant))),
            asyncio.create_task(bus.listen(conversations.from_elsewhere, conversations.reload)),
            asyncio.create_task(conversations.catch_up_forever(catch_up_every)),
        ])  # fmt: skip
        yield
        await stop_background()
        await retry_lease.release()
        await timers_lease.release()
        await assistant.close()
        if redis is not None:
            await redis.close()
            await redis.connection_pool.disconnect()

    async def close_sockets(app: web.Application) -> None:
        await stop_background()
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
