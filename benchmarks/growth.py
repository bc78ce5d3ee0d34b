"""Cost growth: does a message cost more late in a long conversation than early on?"""

from __future__ import annotations

import statistics
import time

import aiohttp

from benchmarks.load import ENQUIRIES, TIMEOUT

LONG_CONVERSATION = [text for text in ENQUIRIES if text not in ("hello", "thanks, bye")]


async def turn_latencies(rasa_url: str, sender: str, turns: int = 50) -> list[float]:
    """Seconds per message of one conversation of ``turns`` enquiries sent straight to Rasa, in order."""
    costs = []
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=TIMEOUT)) as http:
        for n in range(turns):
            text = LONG_CONVERSATION[n % len(LONG_CONVERSATION)]
            started = time.perf_counter()
            async with http.post(f"{rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": text}) as r:
                await r.read()
            costs.append(time.perf_counter() - started)
    return costs


def early_and_late(costs: list[float]) -> tuple[float, float]:
    """Median milliseconds around turn 5 (turns 3-7) and around turn 50 (the last five turns)."""
    return 1000 * statistics.median(costs[2:7]), 1000 * statistics.median(costs[-5:])
