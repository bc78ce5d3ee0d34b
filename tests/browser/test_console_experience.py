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
    reference = lodge(web_context, f"web-refer-{secrets.token_hex(4)}", now=web_context.now())  # a supervisor's
    supervisor = Staff(new_context().new_page(), web_stack.web_url)
    supervisor.sign_in(*make_staff(web_context, "supervisor"))
    supervisor.page.goto(f"{web_stack.web_url}/staff/cases/{reference}")
    supervisor.page.fill("#refer-form textarea[name=reason]", "The customer asks for a manager")
    supervisor.page.click("#refer-form button")
    expect(supervisor.page).to_have_url(re.compile(r"/staff\?notice="))
    assert supervisor.notice() == "Referred up to the Store Manager."
    expect(supervisor.page.locator("#queue-rows")).to_be_attached()  # their queue, not a bare refusal
    expect(supervisor.page.locator("#error")).to_have_count(0)
