"""The service as a shop runs it (``python -m bot init`` and ``python -m bot serve``), with its parts killed in turn.

``fault_run`` starts the launcher on a private var directory and free ports, plays ``faults.play``'s
customers and member of staff through it while the action server, Rasa and the gateway are each killed
(SIGKILL, as an out-of-memory kill) and brought back by the launcher, stops it with SIGTERM, and counts
what the database and the logs hold. The fault test asserts on the result; ``python -m benchmarks``
records it in docs/benchmarks.md.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp

from benchmarks import faults
from bot.context import build_context
from bot.rasa.stack import free_port
from bot.settings import PROJECT_ROOT, Settings
from bot.shop.policy_loader import load_policy

PARTS = ("actions", "rasa", "web")
CALM = 15.0  # seconds of ordinary chatting before the first kill and after each part is back
BACK_WITHIN = 240.0  # a part the launcher has not brought back by then ends the run


def status_parts(var_dir: Path) -> dict[str, dict[str, Any]]:
    """The launcher's ``status.json`` in ``var_dir``, by process name (empty while it has none)."""
    try:
        status = json.loads((var_dir / "status.json").read_text())
    except (OSError, ValueError):
        return {}
    return {part["name"]: part for part in status["processes"]}


def status_pid(var_dir: Path, part: str) -> int | None:
    """The process id of ``part`` as the launcher's ``status.json`` names it now."""
    pid = status_parts(var_dir).get(part, {}).get("pid")
    return pid if isinstance(pid, int) else None


async def kill_each_in_turn(
    parts: Sequence[str],
    pid: Callable[[str], int | None],
    answers: Callable[[aiohttp.ClientSession, str], Awaitable[bool]],
) -> list[faults.Outage]:
    """Kill each of ``parts`` (SIGKILL) one after another; each time wait until the launcher has it answering again.

    ``pid`` tells a part's process id now, ``answers`` whether it answers.
    """
    outages = []
    async with aiohttp.ClientSession() as http:
        await asyncio.sleep(CALM)
        for part in parts:
            was = pid(part)
            assert was is not None, f"status.json names no {part} process"
            killed = time.monotonic()
            os.kill(was, signal.SIGKILL)
            while not (pid(part) not in (None, was) and await answers(http, part)):
                if time.monotonic() - killed > BACK_WITHIN:
                    raise TimeoutError(f"the launcher did not bring {part} back within {BACK_WITHIN:.0f} s")
                await asyncio.sleep(0.25)
            outages.append(faults.Outage(part, killed, time.monotonic()))
            await asyncio.sleep(CALM)
    return outages


class Launched:
    """``python -m bot serve`` on free ports, and what its ``status.json`` says."""

    def __init__(self, settings: Settings, root: Path = PROJECT_ROOT) -> None:
        self.settings = settings
        self.root = root  # the project whose code runs (another checkout for a before-and-after benchmark)
        self.ports = {"rasa": free_port(), "actions": free_port(), "web": free_port()}
        self.web_url = f"http://127.0.0.1:{self.ports['web']}"
        self.env = {**os.environ, **settings.as_environment(), "CONCIERGE_PUBLIC_URL": self.web_url}
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """``init``, then ``serve`` in the background (its output in ``var/launcher.log``)."""
        run = [sys.executable, "-m", "bot"]
        subprocess.run([*run, "init"], cwd=self.root, env=self.env, check=True, capture_output=True, timeout=300)
        with (self.settings.var_dir / "launcher.log").open("ab") as log:
            self.process = subprocess.Popen(
                [*run, "serve", "--rasa-port", str(self.ports["rasa"]), "--action-port", str(self.ports["actions"]),
                 "--web-port", str(self.ports["web"])],
                cwd=self.root, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip

    def parts(self) -> dict[str, dict[str, object]]:
        """The launcher's ``status.json``, by process name (empty while it has none)."""
        return status_parts(self.settings.var_dir)

    def pid(self, part: str) -> int | None:
        """The process id of ``part`` now."""
        return status_pid(self.settings.var_dir, part)

    async def answers(self, http: aiohttp.ClientSession, part: str) -> bool:
        """Whether ``part`` answers its health check (Rasa: with a model loaded)."""
        token = (self.settings.var_dir / "rasa_token").read_text().strip()
        url = {"actions": f"http://127.0.0.1:{self.ports['actions']}/health",
               "rasa": f"http://127.0.0.1:{self.ports['rasa']}/status?token={token}",
               "web": f"{self.web_url}/health"}[part]  # fmt: skip
        try:
            async with http.get(url, timeout=aiohttp.ClientTimeout(total=5)) as response:
                body = await response.json()
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError):
            return False
        return bool(body.get("model_file")) if part == "rasa" else body.get("status") == "ok"

    async def ready(self, timeout: float = 900) -> None:
        """Wait until every part answers (the first start may train a model)."""
        deadline = time.monotonic() + timeout
        async with aiohttp.ClientSession() as http:
            while not (set(PARTS) <= self.parts().keys() and all([await self.answers(http, p) for p in PARTS])):
                assert self.process is not None and self.process.poll() is None, "the launcher stopped; see its log"
                if time.monotonic() > deadline:
                    raise TimeoutError(f"the service was not up after {timeout:.0f} s; see {self.settings.var_dir}")
                await asyncio.sleep(0.5)

    async def kill_each_in_turn(self) -> list[faults.Outage]:
        """Kill the action server, Rasa and the gateway one after another; each time wait until it is back."""
        return await kill_each_in_turn(PARTS, self.pid, self.answers)

    def stop(self) -> int:
        """SIGTERM, as a service manager stops it; its exit status."""
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=120)


