"""In a real browser: the gateway hangs and dies (as an out-of-memory kill would) and is started again, as the
launcher does; the widget reconnects by itself, sends again the line the dead gateway never kept, and shows
the conversation with nothing missing or doubled."""

from __future__ import annotations

import signal
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, expect

from bot.rasa.stack import Stack
from tests.browser.pages import Customer
from tests.waiting import wait_until

pytestmark = pytest.mark.servers
NewContext = Callable[[], BrowserContext]
BATTERY = "how much to change a Seiko battery?"
ORDER = "where is order 10023?"


def test_the_widget_reconnects_to_a_restarted_gateway_and_loses_or_doubles_nothing(
    web_stack: Stack, new_context: NewContext
) -> None:
    customer = Customer(new_context().new_page(), web_stack.web_url)
    assert "HK$180" in customer.say(BATTERY)
    gateway = web_stack.processes["web"]
    gateway.send_signal(signal.SIGSTOP)  # hung: the socket still looks open, so the widget sends into it
    customer.say(ORDER, expect_reply=False)
    gateway.send_signal(signal.SIGKILL)  # and dies before it has read the line
    gateway.wait(timeout=30)
    expect(customer.page.locator(".concierge-customer", has_text=ORDER)).to_have_count(0)  # not shown as kept yet
    web_stack.start_web()  # as the launcher does
    wait_until(web_stack.web_ready, 60, "the gateway back")
    customer.wait_for_line("assistant", "given with order 10023")  # reconnected by itself, sent, answered
    assert customer.lines("customer") == [BATTERY, ORDER]
    ids = customer.page.locator(".concierge-line").evaluate_all("lines => lines.map(l => l.dataset.id)")
    assert len(ids) == len(set(ids)) == 5  # each line once: the greeting, two questions, two answers

    customer.page.reload()  # and the conversation as the gateway kept it is the same
    customer.open()
    expect(customer.page.locator(".concierge-line")).to_have_count(5)
    assert customer.lines("customer") == [BATTERY, ORDER]
    assert sum("HK$180" in line for line in customer.lines("assistant")) == 1
