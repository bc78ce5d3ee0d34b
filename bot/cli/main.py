"""Command line of Concierge.

``check`` validates the configuration; ``init`` upgrades the database to the newest schema and seeds the demo
shop; ``train`` trains if the data changed; ``serve`` also runs the servers, restarting any that stops;
``status`` tells which of them answer; ``chat`` talks to a running assistant;
``inbox`` and ``model`` are the admin console's inbox and model registry (``bot.cli.admin``); ``report`` prints
the service-quality figures of a period (``bot.cli.report``).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import getpass
import os
import signal
import sys
import time
from pathlib import Path

from sqlalchemy.engine import make_url

from bot.cli.admin import add_commands as add_admin_commands
from bot.cli.admin import run_inbox, run_model
from bot.cli.chat import chat
from bot.cli.report import add_command as add_report_command
from bot.cli.report import run_report
from bot.context import Context, build_context
from bot.db.engine import make_engine
from bot.db.migrate import Upgraded, head, upgrade
from bot.db.seed import seed_demo_shop
from bot.errors import ConfigurationError, Refused, UnknownBranch, UnknownRole
from bot.privacy import audit
from bot.privacy.retention import cutoffs, forget_conversations, purge
from bot.quality.demo import WEEKS, seed_demo_history
from bot.rasa.health import report, supervisor_running
from bot.rasa.stack import Stack, ensure_model
from bot.rasa.supervisor import GaveUp, Supervisor
from bot.settings import PROJECT_ROOT, Settings
from bot.staff.accounts import add_staff, seed_demo_staff, set_branch
from bot.training.progress import Terminal, duration


def demo_logins(settings: Settings) -> str:
    """The demo staff logins made by ``init``, one per line."""
    path = settings.var_dir / "demo-staff.txt"
    lines = [line.split("\t") for line in path.read_text().splitlines()] if path.exists() else []
    return "\n".join(f"    {u:<26} {p:<14} {t}" for u, p, t in lines) or "    (none: run python -m bot init)"


def train_showing_progress(models: Path, log: Path) -> None:
    """``ensure_model`` with its progress on the terminal, and how long it took."""
    started, show = time.monotonic(), Terminal()
    try:
        trained = ensure_model(models, log, show)
    finally:
        show.close()
    took = duration(time.monotonic() - started)
    print(f"Trained a model in {took}." if trained else "The model matches the training data.", flush=True)


def serve_forever(settings: Settings, rasa_port: int, action_port: int, web_port: int) -> int:
    """Train if needed, start the servers, and keep them running until interrupted."""
    models = settings.models_dir
    stack = Stack(settings, models, rasa_port=rasa_port, action_port=action_port, web_port=web_port)
    chosen = stack.model_to_serve()
    if chosen != models:
        print(f"Serving {chosen.name}, the model an admin put in service (retrain from the admin console).")
    else:
        print("Checking the model against the training data (trains if it changed)…", flush=True)
        train_showing_progress(models, settings.var_dir / "logs" / "train.log")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # a service manager's stop ends the servers too
    supervisor = Supervisor(stack.spawners(), stack.logs, settings.var_dir / "status.json", stack.health_urls())
    supervisor.start()
    try:
        while not (stack.actions_ready() and stack.rasa_ready() and stack.web_ready()):
            supervisor.check()
            time.sleep(0.5)
        print(
            f"""
Concierge is running (logs in {stack.logs}; a server that stops is started again):
  Shop with chat {stack.web_url}/   <- open this in a browser; the widget is {stack.web_url}/widget.js
  Staff console  {stack.web_url}/staff   (admin console {stack.web_url}/staff/admin)
                 demo logins (username / password / role):
{demo_logins(settings)}
  Rasa server    {stack.rasa_url}   (loopback only; API token in {settings.var_dir / 'rasa_token'})
  Action server  {stack.action_url}   (loopback only)
