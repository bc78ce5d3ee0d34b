"""Simulated customers: realistic conversations played through the gateway's websocket and straight to Rasa.

Latency of a message through the gateway is the time from sending it to the "typing off" frame that
follows the assistant's last line for it; straight to Rasa it is the REST call's round trip.

A customer reads each answer and types the next message: ``think`` is the range of seconds that takes
(drawn afresh for every message, the same draws on both routes). ``think=(0, 0)`` sends each message the
moment the last answer came: that measures how much the service can take flat out, not customers.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import time
from dataclasses import dataclass, field

import aiohttp

ENQUIRIES = ["hello", "are you open on Sunday in Mong Kok?", "how much to change a Seiko battery?",
             "where is order 10023?", "what is the gold price today?", "do you have Omega watches?",
             "thanks, bye"]  # fmt: skip
PHONE = "9123 4567"  # each simulated customer gets a number of their own in its place
COMPLAINT = ["I want to make a complaint", "I agree", "Chan Tai Man", PHONE, "Product quality or defect",
             "an 18K gold bracelet", "yesterday", "Mong Kok", "The clasp broke the day after I bought it.",
             "refund", "HK$2,500", "yes", "thank you"]  # fmt: skip
STATUS = ["I'd like to check my complaint", "CS-7Q4K-92XD", "4567", "is my repair R-2031 ready?",
          "what's your warranty on watches?", "ok thanks"]  # fmt: skip
CONVERSATIONS = (ENQUIRIES, COMPLAINT, STATUS)
TIMEOUT = 60.0
APOLOGY = "can't answer right now"  # from the gateway's apology when the assistant is unreachable


@dataclass
class Run:
    """Latencies (seconds) of every answered message, the messages lost, and the wall time."""

    latencies: list[float] = field(default_factory=list)
    lost: int = 0
    seconds: float = 0.0

    def percentile(self, p: float) -> float:
        """The ``p``-th percentile latency in milliseconds."""
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return 1000 * ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]

    @property
    def per_second(self) -> float:
        """Answered messages per second."""
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def summary(self) -> dict[str, float]:
        """p50, p95, p99 in ms, messages per second, lost."""
        return {"p50": self.percentile(50), "p95": self.percentile(95), "p99": self.percentile(99),
                "mean": 1000 * statistics.fmean(self.latencies) if self.latencies else float("nan"),
                "per_second": self.per_second, "messages": len(self.latencies), "lost": self.lost}  # fmt: skip


async def _customer_via_gateway(http: aiohttp.ClientSession, url: str, turns: list[str], pauses: list[float],
                                run: Run) -> None:  # fmt: skip
    async with http.ws_connect(url.replace("http", "ws", 1) + "/chat") as socket:
        await socket.send_json({"type": "hello"})
        while (await socket.receive_json(timeout=TIMEOUT))["type"] != "welcome":
            pass
        for text, pause in zip(turns, pauses):
            await asyncio.sleep(pause)
            started = time.perf_counter()
            await socket.send_json({"type": "message", "text": text})
            answered = False
            try:
                while True:
                    frame = await socket.receive_json(timeout=TIMEOUT)
                    if frame["type"] == "error":  # refused (too long, too fast): not answered
                        run.lost += 1
                        break
                    if frame["type"] == "line" and frame["author"] == "assistant":
                        if APOLOGY in frame["text"]:  # the assistant is unreachable: kept, not answered
                            run.lost += 1
                            break
                        answered = True
                    elif frame["type"] == "typing" and not frame["on"] and answered:
                        run.latencies.append(time.perf_counter() - started)
                        break
            except (asyncio.TimeoutError, TypeError):
                run.lost += 1


async def _customer_via_rest(http: aiohttp.ClientSession, rasa_url: str, sender: str, turns: list[str],
                             pauses: list[float], run: Run) -> None:  # fmt: skip
    for text, pause in zip(turns, pauses):
        await asyncio.sleep(pause)
        started = time.perf_counter()
        try:
            async with http.post(f"{rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": text},
                                 timeout=aiohttp.ClientTimeout(total=TIMEOUT)) as response:  # fmt: skip
                replies = await response.json()
            if response.status == 200 and replies:
                run.latencies.append(time.perf_counter() - started)
            else:
                run.lost += 1
        except (aiohttp.ClientError, asyncio.TimeoutError):
            run.lost += 1


def from_own_network(n: int) -> aiohttp.TCPConnector:
    """A connection from loopback address 127.0.1.x of customer ``n``'s own: customers come from many networks.

    The gateway limits the chats one address may open; behind the balancer it sees the address each customer
    connects from, so simulated customers spread over loopback addresses as real ones over their networks.
    """
    return aiohttp.TCPConnector(limit=4, local_addr=(f"127.0.{1 + n // 250}.{1 + n % 250}", 0))


async def play(concurrent: int, *, gateway_url: str | None = None, rasa_url: str | None = None,
               think: tuple[float, float] = (0.0, 0.0), own_networks: bool = False) -> Run:  # fmt: skip
    """Customers playing the conversations, ``concurrent`` at a time; at least one of each conversation.

    Before each message after the first, a customer pauses for a time drawn from ``think`` (seconds); the first
    comes after up to ``think``'s longest pause, so customers do not all arrive in the same instant.
    ``own_networks``: each customer connects from a loopback address of its own (``from_own_network``).
    """
    run = Run()
    started = time.perf_counter()
    tag = f"bench-{int(started * 1000)}"
    gate = asyncio.Semaphore(concurrent)

    first_phone = random.randrange(60_000_000, 69_000_000)  # distinct customers: no "repeat complainant" routing

    async def customer(n: int, http: aiohttp.ClientSession) -> None:
        phone = str(first_phone + n)
        turns = [f"{phone[:4]} {phone[4:]}" if t == PHONE else t for t in CONVERSATIONS[n % len(CONVERSATIONS)]]
        draw = random.Random(n)  # the same pauses for customer n on both routes
        pauses = [draw.uniform(0, think[1])] + [draw.uniform(*think) for _ in turns[1:]]  # customers arrive spread out
        async with gate:
            if gateway_url is not None and own_networks:
                async with aiohttp.ClientSession(connector=from_own_network(n)) as own:
                    await _customer_via_gateway(own, gateway_url, turns, pauses, run)
            elif gateway_url is not None:
                await _customer_via_gateway(http, gateway_url, turns, pauses, run)
            else:
                assert rasa_url is not None
                await _customer_via_rest(http, rasa_url, f"{tag}-{n}", turns, pauses, run)

    connector = aiohttp.TCPConnector(limit=concurrent + 5)
    async with aiohttp.ClientSession(connector=connector) as http:
        await asyncio.gather(*(customer(n, http) for n in range(max(concurrent, len(CONVERSATIONS)))))
    run.seconds = time.perf_counter() - started
    return run
