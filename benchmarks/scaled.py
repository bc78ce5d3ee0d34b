"""The scaled deployment (``python -m bot serve --scale``) under faults and under load.

``fault_run`` starts it on a private var directory (its own PostgreSQL, Redis, two Rasa servers, two
action servers, two gateways and nginx) and plays ``faults.play``'s customers and member of staff through
the balancer while a gateway, a Rasa server, an action server, Redis and PostgreSQL are each killed (SIGKILL)
and brought back by the supervisor. ``throughput`` plays customers flat out through the balancer at several
levels, on one Rasa server and then on two. ``python -m benchmarks --only scale`` records both in
docs/benchmarks.md; the scaled fault test asserts on ``fault_run``.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import aiohttp
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from benchmarks import faults, load
from benchmarks.launched import FaultRun, kill_each_in_turn, private_settings, status_parts, status_pid
from bot.cluster.deployment import postgres_data
from bot.rasa import health
from bot.rasa.stack import free_port
from bot.settings import PROJECT_ROOT, Settings

PARTS = ("web-1", "rasa-1", "actions-1", "redis", "postgres")
SCALE_START = "<!-- scale: python -m benchmarks --only scale rewrites from here -->"
SCALE_END = "<!-- end of scale -->"


class ScaledService:
    """``python -m bot serve --scale`` on a free port, and what its ``status.json`` says."""

    def __init__(self, settings: Settings, rasa: int = 2, gateways: int = 2) -> None:
        self.settings, self.rasa, self.gateways = settings, rasa, gateways
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, **settings.as_environment(), "CONCIERGE_PUBLIC_URL": self.url, "PYTHONUNBUFFERED": "1"}
        self.env = {k: v for k, v in env.items() if k not in ("DATABASE_URL", "REDIS_URL")}  # local ones
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def log(self) -> Path:
        """What the launcher printed."""
        return self.settings.var_dir / "launcher.log"

    def start(self) -> None:
        """Start it in the background."""
        self.settings.var_dir.mkdir(parents=True, exist_ok=True)
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "bot", "serve", "--scale", "--web-port", str(self.port),
                 "--rasa", str(self.rasa), "--gateways", str(self.gateways)],
                cwd=PROJECT_ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip

    def parts(self) -> dict[str, dict[str, Any]]:
        """``status.json`` by process name."""
        return status_parts(self.settings.var_dir)

    def pid(self, part: str) -> int | None:
        """The process id of ``part`` now."""
        return status_pid(self.settings.var_dir, part)

    def database_url(self) -> str:
        """The local PostgreSQL's service database."""
        address = self.parts()["postgres"]["health_url"].removeprefix("tcp://")
        return f"postgresql://concierge@{address}/concierge"

    async def answers(self, http: aiohttp.ClientSession, part: str) -> bool:
        """Whether ``part`` answers (a Rasa server: with its model loaded)."""
        url = str(self.parts().get(part, {}).get("health_url", ""))
        if url.startswith("tcp://"):
            return await asyncio.to_thread(health.answers, url)
        if part.startswith("rasa"):
            url = url.rstrip("/") + "/status?token=" + (self.settings.var_dir / "rasa_token").read_text().strip()
        try:
            async with http.get(url, timeout=aiohttp.ClientTimeout(total=5)) as response:
                body = await response.json()
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError):
            return False
        return bool(body.get("model_file")) if part.startswith("rasa") else body.get("status") == "ok"

    def ready(self, timeout: float = 900) -> None:
        """Wait until the launcher says it runs (the first start may train a model)."""
        deadline = time.monotonic() + timeout
        while "Concierge is running" not in self.log.read_text(errors="replace"):
            assert self.process is not None and self.process.poll() is None, self.log.read_text(errors="replace")
            if time.monotonic() > deadline:
                raise TimeoutError(f"the scaled service was not up after {timeout:.0f} s; see {self.log}")
            time.sleep(0.5)

    async def kill_each_in_turn(self) -> list[faults.Outage]:
        """Kill each part one after another; each time wait until the supervisor has it answering again."""
        return await kill_each_in_turn(PARTS, self.pid, self.answers)

    def stop(self) -> int:
        """SIGTERM, as a service manager stops it; its exit status.

        Its PostgreSQL cluster is removed too (as root it lies outside the var directory).
        """
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        status = self.process.wait(timeout=180)
        shutil.rmtree(postgres_data(self.settings.var_dir), ignore_errors=True)
        return status