Or chat in a terminal:  .venv/bin/python -m bot chat      Health:  .venv/bin/python -m bot status
Press Ctrl-C to stop.""",
            flush=True,
        )
        while True:
            for name in supervisor.check():
                print(f"The {name} server stopped; started it again (see {stack.logs / (name + '.log')}).", flush=True)
            time.sleep(0.5)
    except GaveUp as exc:
        print(f"Stopping: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        supervisor.stop()


def print_status(settings: Settings) -> int:
    """``status``: each process, whether it answers, its restarts; 0 when all answer."""
    parts = report(settings.var_dir)
    if not parts or not supervisor_running(settings.var_dir):
        print("Concierge is not running (start it with scripts/serve).")
        return 3
    for part in parts:
        since = dt.datetime.fromtimestamp(part.since).astimezone().strftime("%Y-%m-%d %H:%M:%S")
        exits = f", last exit {part.last_exit}" if part.last_exit is not None else ""
        print(
            f"{part.name:<8} {part.state:<14} pid {part.pid or '-':<7} since {since}  restarts {part.restarts}{exits}"
        )
    return 0 if all(part.state == "answering" for part in parts) else 1


def upgrade_database(settings: Settings) -> Upgraded:
    """``init``: the database brought to the newest schema (``build_context`` would do it without a word)."""
    engine = make_engine(settings)
    try:
        return upgrade(engine)
    finally:
        engine.dispose()


def shown_url(settings: Settings) -> str:
    """The database URL without its password."""
    shown: str = make_url(settings.database_url).render_as_string(hide_password=True)
    return shown


def purge_expired(context: Context, dry_run: bool) -> int:
    """``purge``: the retention purge, here and in Rasa's tracker store."""
    now = context.now()
    with context.sessions() as session:
        transaction = session.begin()
        purged = purge(session, context.policy.retention, now)
        transaction.rollback() if dry_run else transaction.commit()
    before = cutoffs(context.policy.retention, now)[1]
    rasa = forget_conversations(context.settings.tracker_url, before, dry_run=dry_run)
    print(("Would purge: " if dry_run else "Purged: ") + str(dataclasses.replace(purged, rasa_conversations=rasa)))
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run a command; returns the exit status."""
    os.umask(0o077)  # what the service writes (databases, keys, logs) is its user's alone, in every child too
    parser = argparse.ArgumentParser(prog="python -m bot", description="Concierge administration")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="validate organization.yml and the environment")
    commands.add_parser("status", help="which processes of the running service answer, and their restarts")
    init = commands.add_parser("init", help="upgrade the database to the newest schema, seed the demo shop if empty")
    init.add_argument("--no-demo", action="store_true", help="upgrade the schema only")
    serve = commands.add_parser("serve", help="train if the data changed, then run the action and Rasa servers")
    serve.add_argument("--rasa-port", type=int, default=5005)
    serve.add_argument("--action-port", type=int, default=5055)
    serve.add_argument("--web-port", type=int, default=8080)
    serve.add_argument("--scale", action="store_true",
                       help="several Rasa servers and gateways behind nginx, on PostgreSQL and Redis (local ones "
                            "unless DATABASE_URL and REDIS_URL name servers)")  # fmt: skip
    serve.add_argument("--rasa", type=int, default=2, help="with --scale: how many Rasa servers")
    serve.add_argument("--gateways", type=int, default=2, help="with --scale: how many gateways (and action servers)")
    commands.add_parser("train", help="train a model unless the newest one matches the training data")
    web_cmd = commands.add_parser("web", help="run the web gateway (the one public port)")
    web_cmd.add_argument("--host", default="127.0.0.1")
    web_cmd.add_argument("--port", type=int, default=8080)
    web_cmd.add_argument(
        "--rasa-url",
        default="http://127.0.0.1:5005",
        help="the Rasa server, or several, comma-separated (a conversation goes to one by its id)",
    )
    web_cmd.add_argument("--actions-url", default=os.environ.get("CONCIERGE_ACTION_URL", "").removesuffix("/webhook"),
                         help="the action server Rasa calls (checked when Rasa's reply says nothing); with several "
                              "Rasa servers, the one each calls, comma-separated in the same order")  # fmt: skip
    staff_cmd = commands.add_parser("add-staff", help="create a staff login (asks for the password)")
    staff_cmd.add_argument("username")
    staff_cmd.add_argument("--role", required=True, help="a role id of organization.yml, e.g. supervisor")
    staff_cmd.add_argument("--name", required=True, help="the name customers and colleagues see")
    staff_cmd.add_argument("--branch", help="a branch id of organization.yml: where they work (a store manager's)")
    branch_cmd = commands.add_parser("set-branch", help="set the branch a member of staff works at")
    branch_cmd.add_argument("username")
    branch_cmd.add_argument("branch", help="a branch id of organization.yml, or 'none'")
    audit_cmd = commands.add_parser("audit", help="who viewed personal data: the audit log, newest first")
    audit_cmd.add_argument("--subject", help="one case reference or conversation id")
    audit_cmd.add_argument("--limit", type=int, default=50)
    purge_cmd = commands.add_parser("purge", help="remove personal data past the retention periods of the policy")
    purge_cmd.add_argument("--dry-run", action="store_true", help="count what would go, change nothing")
    add_admin_commands(commands)
    add_report_command(commands)
    chat_cmd = commands.add_parser("chat", help="chat in the terminal with a running assistant")
    chat_cmd.add_argument("--url", default="http://127.0.0.1:5005")
    args = parser.parse_args(argv)
    if args.command == "chat":
        chat(args.url)
        return 0
    if args.command == "status":
        return print_status(Settings.from_env())
    if args.command == "serve" and args.scale:
        from bot.cli.scale import serve_scaled

        try:
            return serve_scaled(Settings.from_env(), args.rasa, args.gateways, args.web_port)
        except ConfigurationError as exc:
            print(f"Configuration error: {exc}", file=sys.stderr)
            return 2
    if args.command == "train":
        log = Settings.from_env().var_dir / "logs" / "train.log"
        print(f"Training if the data changed (log: {log})…", flush=True)
        train_showing_progress(PROJECT_ROOT / "models", log)
        return 0
    try:
        settings = Settings.from_env()
        schema = upgrade_database(settings) if args.command == "init" else None
        context = build_context(settings)
    except ConfigurationError as exc:
        print(f"Configuration error: {exc}", file=sys.stderr)
        return 2
    if args.command == "audit":
        with context.sessions() as session:
            for entry in audit.entries(session, args.subject, args.limit):
                print(
                    f"{entry.at:%Y-%m-%d %H:%M:%S}  {entry.who:<48} {entry.action:<18} {entry.subject:<20} {entry.why}"
                )
        return 0
    if args.command == "purge":
        return purge_expired(context, dry_run=args.dry_run)
    if args.command == "inbox":
        return run_inbox(context, args)
    if args.command == "model":
        return run_model(context, args)
    if args.command == "report":
        return run_report(context, args)
    if args.command == "check":
        print(
            f"OK: {context.settings.policy_path} is valid ({len(context.policy.branches)} branches, "
            f"{len(context.policy.roles)} roles)"
        )
        print(f"OK: the database {shown_url(settings)} is at schema revision {head()} and opens with the data key")
        if settings.redis_url:
            import redis

            where = settings.redis_url.split("@")[-1].removeprefix("redis://").removeprefix("rediss://")
            try:
                redis.Redis.from_url(settings.redis_url, socket_connect_timeout=3).ping()
            except redis.RedisError as exc:
                print(f"Configuration error: environment: REDIS_URL: Redis at {where} does not answer ({exc}). "
                      "Fix: start it, or correct the address and password", file=sys.stderr)  # fmt: skip
                return 2
            print(f"OK: Redis at {where} answers")
        return 0
    if args.command == "serve":
        return serve_forever(context.settings, args.rasa_port, args.action_port, args.web_port)
    if args.command == "add-staff":
        password = getpass.getpass("Password (10 characters or more): ")
        try:
            with context.sessions() as session, session.begin():
                add_staff(session, args.username, args.name, args.role, password, context.policy, args.branch)
        except UnknownBranch:
            branches = ", ".join(b.id for b in context.policy.branches)
            print(f"Not added: '{args.branch}' is not a branch of {context.settings.policy_path} ({branches}).",
                  file=sys.stderr)  # fmt: skip
            return 2
        except UnknownRole:
            roles = ", ".join(r.id for r in context.policy.roles)
            print(
                f"Not added: '{args.role}' is not a role of {context.settings.policy_path} ({roles}).", file=sys.stderr
            )
            return 2
        except ValueError as exc:
            print(f"Not added: {exc}.", file=sys.stderr)
            return 2
        print(f"Added {args.username} as {context.policy.role(args.role).title}.")
        return 0
    if args.command == "set-branch":
        branch = None if args.branch == "none" else args.branch
        try:
            with context.sessions() as session, session.begin():
                name = set_branch(session, args.username, branch, context.policy)
        except UnknownBranch:
            branches = ", ".join(b.id for b in context.policy.branches)
            print(f"Not set: '{args.branch}' is not a branch of {context.settings.policy_path} ({branches}, or none).",
                  file=sys.stderr)  # fmt: skip
            return 2
        except Refused as exc:
            print(f"Not set: {exc}.", file=sys.stderr)
            return 2
        print(f"{name} works at {context.policy.branch(branch).name if branch else 'no branch'}.")
        return 0
    if args.command == "web":
        from aiohttp import web

        from bot.web.app import create_app
        from bot.web.assistant import Server

        rasa_urls = [url.strip() for url in args.rasa_url.split(",") if url.strip()]
        actions_urls = [url.strip() for url in (args.actions_url or "").split(",") if url.strip()]
        if actions_urls and len(actions_urls) != len(rasa_urls):
            print(
                f"Configuration error: --actions-url names {len(actions_urls)} action servers for "
                f"{len(rasa_urls)} Rasa servers. Fix: give one per Rasa server, in the same order.",
                file=sys.stderr,
            )
            return 2
        servers = [Server(url, actions_urls[i] if actions_urls else None) for i, url in enumerate(rasa_urls)]
        app = create_app(context, rasa_urls[0], actions_url=servers[0].actions_url, servers=servers)
        web.run_app(app, host=args.host, port=args.port, print=None)
        return 0
    if not args.no_demo:
        seed_demo(context)
    print(f"Database ready: {shown_url(settings)} ({schema})")
    return 0


def seed_demo(context: Context) -> None:
    """The demo shop, its staff logins and its service history, on a database whose shop tables are empty."""
    with context.sessions() as session, session.begin():
        seeded = seed_demo_shop(session, context.vault, context.today())
        logins = seed_demo_staff(session, context.policy, context.settings.var_dir)
        conversations = seed_demo_history(session, context.policy, context.vault, context.now()) if seeded else 0
    print("Seeded the demo shop." if seeded else "The shop's tables already hold data; left as they are.")
    if conversations:
        print(f"Seeded {WEEKS} weeks of demo service history ({conversations:,} conversations) for the dashboard.")
    print(f"Demo staff logins ({len(logins)}) are in {context.settings.var_dir / 'demo-staff.txt'}.")
