"""The service-quality dashboard on a year of a mid-size retailer: 200,000 conversations and 10,000 cases.

The year is written straight into the tables (the demo history goes through the services, far too slowly for
this many), shaped like the demo's: customer lines at the hours customers come, handoffs, ratings, fallbacks,
cases with their SLA pledges and steps. Then the console is asked for its pages over HTTP, as a manager's browser
would, on SQLite and on PostgreSQL; each page is timed several times and the median kept.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import random
import re
import secrets
import statistics
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from bot.context import Context
from bot.db.models import (
    Case,
    CaseEvent,
    Consent,
    Conversation,
    HandoffRequest,
    InboxMessage,
    Rating,
    SlaPledge,
    TranscriptLine,
)
from bot.quality.demo import HOUR_WEIGHTS
from bot.quality.period import Period
from bot.staff.accounts import add_staff
from bot.web.app import create_app

QUALITY_START = "<!-- quality: python -m benchmarks --only quality rewrites from here -->"
QUALITY_END = "<!-- end of quality -->"
CONVERSATIONS, CASES = 200_000, 10_000
PLACES = ("central", "tsim_sha_tsui", "mong_kok", "sha_tin", "online")
CATEGORIES = ("product", "service", "delivery", "price", "repair")
PRODUCTS = ("18K gold bracelet", "Tissot watch", "diamond ring", "pearl necklace", "Omega Seamaster watch")
ROUNDS = 5


@dataclass(frozen=True)
class Timing:
    """A page of the console on a database: median and slowest of ``ROUNDS`` requests, in seconds."""

    database: str
    page: str
    median: float
    slowest: float


def _chunks(rows: Iterator[dict[str, Any]], size: int = 5000) -> Iterator[list[dict[str, Any]]]:
    chunk: list[dict[str, Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _write(session: Session, model: Any, rows: Iterator[dict[str, Any]]) -> int:
    count = 0
    for chunk in _chunks(rows):
        session.execute(insert(model), chunk)
        count += len(chunk)
    return count


def year_of_service(context: Context, now: dt.datetime, conversations: int = CONVERSATIONS,
                    cases: int = CASES) -> dict[str, int]:  # fmt: skip
    """Write a year before ``now``; returns the rows written per table."""
    policy, vault = context.policy, context.vault
    pick = random.Random(14)
    start = now - dt.timedelta(days=365)
    said, name, phone = vault.encrypt("how much to change a Seiko battery"), vault.encrypt("…"), vault.encrypt("9…")

    def moment() -> dt.datetime:
        day = start + dt.timedelta(days=pick.randrange(365))
        local = day.astimezone(policy.zone).replace(hour=pick.choices(range(24), HOUR_WEIGHTS)[0],
                                                    minute=pick.randrange(60))  # fmt: skip
        return local.astimezone(dt.timezone.utc)

    written: dict[str, int] = {}
    with context.sessions() as session, session.begin():
        staff_ids = [add_staff(session, f"bench-{i}", f"Bench {i}", role, secrets.token_hex(8), policy)
                     for i, role in enumerate(("customer_service_officer",) * 6 + ("supervisor",) * 2)]  # fmt: skip
        consent = Consent(conversation_id="bench", statement_version=policy.privacy.collection_statement.version,
                          accepted=True)  # fmt: skip
        session.add(consent)
        session.flush()
        starts = [(f"y-{n:06d}", moment()) for n in range(conversations)]
        lines = {c: pick.randint(1, 5) for c, _ in starts}
        written["conversations"] = _write(session, Conversation, (
            {"conversation_id": c, "first_at": at, "last_at": at + dt.timedelta(seconds=40 * (lines[c] - 1)),
             "customer_lines": lines[c]} for c, at in starts
        ))  # fmt: skip
        written["transcript_lines"] = _write(session, TranscriptLine, (
            {"conversation_id": c, "author": "customer", "at": at + dt.timedelta(seconds=40 * i),
             "text": said, "buttons": "[]", "relayed": True, "language": "en"}
            for c, at in starts for i in range(lines[c])
        ))  # fmt: skip
        asked = [(c, at) for c, at in starts if pick.random() < 0.12]
        taken = [(c, at, pick.choice(staff_ids)) for c, at in asked if pick.random() < 0.5]
        written["handoff_requests"] = _write(session, HandoffRequest, (
            {"conversation_id": c, "role": "customer_service_officer", "reason": "asked", "status": "closed",
             "requested_at": at, "taken_by": s, "taken_at": at + dt.timedelta(minutes=pick.choice((1, 2, 4, 9)))}
            for c, at, s in taken
        ))  # fmt: skip
        written["transcript_lines"] += _write(session, TranscriptLine, (
            {"conversation_id": c, "author": "staff", "at": at + dt.timedelta(minutes=5), "text": said,
             "buttons": "[]", "relayed": True, "language": "en"} for c, at, _ in taken
        ))  # fmt: skip
        written["ratings"] = _write(session, Rating, (
            {"conversation_id": c, "staff_id": s, "score": pick.choices((5, 4, 3, 2, 1), (45, 30, 12, 8, 5))[0],
             "comment": "", "at": at + dt.timedelta(minutes=15)} for c, at, s in taken if pick.random() < 0.6
        ))  # fmt: skip
        written["nlu_inbox"] = _write(session, InboxMessage, (
            {"text": "…", "group_key": "…", "source": "fallback", "conversation_id": c, "at": at,
             "status": "dismissed", "predicted_intent": "nlu_fallback", "confidence": 0.2}
            for c, at in starts if pick.random() < 0.15
        ))  # fmt: skip
        lodged = sorted(moment() for _ in range(cases))
        written["cases"] = _write(session, Case, (
            {"reference": f"CS-{n:04d}-BNCH", "intake_key": f"bench-{n}", "conversation_id": f"y-{n:06d}",
             "status": "resolved" if at < now - dt.timedelta(days=3) else "new",
             "category": pick.choice(CATEGORIES), "product": pick.choice(PRODUCTS),
             "incident_place": pick.choice(PLACES),
             "description": vault.encrypt(pick.choice(("The clasp broke after a week",
                                                                 "The staff were rude to me",
                                                                 "The parcel never arrived"))),
             "desired_outcome": pick.choice(("repair", "refund", "apology")), "claim_amount_hkd": None,
             "severity_signals": "", "vip": False, "prior_cases": int(pick.random() < 0.08),
             "assigned_role": "customer_service_officer", "routing_reasons": "bench",
             "acknowledge_by": at + dt.timedelta(hours=4), "resolve_by": at + dt.timedelta(hours=27),
             "customer_name_encrypted": name, "contact_encrypted": phone, "contact_kind": "phone",
             "contact_digest": f"d{n % 9000}", "consent_id": consent.id, "created_at": at, "updated_at": at}
            for n, at in enumerate(lodged)
        ))  # fmt: skip
        ids_at = dict(session.execute(select(Case.id, Case.created_at)).all())
        ids = list(ids_at)
        written["sla_pledges"] = _write(session, SlaPledge, (
            {"case_id": i, "kind": kind, "role": "customer_service_officer", "made_at": ids_at[i],
             "due_at": ids_at[i] + dt.timedelta(hours=hours),
             "closed_at": ids_at[i] + dt.timedelta(hours=hours * pick.choice((0.3, 0.6, 0.9, 1.4))),
             "closed_how": "met"}
            for i in ids for kind, hours in (("acknowledge", 4), ("resolve", 27))
        ))  # fmt: skip
        written["case_events"] = _write(session, CaseEvent, (
            {"case_id": i, "at": ids_at[i] + dt.timedelta(hours=pick.choice((3, 9, 20))), "actor": "Bench",
             "staff_id": pick.choice(staff_ids), "kind": kind,
             "detail": '{"remedy": "repair", "amount_hkd": 0, "text": "Checked the clasp with the workshop"}'}
            for i in ids for kind in ("note", "settled") + (("settlement_refused",) if pick.random() < 0.05 else ())
        ))  # fmt: skip
    return written


async def time_pages(context: Context, pages: dict[str, str], database: str) -> list[Timing]:
    """Each page asked ``ROUNDS`` times (after one to warm up) by a customer service manager signed in over HTTP."""
    app = create_app(context, "http://127.0.0.1:9", jobs_every=10**6)
    with context.sessions() as session, session.begin():
        add_staff(
            session, "bench-manager", "Bench Manager", "customer_service_manager", "bench-password-1", context.policy
        )
    async with TestClient(TestServer(app)) as client:
        form = await (await client.get("/staff/login")).text()
        token = re.search(r'name="csrf" value="([^"]+)"', form)
        assert token is not None
        await client.post("/staff/login", data={"csrf": token.group(1), "username": "bench-manager",
                                                "password": "bench-password-1"})  # fmt: skip
        found = []
        for page, path in pages.items():
            seconds = []
            for _ in range(ROUNDS + 1):  # the first warms the caches and is left out
                started = time.perf_counter()
                response = await client.get(path)
                await response.read()
                assert response.status == 200, (path, response.status)
                seconds.append(time.perf_counter() - started)
            found.append(Timing(database, page, statistics.median(seconds[1:]), max(seconds[1:])))
    return found


def pages_of(today: dt.date) -> dict[str, str]:
    """The pages a manager opens, with the periods they ask."""
    month, quarter = Period.weeks_before(today, 4), Period.weeks_before(today, 13)
    return {
        "dashboard, last 4 weeks": "/staff/quality",
        "dashboard, last 13 weeks": f"/staff/quality?from={quarter.first}&to={quarter.last}",
        "dashboard, one branch, 4 weeks": "/staff/quality?unit=mong_kok",
        "drill-down: complaints of 4 weeks": "/staff/quality/drill?figure=complaints",
        "drill-down: conversations of 4 weeks": "/staff/quality/drill?figure=conversations",
        "figures as CSV, 4 weeks": f"/staff/quality/report.csv?from={month.first}&to={month.last}",
    }


def dashboard_timings(context: Context, database: str) -> tuple[dict[str, int], list[Timing]]:
    """A year of service written into ``context``'s database, then the dashboard's pages timed."""
    started = time.perf_counter()
    written = year_of_service(context, context.now())
    print(f"quality ({database}): wrote a year ({', '.join(f'{n:,} {t}' for t, n in written.items())}) in "
          f"{time.perf_counter() - started:.0f} s", flush=True)  # fmt: skip
    timings = asyncio.run(time_pages(context, pages_of(context.today()), database))
    for t in timings:
        print(f"quality ({database}): {t.page}: median {t.median:.2f} s, slowest {t.slowest:.2f} s", flush=True)
    return written, timings


def section(written: dict[str, int], timings: list[Timing], when: str) -> str:
    """The report's section: what was written, and each page's time on each database."""
    rows = "\n".join(f"| {t.page} | {t.database} | {t.median:.2f} | {t.slowest:.2f} |" for t in timings)
    default = {t.database: t.median for t in timings if t.page == "dashboard, last 4 weeks"}
    quarter = {t.database: t.median for t in timings if t.page == "dashboard, last 13 weeks"}
    tables = ", ".join(f"{n:,} {table.replace('_', ' ')}" for table, n in written.items())
    return f"""{QUALITY_START}
## The service-quality dashboard on a year of data

Measured on {when} with `.venv/bin/python -m benchmarks --only quality` (part of `make bench`): a year of a
mid-size retailer written into a fresh database ({tables}), then each page asked {ROUNDS} times over HTTP by a
signed-in customer service manager (after one request to warm up), on SQLite and on PostgreSQL. Target (issue 18):
the dashboard answers within one second.

**The dashboard as it opens (the last 4 weeks): {", ".join(f"{s:.2f} s on {d}" for d, s in default.items())}; a
quarter: {", ".join(f"{s:.2f} s on {d}" for d, s in quarter.items())}.**

| page | database | median (s) | slowest (s) |
| --- | --- | --- | --- |
{rows}
{QUALITY_END}"""
