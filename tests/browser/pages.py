"""The widget and the console as a person uses them in the browser."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

REFERENCE = re.compile(r"CS-[0-9A-Z]{4}-[0-9A-Z]{4}")


class Customer:
    """A customer on the demo shop page with the chat widget."""

    def __init__(self, page: Page, url: str | None) -> None:
        self.page = page
        self.dialogs: list[str] = []
        page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        if url is not None:
            page.goto(url + "/")
            self.open()

    @classmethod
    def on(cls, page: Page) -> Customer:
        """The customer of a page where the chat is open already."""
        return cls(page, None)

    def open(self) -> None:
        """Open the chat panel (after a reload it may be open already)."""
        launcher = self.page.locator("#concierge-launcher")
        if launcher.get_attribute("aria-expanded") != "true":
            launcher.click()
        expect(self.page.locator("#concierge-panel")).to_be_visible()
        expect(self.page.locator(".concierge-line").first).to_be_visible()  # greeted, or the chat so far

    def lines(self, author: str) -> list[str]:
        """The texts of every line by ``author`` shown so far."""
        return self.page.locator(f".concierge-{author} .concierge-text").all_inner_texts()

    def say(self, text: str, *, expect_reply: bool = True) -> str:
        """Type and send ``text``; return the assistant's next line (once it shows)."""
        before = self.page.locator(".concierge-assistant").count()
        self.page.fill("#concierge-input", text)
        self.page.press("#concierge-input", "Enter")
        if not expect_reply:
            return ""
        return self.next_assistant_line(before)

    def next_assistant_line(self, before: int) -> str:
        """The newest assistant line once there are more than ``before``."""
        self.page.wait_for_function("n => document.querySelectorAll('.concierge-assistant').length > n", arg=before,
                                    timeout=120_000)  # fmt: skip
        self.page.wait_for_timeout(0)
        return self.page.locator(".concierge-assistant .concierge-text").last.inner_text()

    def wait_for_line(self, author: str, text: str) -> None:
        """Wait until a line by ``author`` containing ``text`` shows."""
        expect(self.page.locator(f".concierge-{author}", has_text=text).last).to_be_visible(timeout=60_000)

    def click_reply(self, title: str) -> str:
        """Click a quick reply; return the assistant's next line."""
        before = self.page.locator(".concierge-assistant").count()
        self.page.locator(".concierge-replies button", has_text=title).click()
        return self.next_assistant_line(before)


class Staff:
    """A member of staff in the console."""

    def __init__(self, page: Page, url: str) -> None:
        self.page = page
        self.url = url
        self.dialogs: list[str] = []
        page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))

    def sign_in(self, username: str, password: str) -> None:
        """Sign in through the form."""
        self.page.goto(self.url + "/staff/login")
        self.page.fill("input[name=username]", username)
        self.page.fill("input[name=password]", password)
        self.page.click("#login button")

    def go_online(self) -> None:
        """Switch to online and wait for the live connection."""
        expect(self.page.locator("#presence")).to_be_visible()
        if self.page.locator("#presence").inner_text() != "online":
            self.page.click("#presence-toggle")
        expect(self.page.locator("#presence")).to_have_text("online")
        self.page.wait_for_selector("body[data-live=yes]")

    def queue_row(self, text: str) -> object:
        """The queue row mentioning ``text``, once the live queue shows it."""
        row = self.page.locator("#queue-rows tr", has_text=text)
        expect(row).to_be_visible(timeout=60_000)
        return row

    def notice(self) -> str:
        """The notice shown after a form."""
        return self.page.locator("#notice").inner_text()
