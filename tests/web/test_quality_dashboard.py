"""The service-quality dashboard over HTTP: who may read it and of which units, drill-downs, CSV downloads."""

from __future__ import annotations

import asyncio
import csv
import io
import re
from collections.abc import Awaitable, Callable

from aiohttp.test_utils import TestClient

from bot.context import Context
from bot.web.app import create_app
from tests.quality.history import seed_history, seed_recent
from tests.staffing import make_staff
from tests.web.console import sign_in

Client = Callable[..., Awaitable[TestClient]]
NOWHERE = "http://127.0.0.1:9"  # no assistant: these tests need none


async def eventually(check: Callable[[], Awaitable[str]], timeout: float = 30) -> str:
    """Wait until ``await check()`` is not empty; fail after ``timeout`` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not (result := await check()):
        assert loop.time() < deadline, "condition not met in time"
        await asyncio.sleep(0.2)
    return result


async def signed_in(aiohttp_client: Client, context: Context, role: str, branch: str | None = None) -> TestClient:
    client = await aiohttp_client(create_app(context, NOWHERE))
    assert (await sign_in(client, *make_staff(context, role, branch))).status == 303
    return client


async def test_a_supervisor_is_refused_and_sees_no_link_to_it(aiohttp_client: Client, context: Context) -> None:
    client = await signed_in(aiohttp_client, context, "supervisor")
    refused = await client.get("/staff/quality")
    assert refused.status == 403
    assert "The service-quality dashboard is for Customer Service Manager and Store Manager only." in (
        await refused.text()
    )
    assert (await client.get("/staff/quality/report.csv")).status == 403
    assert "/staff/quality" not in await (await client.get("/staff")).text()


async def test_a_store_manager_sees_their_own_branch_only(aiohttp_client: Client, context: Context) -> None:
    late, kept = seed_recent(context)
    client = await signed_in(aiohttp_client, context, "store_manager", "mong_kok")
    page = await (await client.get("/staff/quality")).text()
    assert 'href="/staff/quality" aria-current="page"' in page
    assert 'data-unit="mong_kok" data-criterion="acknowledged_in_sla"' in page
    assert 'data-unit="central"' not in page and 'value="central"' not in page
    assert '<tr class="missed" data-unit="mong_kok" data-criterion="acknowledged_in_sla">' in page
    other = await client.get("/staff/quality?unit=central")
    assert other.status == 403 and "You see the figures of Mong Kok only." in await other.text()
    drill = await (await client.get("/staff/quality/drill?figure=acknowledge_missed")).text()
    assert late in drill and kept not in drill
    no_branch = await signed_in(aiohttp_client, context, "store_manager")
    refused = await no_branch.get("/staff/quality")
    assert refused.status == 403 and "ask an administrator to set it" in await refused.text()


async def test_the_manager_drills_down_and_downloads_csv(aiohttp_client: Client, context: Context) -> None:
    late, kept = seed_recent(context)
    client = await signed_in(aiohttp_client, context, "customer_service_manager")
    page = await (await client.get("/staff/quality")).text()
    for section in ('id="criteria"', 'id="figures"', 'id="trends"', 'id="by-category-place"', "<svg"):
        assert section in page
    assert "<script>" not in page  # charts are drawn on the server: no inline script
    assert '<tr class="met" data-unit="central" data-criterion="acknowledged_in_sla">' in page
    cell = re.search(r'<td data-label="Mong Kok"><a href="([^"]+)">1</a>', page)  # complaints by category and branch
    assert cell is not None
    behind_cell = await (await client.get(cell.group(1).replace("&amp;", "&"))).text()
    assert late in behind_cell and kept not in behind_cell
    settled = await (await client.get("/staff/quality/drill?figure=settled")).text()
    assert kept in settled and late not in settled
    drill_csv = await client.get("/staff/quality/drill.csv?figure=complaints&unit=mong_kok")
    assert drill_csv.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(await drill_csv.text())))
    assert [row["case"] for row in rows] == [late]
    assert rows[0]["where"] == "Mong Kok" and "Chan Tai Man" not in await drill_csv.text()  # no personal data
    report = list(csv.DictReader(io.StringIO(await (await client.get("/staff/quality/report.csv")).text())))
    assert {"section", "name", "this_period", "previous_period"} <= set(report[0])
    complaints = next(row for row in report if row["name"] == "Complaints received")
    assert int(complaints["this_period"]) >= 2
    bad = await client.get("/staff/quality/drill?figure=nonsense")
    assert bad.status == 422 and "&#x27;nonsense&#x27; is not a figure" in await bad.text()
    wrong = await client.get("/staff/quality?from=2026-13-01&to=2026-12-01")
    assert wrong.status == 422 and "YYYY-MM-DD" in await wrong.text()


async def test_an_admin_reads_every_unit(aiohttp_client: Client, context: Context) -> None:
    client = await signed_in(aiohttp_client, context, "admin")
    page = await client.get("/staff/quality?unit=chat")
    assert page.status == 200 and 'data-unit="chat"' in await page.text()


def this_period(page: str, figure: str) -> str:
    """The "this period" cell of a figure's row, as HTML."""
    found = re.search(rf'data-figure="{figure}">.*?<td data-label="This period">(.*?)</td>', page, re.S)
    assert found, figure
    return found.group(1)


async def test_staff_see_their_own_figures_and_managers_anyones(aiohttp_client: Client, context: Context) -> None:
    history = seed_history(context)
    week = "from=2026-12-21&to=2026-12-27"
    officer = await aiohttp_client(create_app(context, NOWHERE))
    assert (await sign_in(officer, "officer-h")).status == 303
    page = await (await officer.get(f"/staff/performance?{week}")).text()
    assert "<h2>Your figures</h2>" in page and "<h2>Team: Customer Service Officer</h2>" in page
    assert (this_period(page, "handoffs_taken"), this_period(page, "satisfaction")) == ("3", "50.0%")
    assert "/staff/quality/drill" not in page  # the records behind are for managers
    other = await officer.get(f"/staff/performance?{week}&staff={history.supervisor.staff_id}")
    assert other.status == 403 and "Your own figures only" in await other.text()
    manager = await signed_in(aiohttp_client, context, "customer_service_manager")
    theirs = await (await manager.get(f"/staff/performance?{week}&staff={history.supervisor.staff_id}")).text()
    assert "<h2>Supervisor-H (Customer Service Supervisor)</h2>" in theirs
    assert this_period(theirs, "settlements_refused").startswith('<a href="/staff/quality/drill?')


async def test_the_gateway_prepares_last_weeks_report_and_managers_read_it(
    aiohttp_client: Client, context: Context
) -> None:
    seed_recent(context)
    client = await aiohttp_client(create_app(context, NOWHERE, jobs_every=0.2))
    assert (await sign_in(client, *make_staff(context, "customer_service_manager"))).status == 303

    async def listed() -> str:
        page = await (await client.get("/staff/quality/reports")).text()
        return page if 'id="reports"' in page else ""

    page = await eventually(listed)
    link = re.search(r'href="(/staff/quality/reports/\d+)"', page)
    assert link is not None
    shown = await (await client.get(link.group(1))).text()
    assert 'id="criteria"' in shown and "Mong Kok: Acknowledged within the SLA" in shown
    download = await client.get(link.group(1) + ".csv")
    assert download.status == 200 and "Content-Disposition" in download.headers
    manager = await signed_in(aiohttp_client, context, "store_manager", "mong_kok")
    refused = await manager.get(link.group(1))
    assert refused.status == 403 and "covers the whole shop" in await refused.text()
