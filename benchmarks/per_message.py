"""Cost per message: the code and model before issue 14 beside the working tree's, in one run.

``python -m benchmarks.per_message [--before REV] [--rounds N]`` checks REV out in a git worktree under
``var/bench-per-message`` and starts it and the working tree as a shop runs them (``python -m bot init`` and
``serve``, each on a private var directory and free ports; the worktree trains its own model from its own
``config.yml`` the first time and keeps it for the next run). Then it measures both, alternating round by
round, so that the machine slowing down or speeding up falls on both alike:

- the CPU each process (with its children) spends per message, one customer at a time through the gateway
  playing the three conversations of ``benchmarks.load``;
- messages per second with 10 customers flat out through the gateway, the same mix;
- every turn of a complaint intake sent straight to Rasa (median over the rounds), to see whether a form
  turn late in the conversation costs more than an early one; and the same complaint after five enquiries in
  the same session, so the same form turns are taken about 40 events deeper into the conversation.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

from benchmarks import load
from benchmarks.launched import PARTS, Launched, private_settings
from benchmarks.memory import cpu_seconds
from bot.settings import PROJECT_ROOT

BEFORE = "1c9e6f53a7d3a669b52e8019f1a2eed453da9e41"  # main when issue 14's per-message work began
FLAT_OUT = 10  # customers at once, each sending the moment the last answer came
EARLY, LATE = slice(1, 4), slice(8, 11)  # form questions 2-4 (consent, name, phone) and 9-11 (story to amount)
SUBMIT = 11  # turn 12: the summary confirmed, the case made and routed
FORM = slice(1, 11)  # turns 2-11: the form's questions answered
# Five enquiries before the complaint (none asks for proof of identity): about 35 events, below the roll-over.
_PUBLIC = [text for text in load.ENQUIRIES if text not in ("hello", "where is order 10023?", "thanks, bye")]
DEEPER = [*_PUBLIC, _PUBLIC[0]]


@dataclass
class Costs:
    """What one service cost, summed over the rounds."""

    label: str
    cpu: dict[str, float] = field(default_factory=lambda: dict.fromkeys(PARTS, 0.0))  # seconds
    messages: int = 0  # answered in the CPU rounds
    flat_out: list[tuple[int, float]] = field(default_factory=list)  # (messages answered, seconds) per round
    turns: list[list[float]] = field(default_factory=list)  # seconds of each complaint turn, per round
    deep_turns: list[list[float]] = field(default_factory=list)  # the same, the complaint after ``DEEPER``

    def cpu_ms(self) -> dict[str, float]:
        """CPU milliseconds per message, by process."""
        return {part: 1000 * seconds / max(self.messages, 1) for part, seconds in self.cpu.items()}

    def per_second(self) -> float:
        """Messages per second flat out, over every round."""
        return sum(n for n, _ in self.flat_out) / sum(s for _, s in self.flat_out)

    def turn_ms(self, deep: bool = False) -> list[float]:
        """Milliseconds of each complaint turn (``deep``: after ``DEEPER``), the median over the rounds."""
        return [1000 * statistics.median(turn) for turn in zip(*(self.deep_turns if deep else self.turns))]

    def depth_ms(self) -> float:
        """What a form turn costs more when taken after ``DEEPER``: the median of the turns' differences."""
        return statistics.median(d - f for d, f in zip(self.turn_ms(deep=True)[FORM], self.turn_ms()[FORM]))

    def early_late(self) -> tuple[float, float]:
        """Median milliseconds of the early form turns and of the late ones."""
        turns = self.turn_ms()
        return statistics.median(turns[EARLY]), statistics.median(turns[LATE])


def worktree(revision: str, where: Path) -> Path:
    """A git worktree of ``revision`` at ``where`` (reused when it is there already, with its trained model)."""
    head = subprocess.run(["git", "-C", str(where), "rev-parse", "HEAD"], capture_output=True, text=True)
    if where.exists() and head.returncode == 0 and head.stdout.strip() == revision:
        return where
    shutil.rmtree(where, ignore_errors=True)
    subprocess.run(["git", "worktree", "prune"], cwd=PROJECT_ROOT, check=True)
    subprocess.run(["git", "worktree", "add", "--detach", str(where), revision], cwd=PROJECT_ROOT, check=True,
                   capture_output=True)  # fmt: skip
    return where