def fault_run(var_dir: Path, customers: int = 50) -> FaultRun:
    """The whole run on a fresh ``var_dir``; see the module's docstring."""
    service = ScaledService(private_settings(var_dir))
    started = time.monotonic()
    service.start()
    children: list[int] = []
    try:
        service.ready()
        logins = dict(line.split("\t")[:2] for line in (var_dir / "demo-staff.txt").read_text().splitlines())
        top = "customer-service-manager"  # sees every queue
        playing = faults.play(service.url, service.kill_each_in_turn, (top, logins[top]), customers, own_networks=True)
        tally, staff, outages = asyncio.run(asyncio.wait_for(playing, timeout=1500))
        children = [pid for pid in map(service.pid, service.parts()) if pid is not None]
        engine = create_engine(service.database_url(), future=True)
        with Session(engine) as session:
            duplicates = faults.duplicate_cases(session, tally.conversations)
            cases = faults.cases_in(session, tally.conversations)
        engine.dispose()
    finally:
        exit_status = service.stop()
    deadline = time.monotonic() + 30
    while any(Path(f"/proc/{pid}").exists() for pid in children) and time.monotonic() < deadline:
        time.sleep(0.2)
    locked = sum(path.read_text(errors="replace").count("database is locked")
                 for path in (var_dir / "logs").glob("*.log"))  # fmt: skip
    return FaultRun(tally, staff, outages, duplicates, cases, locked, exit_status,
                    [pid for pid in children if Path(f"/proc/{pid}").exists()], time.monotonic() - started,
                    customers)  # fmt: skip


def throughput(var_dir: Path, levels: tuple[int, ...] = (1, 10, 50, 200),
               rasa_counts: tuple[int, ...] = (1, 2)) -> dict[int, dict[int, dict[str, float]]]:  # fmt: skip
    """Customers flat out through the balancer at each level, for each number of Rasa servers: their numbers."""
    found: dict[int, dict[int, dict[str, float]]] = {}
    for rasa in rasa_counts:
        settings = private_settings(var_dir / f"rasa-{rasa}", chat_rate=(1e6, 1e6))
        service = ScaledService(settings, rasa=rasa, gateways=2)
        service.start()
        try:
            service.ready()
            asyncio.run(load.play(3, gateway_url=service.url, own_networks=True))  # warm up
            found[rasa] = {}
            for level in levels:
                numbers = asyncio.run(load.play(level, gateway_url=service.url, own_networks=True)).summary()
                found[rasa][level] = numbers
                print(f"scale: {rasa} Rasa server(s), {level:3} customers flat out: {numbers['per_second']:.1f} msg/s, "
                      f"p50 {numbers['p50']:.0f} ms, p95 {numbers['p95']:.0f} ms, {int(numbers['lost'])} lost of "
                      f"{int(numbers['messages'] + numbers['lost'])}", flush=True)  # fmt: skip
        finally:
            service.stop()
    return found


def section(found: dict[int, dict[int, dict[str, float]]], run: FaultRun, day: str) -> str:
    """The report's section: throughput by level and Rasa servers, the scaling factor, and the fault run."""
    counts = sorted(found)
    levels = sorted(found[counts[0]])
    head = "| customers | " + " | ".join(f"{c} Rasa: msg/s | p95 ms" for c in counts) + " | scaling (msg/s) |"
    rule = "|---:|" + "---:|---:|" * len(counts) + "---:|"
    rows = []
    for level in levels:
        cells = " | ".join(f"{found[c][level]['per_second']:.1f} | {found[c][level]['p95']:.0f}" for c in counts)
        factor = found[counts[-1]][level]["per_second"] / max(found[counts[0]][level]["per_second"], 1e-9)
        rows.append(f"| {level} | {cells} | ×{factor:.2f} |")
    table = "\n".join([head, rule, *rows])
    return f"""{SCALE_START}
## Several Rasa servers and gateways (`python -m benchmarks --only scale`, {day}, {os.cpu_count()} cores)

`python -m bot serve --scale` on this machine: a local PostgreSQL and Redis, two gateways and two action servers
behind nginx, and one or two Rasa servers. Customers play the load benchmark's conversations flat out (each sends
its next message the moment the answer came), each from a loopback address of its own, through the balancer.

{table}

Fault run through the balancer, {run.customers} customers (each part killed with SIGKILL in turn and restarted by
the supervisor): {run.summary()}
{SCALE_END}
"""
