"""In a real browser: the admin console as an admin uses it (issue 15, point 8), at a desk and on a phone.

Intents read with their meaning, a low rating sends only what the assistant was unsure of, the admin's view of
a conversation hides the customer's data but not the shop's own address and phone, and retraining asks first.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import pytest
import requests
from playwright.sync_api import Browser, BrowserContext, Page, expect
from sqlalchemy import func, select

from bot.context import Context
from bot.db.models import AssistantModel, InboxMessage
from bot.rasa.stack import Stack
from bot.training import inbox
from tests.browser.pages import Customer
from tests.staffing import make_staff
from tests.waiting import wait_until

pytestmark = pytest.mark.servers
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def admin_on(browser: Browser, web_stack: Stack, web_context: Context) -> Iterator[object]:
    """An admin signed in through the form, in a browser of the given viewport."""
    made: list[BrowserContext] = []

    def sign_in(viewport: dict[str, int]) -> Page:
        context = browser.new_context(viewport=viewport)  # type: ignore[arg-type]
        context.set_default_timeout(60_000)
        made.append(context)
        page = context.new_page()
        username, password = make_staff(web_context, "admin")
        page.goto(web_stack.web_url + "/staff/login")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("#login button")
        expect(page.locator("h1")).to_contain_text("NLU inbox")
        return page

    yield sign_in
    for context in made:
        context.close()


def fits_the_screen(page: Page) -> bool:
    """No horizontal scrolling: the page is no wider than the viewport."""
    return bool(page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"))


def rasa(stack: Stack, conversation: str, text: str) -> None:
    """A message to Rasa in the customer's conversation, as the gateway relays one."""
    response = requests.post(f"{stack.rasa_url}/webhooks/rest/webhook", json={"sender": conversation, "message": text},
                             timeout=120)  # fmt: skip
    response.raise_for_status()


def confidences(stack: Stack, conversation: str) -> dict[str, float]:
    """What Rasa made of each line the customer typed: text → confidence."""
    events = requests.get(f"{stack.rasa_url}/conversations/{conversation}/tracker", params={"token": stack.token},
                          timeout=60).json()["events"]  # fmt: skip
    return {s.text: s.confidence or 0.0 for s in inbox.customer_messages(events)}


def test_a_low_rated_chat_reaches_the_inbox_with_only_its_unsure_lines_and_reads_redacted_but_for_the_shop(
    web_stack: Stack, web_context: Context, new_context: object, admin_on: object
) -> None:
    customer = Customer(new_context().new_page(), web_stack.web_url)  # type: ignore[operator]
    understood = "What is the phone number of your Central shop?"
    answer = customer.say(understood)
    assert "68 Queen's Road Central" in answer and "2888 1101" in answer, answer
    customer.say("my name is Chan Tai Man, call me back on 9123 4567 about the thingy")
    conversation = customer.page.evaluate("sessionStorage.getItem('concierge.conversation')")

    # A person handed the chat back and the customer rated it 2 (the real rating form and action).
    for text in ("/EXTERNAL_handed_back", "2", "no"):
        rasa(web_stack, conversation, text)
    below = web_context.policy.training.inbox_below
    said = confidences(web_stack, conversation)
    assert said[understood] >= below  # understood: nothing to learn from it
    unsure = {text for text, confidence in said.items() if confidence < below}

    def kept() -> set[str]:
        with web_context.sessions() as s:
            return set(s.scalars(select(InboxMessage.text).where(InboxMessage.conversation_id == conversation)))

    if unsure:
        wait_until(lambda: len(kept()) == len(unsure), timeout=30, what="the unsure lines in the inbox")
    assert not any("Central shop" in text for text in kept())
    assert all("9123" not in text and "Tai Man" not in text for text in kept())

    # The admin, on a phone: the inbox has no card for the understood line, and fits the screen.
    admin = admin_on(PHONE)  # type: ignore[operator]
    expect(admin.locator(".inbox-group", has_text="phone number of your Central shop")).to_have_count(0)
    assert fits_the_screen(admin)

    # The conversation as the admin reads it: the shop's address and phone stay, the customer's go.
    admin.goto(f"{web_stack.web_url}/staff/admin/conversations/{conversation}")
    assistant = admin.locator("#transcript li.assistant", has_text="Queen's Road")
    expect(assistant).to_contain_text("68 Queen's Road Central")
    expect(assistant).to_contain_text("+852 2888 1101")
    customer_line = admin.locator("#transcript li.customer", has_text="about the thingy")
    expect(customer_line).to_contain_text("my name is [NAME]")
    expect(customer_line).to_contain_text("call me back on [PHONE]")
    expect(admin.locator("#transcript")).not_to_contain_text("9123")
    assert fits_the_screen(admin)


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, PHONE], ids=["desk", "phone"])
def test_the_admin_reads_each_intent_with_its_meaning_where_they_label(
    viewport: dict[str, int], web_context: Context, admin_on: object
) -> None:
    text = f"do u fix the thingy on my wotch {secrets.token_hex(2)}"
    with web_context.sessions() as s, s.begin():
        inbox.capture(s, inbox.Said(text, "ask_repair_service", 0.42, None), "unsure", f"web-{secrets.token_hex(4)}",
                      web_context.now())  # fmt: skip
    admin = admin_on(viewport)  # type: ignore[operator]
    admin.reload()
    group = admin.locator(".inbox-group", has_text=text)
    expect(group).to_contain_text("understood as ask_repair_service (repair, servicing, battery change")
    choice = group.locator("select[name=intent]")
    expect(choice.locator("option[value=ask_store_info]")).to_have_text(
        "ask_store_info — opening hours, addresses, phone numbers, nearest branch, holidays"
    )
    choice.select_option("ask_warranty")
    expect(choice.locator("option:checked")).to_have_text("ask_warranty — warranty terms and coverage")
    expect(group.locator("button.label")).to_be_visible()
    assert fits_the_screen(admin)


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, PHONE], ids=["desk", "phone"])
def test_retraining_asks_first_and_says_how_long_it_takes(
    viewport: dict[str, int], web_stack: Stack, web_context: Context, admin_on: object
) -> None:
    def runs() -> int:
        with web_context.sessions() as s:
            return int(s.scalar(select(func.count()).select_from(AssistantModel).where(
                AssistantModel.status.in_(("training", "evaluating")))) or 0)  # fmt: skip

    admin = admin_on(viewport)  # type: ignore[operator]
    admin.click("text=Models")
    expect(admin.locator("#retrain")).to_be_visible()
    assert fits_the_screen(admin)
    admin.click("#retrain-full")
    expect(admin.locator("h1")).to_have_text("Retrain the assistant?")
    expect(admin.locator("#expected-time")).to_contain_text("Retraining takes about 3 minutes")
    expect(admin.locator("#confirm-retrain")).to_be_visible()
    assert fits_the_screen(admin)
    admin.click("#cancel-retrain")  # thought better of it: nothing runs
    expect(admin.locator("h1")).to_have_text("Models")
    assert runs() == 0