def launched(root: Path, var_dir: Path) -> Launched:
    """The service of the project at ``root`` on a fresh private database in ``var_dir``, up and answering."""
    shutil.rmtree(var_dir, ignore_errors=True)
    # Simulated customers type instantly: the flood limit of one chat is lifted (chat_rate).
    service = Launched(private_settings(var_dir, root, chat_rate=(1e6, 1e6)), root)
    service.start()
    asyncio.run(service.ready(timeout=1800))  # the worktree's first start trains its model
    return service


def rasa_url(service: Launched) -> str:
    """Rasa's own address in ``service``."""
    return f"http://127.0.0.1:{service.ports['rasa']}"


async def complaint_turns(url: str, sender: str, first: list[str] | tuple[()] = ()) -> list[float]:
    """Seconds of each turn of one complaint intake sent straight to Rasa's REST channel (after ``first``)."""
    costs, said = [], []
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=load.TIMEOUT)) as http:
        for text in [*first, *load.COMPLAINT]:
            text = f"6{sender[-3:]} {sender[-4:]}" if text == load.PHONE else text
            started = time.perf_counter()
            async with http.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": text}) as reply:
                answers = await reply.json() if reply.status == 200 else []
            costs.append(time.perf_counter() - started)
            assert answers, f"Rasa did not answer {text!r}"
            said += [answer.get("text") or "" for answer in answers]
    assert any("CS-" in text for text in said), f"{sender}: the complaint was not taken to a case reference"
    return costs[len(first) :]


def measure_round(service: Launched, costs: Costs, n: int) -> None:
    """One round of each measure on ``service``, added to ``costs``."""
    pids = {part: service.pid(part) for part in PARTS}
    before = {part: cpu_seconds(pid) for part, pid in pids.items() if pid is not None}
    played = asyncio.run(load.play(1, gateway_url=service.web_url))
    assert not played.lost, f"{costs.label}: {played.lost} messages lost"
    for part, seconds in before.items():
        costs.cpu[part] += cpu_seconds(pids[part] or 0) - seconds
    costs.messages += len(played.latencies)
    flat = asyncio.run(load.play(FLAT_OUT, gateway_url=service.web_url))
    assert not flat.lost, f"{costs.label}: {flat.lost} messages lost flat out"
    costs.flat_out.append((len(flat.latencies), flat.seconds))
    costs.turns.append(asyncio.run(complaint_turns(rasa_url(service), f"turns-{costs.label}-{n:04d}")))
    costs.deep_turns.append(asyncio.run(complaint_turns(rasa_url(service), f"deep-{costs.label}-{n:04d}", DEEPER)))


def side_by_side(before: str = BEFORE, rounds: int = 5) -> tuple[Costs, Costs]:
    """``before`` (a revision) and the working tree, started together and measured in alternating rounds."""
    where = PROJECT_ROOT / "var" / "bench-per-message"
    old = worktree(before, where / "before")
    services = {"before": launched(old, where / "var-before"), "now": launched(PROJECT_ROOT, where / "var-now")}
    try:
        results = {label: Costs(label) for label in services}
        for label, service in services.items():  # warm up: the first messages load what Rasa loads lazily
            asyncio.run(load.play(1, rasa_url=rasa_url(service)))
        for n in range(rounds):
            for label, service in services.items():
                measure_round(service, results[label], n)
        return results["before"], results["now"]
    finally:
        for service in services.values():
            service.stop()


def summary(costs: Costs) -> str:
    """The numbers of one service, as a line."""
    early, late = costs.early_late()
    cpu = ", ".join(f"{part} {ms:.1f} ms" for part, ms in costs.cpu_ms().items())
    turns = " ".join(f"{ms:.0f}" for ms in costs.turn_ms())
    return (f"{costs.label}: CPU per message {cpu}; {FLAT_OUT} flat out {costs.per_second():.1f} msg/s; "
            f"complaint turns {turns} ms (early {early:.0f}, late {late:.0f}; a form turn after five enquiries "
            f"{costs.depth_ms():+.1f} ms)")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    """Measure the revision before and the working tree; print both."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.per_message")
    parser.add_argument("--before", default=BEFORE, help="the revision to compare with (default: %(default)s)")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    before, after = side_by_side(args.before, args.rounds)
    print(summary(before), summary(after), sep="\n")
    print(f"flat out: x{after.per_second() / before.per_second():.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