@dataclass(frozen=True)
class FaultRun:
    """What the fault run saw and left behind."""

    tally: faults.Tally
    staff: faults.StaffTally
    outages: list[faults.Outage]
    duplicates: int  # cases beyond the first in one chat
    cases: int  # cases made in the customers' chats
    locked: int  # "database is locked" in the processes' logs
    exit_status: int  # the launcher's, after SIGTERM
    left_running: list[int]  # processes still there after the launcher stopped
    seconds: float
    customers: int

    def summary(self) -> str:
        """The figures in one paragraph."""
        return (f"{faults.summary(self.tally, self.outages, self.duplicates, self.locked)} Staff console: "
                f"{self.staff.pages} pages, {len(self.staff.failed)} failed, {self.staff.unreachable} asked while "
                f"the gateway was down. Launcher stopped with exit status {self.exit_status}, "
                f"{len(self.left_running)} processes left running; {self.seconds:.0f} s in all.")  # fmt: skip


def private_settings(var_dir: Path, root: Path = PROJECT_ROOT, **overrides: Any) -> Settings:
    """Settings of a service of the project at ``root`` with its own database, data key and demo policy in ``var_dir``.

    ``var_dir`` is created and given a copy of ``root``'s ``organization.yml``; ``overrides`` are other fields.
    """
    var_dir.mkdir(parents=True, exist_ok=True)
    policy_path = var_dir / "organization.yml"
    policy_path.write_bytes((root / "organization.yml").read_bytes())
    return Settings(var_dir=var_dir, database_url=f"sqlite:///{var_dir / 'concierge.db'}", policy_path=policy_path,
                    project_dir=root, data_key=None, **overrides)  # fmt: skip


def fault_run(var_dir: Path, customers: int = 21) -> FaultRun:
    """The whole run on a fresh ``var_dir`` (with a copy of the demo policy); see the module's docstring."""
    settings = private_settings(var_dir)
    policy_path = settings.policy_path
    launched = Launched(settings)
    started = time.monotonic()
    launched.start()
    children: list[int] = []
    try:
        asyncio.run(launched.ready())
        top = load_policy(policy_path).ladder()[-1].id.replace("_", "-")  # sees every queue
        logins = dict(line.split("\t")[:2] for line in (var_dir / "demo-staff.txt").read_text().splitlines())
        playing = faults.play(launched.web_url, launched.kill_each_in_turn, (top, logins[top]), customers)
        tally, staff, outages = asyncio.run(asyncio.wait_for(playing, timeout=900))
        children = [pid for pid in map(launched.pid, PARTS) if pid is not None]
    finally:
        exit_status = launched.stop()
    deadline = time.monotonic() + 30
    while any(Path(f"/proc/{pid}").exists() for pid in children) and time.monotonic() < deadline:
        time.sleep(0.2)
    context = build_context(settings)
    try:
        with context.sessions() as session:
            duplicates = faults.duplicate_cases(session, tally.conversations)
            cases = faults.cases_in(session, tally.conversations)
    finally:
        context.sessions.kw["bind"].dispose()
    locked = sum(
        path.read_text(errors="replace").count("database is locked") for path in (var_dir / "logs").glob("*.log")
    )
    return FaultRun(tally, staff, outages, duplicates, cases, locked, exit_status,
                    [pid for pid in children if Path(f"/proc/{pid}").exists()], time.monotonic() - started,
                    customers)  # fmt: skip
