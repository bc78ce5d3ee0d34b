"""The widget and the console at the three sizes people use them, each page checked not to scroll sideways.

The pictures go to ``$CONCIERGE_SCREENSHOTS`` when it is set (``docs/screenshots``, linked from the README:
``CONCIERGE_SCREENSHOTS=docs/screenshots .venv/bin/python -m pytest tests/browser/test_screenshots.py``),
else to a temporary directory.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from bot.context import Context
from bot.rasa.stack import Stack
from tests.browser.pages import Customer, Staff
from tests.staffing import lodge, make_staff

pytestmark = pytest.mark.servers
NewContext = Callable[[], BrowserContext]
SIZES = {"desktop": (1280, 900), "laptop": (1366, 768), "phone": (390, 844)}


def shoot(page: Page, folder: Path, name: str, size: str) -> None:
    """Check the page does not scroll sideways, then keep its picture."""
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    page.wait_for_timeout(150)  # one layout pass after the resize, before the picture (no condition to wait on)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {width}x{height}"
    page.screenshot(path=str(folder / f"{name}-{size}.png"))


def test_the_widget_and_the_console_at_desktop_laptop_and_phone_sizes(
    web_stack: Stack, web_context: Context, new_context: NewContext, tmp_path: Path
) -> None:
    folder = Path(os.environ.get("CONCIERGE_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    manager = Staff(new_context().new_page(), web_stack.web_url)
    username, password = make_staff(web_context, "store_manager")
    manager.sign_in(username, password)
    manager.page.goto(f"{web_stack.web_url}/staff/profile")
    manager.page.fill("#chat-name-form input[name=chat_name]", "Mei (Customer Service)")
    manager.page.click("#chat-name-form button")
    manager.go_online()
    manager.page.click("header nav >> text=Queue")

    customer = Customer(new_context().new_page(), web_stack.web_url)
    conversation = customer.page.evaluate("sessionStorage.getItem('concierge.conversation')")
    customer.say("how much to change a Seiko battery?")
    story = "The clasp of the 18K gold bracelet I bought in Mong Kok broke after a week."
    reference = lodge(web_context, conversation, now=web_context.now(), phone=f"6{secrets.randbelow(10**7):07d}",
                      description=story)  # fmt: skip
    customer.say("I want to talk to a person")
    waiting = Customer(new_context().new_page(), web_stack.web_url)
    waiting.say("can I speak to someone about a repair please")
    manager.queue_row(reference)
    for size in SIZES:
        shoot(manager.page, folder, "console-queue", size)
    manager.queue_row(reference).locator("button.accept").click()
    customer.wait_for_line("assistant", "has joined the chat")
    manager.page.fill("#reply-text", "Hello, I'm sorry about the clasp. I can arrange a free repair.")
    manager.page.click("#reply-send")
    customer.wait_for_line("staff", "free repair")
    expect(manager.page.locator("#transcript li.staff")).to_have_count(1)

    for size in SIZES:
        shoot(customer.page, folder, "widget", size)
        shoot(manager.page, folder, "console-chat", size)
    manager.page.goto(f"{web_stack.web_url}/staff/cases/{reference}")
    for size in SIZES:
        shoot(manager.page, folder, "console-case", size)
    manager.page.goto(f"{web_stack.web_url}/staff/cases")
    for size in SIZES:
        shoot(manager.page, folder, "console-cases", size)
    assert len(list(folder.glob("*.png"))) >= 15
