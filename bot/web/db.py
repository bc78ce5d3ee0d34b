"""Service calls from the event loop: each in a worker thread, with a session and transaction of its own."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from bot.context import Context


async def run_in_db(context: Context, work: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run a service function with a session of its own, in a worker thread, in one transaction."""

    def run() -> Any:
        with context.sessions() as session, session.begin():
            return work(session, *args, **kwargs)

    return await asyncio.to_thread(run)
