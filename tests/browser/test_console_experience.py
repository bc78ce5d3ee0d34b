"""In a real browser: the console as staff use it, where they used to trip (issue 15's staff points)."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, expect

from bot.context import Context
from bot.rasa.stack import Stack
from tests.browser.pages import REFERENCE, Customer, Staff
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


def test_the_customer_is_told_in_the_open_chat_when_their_case_is_settled_and_closed(
    web_stack: Stack, web_context: Context, new_context: NewContext
) -> None:
    page = new_context().new_page()
    page.set_viewport_size({"width": 390, "height": 844})  # on the phone, as customers mostly are
    customer = Customer(page, web_stack.web_url)
    conversation = page.evaluate("sessionStorage.getItem('concierge.conversation')")
    phone = f"6{secrets.randbelow(10**7):07d}"
    reference = lodge(web_context, conversation, now=web_context.now(), phone=phone)  # as the intake form does
    manager = Staff(new_context().new_page(), web_stack.web_url)
    manager.sign_in(*make_staff(web_context, "store_manager"))
    manager.page.goto(f"{web_stack.web_url}/staff/cases/{reference}")
    manager.page.select_option("#settle-form select[name=remedy]", "refund")
    manager.page.fill("#settle-form input[name=amount]", "1500")
    manager.page.fill("#settle-form textarea[name=solution]", "Full refund to your card within 3 working days")
    manager.page.click("#settle-form button")
    expect(manager.page.locator("#notice")).to_have_text("Case settled: refund HK$1,500. The customer is told.")
    customer.wait_for_line("assistant", f"An update on your case {reference}: it has been resolved with refund")

    manager.page.click("#close-form button")
    expect(manager.page.locator("#case-status")).to_have_text("Closed")
    customer.wait_for_line("assistant", f"Your case {reference} is now closed")
    expect(manager.page.locator("#events li[data-kind=customer_told]")).to_have_count(2)

    answer = customer.say(f"what is the status of my case {reference}?")
    if "last 4 digits" in answer:
        answer = customer.say(phone[-4:])
    assert answer.startswith(f"Case {reference} is closed (last update: closed on "), answer
    assert "aim to resolve" not in answer

    page.reload()  # at the next visit to the chat, the news is there
    customer.open()
    expect(page.locator(".concierge-assistant", has_text="is now closed")).to_be_visible()


def test_a_customer_asking_for_a_person_about_an_earlier_case_reaches_its_handler_with_the_case(
    web_stack: Stack, web_context: Context, new_context: NewContext
) -> None:
    phone = f"6{secrets.randbelow(10**7):07d}"
    reference = lodge(web_context, f"web-earlier-{secrets.token_hex(4)}", now=web_context.now(), phone=phone)
    handler = Staff(new_context().new_page(), web_stack.web_url)
    handler.sign_in(*make_staff(web_context, "store_manager"))
    handler.go_online()
    customer = Customer(new_context().new_page(), web_stack.web_url)
    customer.say(f"I'd like to speak to a person about my complaint {reference}")
    customer.wait_for_line("assistant", "I'll first check that it is yours")
    customer.wait_for_line("assistant", "last 4 digits of the phone number on the case")
    assert customer.say(phone[-4:]).startswith("Thank you, that matches.")
    row = handler.queue_row(reference)
    expect(row).to_contain_text("they proved the contact on it")
    row.locator("button.accept").click()
    expect(handler.page.locator("#case-reference")).to_have_text(reference)  # the case beside the live chat
    customer.wait_for_line("assistant", "has joined the chat")


def test_staff_open_a_case_from_a_chat_without_one_prefilled_then_settle_it(
    web_stack: Stack, web_context: Context, new_context: NewContext
) -> None:
    manager = Staff(new_context().new_page(), web_stack.web_url)
    manager.sign_in(*make_staff(web_context, "store_manager"))
    manager.go_online()
    customer = Customer(new_context().new_page(), web_stack.web_url)
    phone = f"6{secrets.randbelow(10**7):07d}"
    story = "the clasp of the gold bracelet I bought at your Central shop broke after a week"
    customer.say(story)
    customer.say(f"I want to talk to a person, my number is {phone[:4]} {phone[4:]}")
    conversation = customer.page.evaluate("sessionStorage.getItem('concierge.conversation')")
    manager.page.locator(f'#queue-rows tr:has(a[href="/staff/chats/{conversation}"]) button.accept').click()

    page = manager.page
    form = page.locator("#open-case-form")
    expect(form.locator("input[name=contact]")).to_have_value(phone)  # prefilled from what the customer said
    expect(form.locator("select[name=place]")).to_have_value("central")
    expect(form.locator("textarea[name=description]")).to_contain_text(story)
    page.click("#statement-form button")
    customer.wait_for_line("staff", "Do you agree?")
    customer.say("yes I agree", expect_reply=False)
    form.locator("input[name=consent]").check()
    form.locator("input[name=name]").fill("Wong Siu Ming")
    form.locator("select[name=category]").select_option("product")
    form.locator("input[name=product]").fill("18K gold bracelet")
    form.locator("input[name=when]").fill(web_context.today().isoformat())
    form.locator("select[name=outcome]").select_option("repair")
    form.locator("button").click()
    expect(page.locator("#notice")).to_contain_text("opened, with the")
    reference = page.locator("#case-reference").inner_text()
    assert REFERENCE.fullmatch(reference), reference
    customer.wait_for_line("assistant", f"has opened case {reference} for you")
    expect(page.locator("#open-case-form")).to_have_count(0)

    page.select_option("#settle-form select[name=remedy]", "repair")
    page.fill("#settle-form textarea[name=solution]", "Free repair of the clasp, ready on Friday")
    page.click("#settle-form button")
    expect(page.locator("#case-status")).to_have_text("Resolved")
    customer.wait_for_line("assistant", f"An update on your case {reference}: it has been resolved with repair")


def test_a_poor_rating_on_a_phone_is_met_with_an_apology_and_the_offer_of_a_person_again(
    web_stack: Stack, web_context: Context, new_context: NewContext
) -> None:
    manager = Staff(new_context().new_page(), web_stack.web_url)
    manager.sign_in(*make_staff(web_context, "store_manager"))
    manager.go_online()
    page = new_context().new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    customer = Customer(page, web_stack.web_url)
    conversation = page.evaluate("sessionStorage.getItem('concierge.conversation')")
    reference = lodge(web_context, conversation, now=web_context.now(), phone=f"6{secrets.randbelow(10**7):07d}")
    customer.say("I want to talk to a person")
    manager.queue_row(reference).locator("button.accept").click()
    customer.wait_for_line("assistant", "has joined the chat")
    manager.page.click("#handback")
    customer.wait_for_line("assistant", "How would you rate")
    customer.click_reply("1 - poor")
    apology = customer.say("I waited too long")
    assert apology.startswith("I'm sorry we didn't get it right this time."), apology
    expect(page.locator(".concierge-replies button")).to_have_text(["Talk to a person", "Call me back", "No, thanks"])
    assert customer.click_reply("Call me back").startswith("Of course.")
    manager.page.goto(f"{web_stack.web_url}/staff/cases/{reference}")
    expect(manager.page.locator("#events li[data-kind=follow_up_needed]")).to_contain_text("rated the service 1 of 5")
