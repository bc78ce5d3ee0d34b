"""In a real browser: the console as staff use it, where they used to trip (issue 15's staff points)."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, expect

from bot.context import Context
from bot.rasa.stack import Stack
from tests.browser.pages import Staff
from tests.staffing import lodge, make_staff

pytestmark = pytest.mark.servers
NewContext = Callable[[], BrowserContext]


def test_referring_a_case_up_from_its_page_returns_to_the_queue_with_the_confirmation(
    web_stack: Stack, web_context: Context, new_context: NewContext
) -> None:
    reference = lodge(
        web_context,
        f"web-refer-{secrets.token_hex(4)}",
        now=web_context.now(),
        phone=f"6{secrets.randbelow(10**7):07d}",
    )  # a supervisor's case, of a new customer
    supervisor = Staff(new_context().new_page(), web_stack.web_url)
    supervisor.sign_in(*make_staff(web_context, "supervisor"))
    supervisor.page.goto(f"{web_stack.web_url}/staff/cases/{reference}")
    supervisor.page.fill("#refer-form textarea[name=reason]", "The customer asks for a manager")
    supervisor.page.click("#refer-form button")
    expect(supervisor.page).to_have_url(re.compile(r"/staff\?notice="))
    assert supervisor.notice() == "Referred up to the Store Manager."
    expect(supervisor.page.locator("#queue-rows")).to_be_attached()  # their queue, not a bare refusal
    expect(supervisor.page.locator("#error")).to_have_count(0)


def test_a_case_reads_in_words_without_stray_dashes_or_zero_amounts(
    web_stack: Stack, web_context: Context, new_context: NewContext
) -> None:
    reference = lodge(web_context, f"web-words-{secrets.token_hex(4)}", outcome="apology", amount=None,
                      now=web_context.now(), phone=f"6{secrets.randbelow(10**7):07d}")  # fmt: skip
    supervisor = Staff(new_context().new_page(), web_stack.web_url)
    supervisor.sign_in(*make_staff(web_context, "supervisor"))
    supervisor.go_online()
    supervisor.page.goto(f"{web_stack.web_url}/staff/cases/{reference}")
    expect(supervisor.page.locator("#presence")).to_have_text("online")  # on every page, not only the queue
    case = supervisor.page.locator("#case")
    expect(supervisor.page.locator("#case-status")).to_have_text("New")
    expect(case.locator("dt", has_text="Wants").locator("xpath=following-sibling::dd[1]")).to_have_text("apology")
    expect(case.locator("dt", has_text="Settled").locator("xpath=following-sibling::dd[1]")).to_have_text("not yet")

    supervisor.page.select_option("#settle-form select[name=remedy]", "apology")
    supervisor.page.fill("#settle-form textarea[name=solution]", "Apologised by phone for the delay")
    supervisor.page.click("#settle-form button")
    expect(supervisor.page.locator("#case-status")).to_have_text("Resolved")
    expect(case.locator("dt", has_text="Settled").locator("xpath=following-sibling::dd[1]")).to_have_text("apology")
    text = case.inner_text()
    for raw in ("HK$0", "['", "in_progress", "–"):
        assert raw not in text, f"{raw!r} shows on the case page:\n{text}"
