"""In a real browser: the manager opens the service-quality dashboard, filters by branch, drills down from a red
criterion to its cases and downloads them as CSV (issue 18)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, expect

from bot.context import Context
from bot.rasa.stack import Stack
from tests.browser.pages import Staff
from tests.quality.history import seed_recent
from tests.staffing import make_staff

pytestmark = pytest.mark.servers
NewContext = Callable[..., BrowserContext]


def test_the_manager_filters_by_branch_drills_down_from_a_red_criterion_and_downloads_the_csv(
    web_stack: Stack, web_context: Context, new_context: NewContext, tmp_path: Path
) -> None:
    late, kept = seed_recent(web_context)
    errors: list[str] = []
    manager = Staff(new_context(accept_downloads=True).new_page(), web_stack.web_url)
    manager.page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    manager.sign_in(*make_staff(web_context, "customer_service_manager"))
    page = manager.page
    page.click("header nav >> text=Service quality")
    expect(page.locator("h1")).to_have_text("Service quality")
    expect(page.locator("#criteria tbody tr").first).to_be_visible()
    expect(page.locator("#trends svg").first).to_be_visible()  # drawn without a script of its own
    assert page.locator("script:not([src])").count() == 0

    page.select_option("#quality-filters select[name=unit]", "mong_kok")
    page.click("#quality-filters button")
    expect(page).to_have_url(re.compile(r"unit=mong_kok"))
    assert set(page.locator("#criteria tbody tr").evaluate_all("rows => rows.map(r => r.dataset.unit)")) == {"mong_kok"}
    red = page.locator('#criteria tr[data-criterion="acknowledged_in_sla"]')
    expect(red).to_have_class("missed")
    expect(red.locator(".state")).to_have_text("missed")
    red.locator("td a").click()
    expect(page.locator("h1")).to_contain_text("Share of acknowledgement deadlines kept")
    expect(page.locator("#drill")).to_contain_text(late)
    expect(page.locator("#drill")).not_to_contain_text(kept)

    with page.expect_download() as downloading:
        page.click("#drill-csv")
    saved = tmp_path / "drill.csv"
    downloading.value.save_as(saved)
    text = saved.read_text(encoding="utf-8")
    assert text.startswith("when,case,conversation,") and late in text and kept not in text
    page.click(f"#drill a:text('{late}')")
    expect(page.locator("#case-reference")).to_have_text(late)
    assert not [e for e in errors if "Content Security Policy" in e], errors
