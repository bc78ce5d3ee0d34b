"""``python -m bot serve --scale``: the whole service on several processes, behind nginx, on this machine.

PostgreSQL and Redis first (local ones, unless ``DATABASE_URL`` and ``REDIS_URL`` name servers), then the
schema and the demo shop, the model, and the action servers, Rasa servers, gateways and nginx, all under one
supervisor: a process that dies is started again while the others serve.
"""

from __future__ import annotations

import dataclasses
import signal
import sys
import time

from bot.cli.main import demo_logins, seed_demo, train_showing_progress, upgrade_database
from bot.cluster.deployment import Deployment, LocalDatabases
from bot.context import build_context
from bot.errors import ConfigurationError
from bot.rasa.stack import Stack
from bot.rasa.supervisor import GaveUp, Supervisor
from bot.settings import Settings


def serve_scaled(settings: Settings, rasa_count: int, gateway_count: int, port: int) -> int:
    """Start every part, wait until all answer, and keep them running until interrupted."""
    if rasa_count < 1 or gateway_count < 1:
        print("Configuration error: --rasa and --gateways must be 1 or more.", file=sys.stderr)
        return 2
    local = LocalDatabases(settings.var_dir, postgres=settings.database_url.startswith("sqlite"),
                           redis=not settings.redis_url)  # fmt: skip
    if local.postgres:
        settings = dataclasses.replace(settings, database_url=local.database_url)
    if local.redis:
        settings = dataclasses.replace(settings, redis_url=local.redis_url)
    logs = Stack(settings, settings.models_dir)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        supervisor = Supervisor(local.spawners(logs), logs.logs, settings.var_dir / "status.json", local.health_urls())
    except FileNotFoundError as exc:
        print(f"Configuration error: {exc}", file=sys.stderr)
        return 2
    supervisor.start()
    try:
        local.wait_ready(supervisor.check)
        try:
            print(f"Database ready ({upgrade_database(settings)}).", flush=True)
            context = build_context(settings)
        except ConfigurationError as exc:
            print(f"Configuration error: {exc}", file=sys.stderr)
            return 2
        seed_demo(context)
        context.sessions.kw["bind"].dispose()
        print("Checking the model against the training data (trains if it changed)…", flush=True)
        train_showing_progress(settings.models_dir, settings.var_dir / "logs" / "train.log")
        deployment = Deployment(settings, settings.models_dir, rasa_count, gateway_count, port)
        supervisor.add(deployment.spawners(), deployment.health_urls())
        deployment.wait_ready(supervisor.check)
        print(
            f"""
Concierge is running on {rasa_count} Rasa server(s), {gateway_count} action server(s) and {gateway_count} gateway(s)
behind nginx (logs in {logs.logs}; a process that stops is started again):
  Shop with chat {deployment.url}/   (staff console {deployment.url}/staff)
                 demo logins (username / password / role):
{demo_logins(settings)}
  PostgreSQL     {"local, " if local.postgres else ""}{settings.database_url.split("@")[-1]}
  Redis          {"local, " if local.redis else ""}{(settings.redis_url or "").split("@")[-1]}
Health:  .venv/bin/python -m bot status      Press Ctrl-C to stop.""",
            flush=True,
        )
        while True:
            for name in supervisor.check():
                print(f"{name} stopped; started it again (see {logs.logs / (name + '.log')}).", flush=True)
            time.sleep(0.5)
    except GaveUp as exc:
        print(f"Stopping: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second stop signal must not cut the stopping short
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        supervisor.stop()
