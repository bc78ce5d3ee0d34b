"""A whole service with its gateway, on a shop open round the clock, and Debian's Chromium driven by Playwright."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from playwright.sync_api import Browser, BrowserContext, sync_playwright

from bot.context import Context, build_context
from bot.rasa.stack import Stack, free_port
from tests.conftest import make_settings, running_stack

CHROMIUM = "/usr/bin/chromium"
# As root in a container: no sandbox; no background traffic to Google, which this network refuses.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def open_round_the_clock(policy_path: Path) -> None:
    """Every branch and the service desk open 24 hours every day, so a person can be reached whenever tests run."""
    data = yaml.safe_load(policy_path.read_text())
    always = {day: "00:00-24:00" for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun", "holiday")}
    data["service_hours"] = always
    for branch in data["branches"]:
        branch["hours"] = always
    data["holidays"] = []
    policy_path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))


@pytest.fixture(scope="session")
def web_stack(tmp_path_factory: pytest.TempPathFactory, trained_models: Path) -> Iterator[Stack]:
    """Action server, Rasa server and web gateway on a private database, started once per session."""
    settings = make_settings(tmp_path_factory.mktemp("web-stack") / "var")
    open_round_the_clock(settings.policy_path)
    with running_stack(settings, trained_models, web_port=free_port()) as servers:
        yield servers


@pytest.fixture(scope="session")
def web_context(web_stack: Stack) -> Context:
    """A service context on the web stack's database."""
    return build_context(web_stack.settings)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Headless Debian Chromium, for one module: Playwright's sync API holds an event loop while it runs,
    which the asyncio tests need free, so it is stopped before they run."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_context(browser: Browser) -> Iterator[object]:
    """Make browser contexts (separate cookies and storage, like separate people); closed after the test."""
    made: list[BrowserContext] = []

    def make(**options: Any) -> BrowserContext:
        context = browser.new_context(**options)  # e.g. locale="zh-HK": a browser that prefers Chinese
        context.set_default_timeout(60_000)
        made.append(context)
        return context

    yield make
    for context in made:
        context.close()
