"""In a real browser: the live chat page on a laptop, the console's navigation and case search, the console on a
phone, and the sign-in page (issue 15, points 5 and 6)."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from bot.context import Context
from bot.rasa.stack import Stack
from tests.browser.pages import Customer, Staff
from tests.staffing import lodge, make_staff

pytestmark = pytest.mark.servers
NewContext = Callable[[], BrowserContext]
LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
CLOCK = re.compile(r"^\d\d:\d\d$")
SHOP_TIME = re.compile(r"\w{3} \d{1,2} \w{3} \d{4}, \d\d:\d\d HKT")


def in_viewport(page: Page, selector: str) -> bool:
    """Whether the element is wholly on the screen without scrolling the page."""
    box = page.locator(selector).bounding_box()
    size = page.viewport_size
    assert box is not None and size is not None
    return box["y"] >= 0 and box["y"] + box["height"] <= size["height"] and page.evaluate("window.scrollY") == 0


def fits(page: Page) -> bool:
    """No sideways scrolling."""
    return bool(page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"))


def new_phone() -> str:
    return f"6{secrets.randbelow(10**7):07d}"


def test_the_live_chat_on_a_laptop_shows_times_the_latest_line_the_reply_box_and_the_case_beside_it(
    web_stack: Stack, web_context: Context, new_context: NewContext
) -> None:
    staff_page = new_context().new_page()
    staff_page.set_viewport_size(LAPTOP)
    supervisor = Staff(staff_page, web_stack.web_url)
    supervisor.sign_in(*make_staff(web_context, "store_manager"))
    staff_page.goto(f"{web_stack.web_url}/staff/profile")
    staff_page.fill("#chat-name-form input[name=chat_name]", "Mei from Golden Harbour")
    staff_page.click("#chat-name-form button")
    expect(supervisor.page.locator("#notice")).to_have_text("Customers now see you as Mei from Golden Harbour.")
    supervisor.go_online()
    staff_page.click("header nav >> text=Queue")

    customer = Customer(new_context().new_page(), web_stack.web_url)
    conversation = customer.page.evaluate("sessionStorage.getItem('concierge.conversation')")
    reference = lodge(web_context, conversation, now=web_context.now(), phone=new_phone())
    for question in ("are you open on Sunday in Mong Kok?", "how much to change a Seiko battery?",
                     "do you sell Rolex?", "what payment methods do you take?", "where is order 10023?"):  # fmt: skip
        customer.say(question)
    customer.say("I want to talk to a person")
    supervisor.queue_row(reference).locator("button.accept").click()
    customer.wait_for_line("assistant", "Mei from Golden Harbour has joined the chat.")  # the name they chose

    page = supervisor.page
    expect(page.locator("#presence")).to_have_text("online")
    expect(page.locator("#transcript li").last).to_contain_text("has joined the chat")
    for time in page.locator("#transcript li time").all_inner_texts():
        assert CLOCK.match(time), time
    assert page.locator("#transcript li time").count() == page.locator("#transcript li").count()
    assert in_viewport(page, "#reply-text"), "the reply box is below the fold on a 1366x768 laptop"
    assert in_viewport(page, "#transcript li >> nth=-1"), "the latest line is below the fold"
    chat_box, case_box = page.locator(".chat > .card").bounding_box(), page.locator("#settle-form").bounding_box()
    assert chat_box and case_box and case_box["x"] >= chat_box["x"] + chat_box["width"]  # beside, not below

    flag = page.locator("#transcript li.customer form.flag button").first  # a small action on customer lines only
    expect(flag).to_have_text("Misunderstood?")
    assert page.locator("#transcript li.assistant form.flag").count() == 0
    box = flag.bounding_box()
    assert box is not None and box["height"] < 24
    page.fill("#reply-text", "Hello, I have your case here.")
    page.click("#reply-send")
    customer.wait_for_line("staff", "Hello, I have your case here.")
    expect(customer.page.locator(".concierge-staff .concierge-name").last).to_have_text("Mei from Golden Harbour")
    expect(page.locator("#transcript li.staff time").last).to_have_text(CLOCK)  # live lines have their time too


def test_the_console_navigation_and_case_search_find_cases_by_reference_status_branch_and_date(
    web_stack: Stack, web_context: Context, new_context: NewContext
) -> None:
    settled = lodge(web_context, f"web-search-{secrets.token_hex(4)}", now=web_context.now(), phone=new_phone())
    waiting = lodge(web_context, f"web-search-{secrets.token_hex(4)}", now=web_context.now(), phone=new_phone())
    manager = Staff(new_context().new_page(), web_stack.web_url)
    manager.sign_in(*make_staff(web_context, "store_manager"))
    page = manager.page
    nav = page.locator("header nav a")
    expect(nav).to_have_text(["Queue", "My cases", "All cases", "Closed cases", "My figures"])
    expect(page.locator('header nav a[aria-current="page"]')).to_have_text("Queue")

    page.goto(f"{web_stack.web_url}/staff/cases/{settled}")
    expect(page.locator("#case")).to_contain_text("HKT")  # one date style, the zone named
    assert SHOP_TIME.search(page.locator("#case").inner_text())
    page.select_option("#settle-form select[name=remedy]", "apology")
    page.fill("#settle-form textarea[name=solution]", "Apologised by phone")
    page.click("#settle-form button")
    expect(page.locator("#case-status")).to_have_text("Resolved")

    page.click("header nav >> text=My cases")
    expect(page.locator('header nav a[aria-current="page"]')).to_have_text("My cases")
    expect(page.locator("#case-list tbody tr")).to_have_count(1)  # the one they settled
    expect(page.locator("#case-list")).to_contain_text(settled)

    page.click("header nav >> text=Closed cases")
    expect(page.locator("#case-list")).to_contain_text(settled)
    expect(page.locator("#case-list")).not_to_contain_text(waiting)

    page.click("header nav >> text=All cases")
    page.fill("#case-search input[name=reference]", waiting.lower().replace("-", " "))  # as people type it
    page.click("#case-search button")
    expect(page.locator("#case-list tbody tr")).to_have_count(1)
    row = page.locator("#case-list tbody tr")
    expect(row).to_contain_text(waiting)
    expect(row).to_contain_text("New")  # statuses in words
    expect(row).to_contain_text("Mong Kok")

    today = web_context.today().isoformat()
    page.goto(f"{web_stack.web_url}/staff/cases?branch=mong_kok&since={today}&until={today}&status=open")
    expect(page.locator("#case-list")).to_contain_text(waiting)
    expect(page.locator("#case-list")).not_to_contain_text(settled)
    page.goto(f"{web_stack.web_url}/staff/cases?since=yesterday")
    expect(page.locator("#search-error")).to_have_text("Not searched: the from date is a date such as 2026-12-03.")


def test_on_a_phone_the_console_fits_the_screen_and_accept_is_in_reach(
    web_stack: Stack, web_context: Context, new_context: NewContext
) -> None:
    page = new_context().new_page()
    page.set_viewport_size(PHONE)
    officer = Staff(page, web_stack.web_url)
    officer.sign_in(*make_staff(web_context, "store_manager"))
    officer.go_online()
    customer = Customer(new_context().new_page(), web_stack.web_url)
    conversation = customer.page.evaluate("sessionStorage.getItem('concierge.conversation')")
    reference = lodge(web_context, conversation, now=web_context.now(), phone=new_phone())
    customer.say("I want to talk to a person")
    row = officer.queue_row(reference)
    accept = row.locator("button.accept")
    expect(accept).to_be_visible()
    box = accept.bounding_box()
    assert box is not None and box["x"] + box["width"] <= PHONE["width"]
    assert fits(page), "the queue scrolls sideways on a phone"
    for path in (f"/staff/cases/{reference}", "/staff/cases", "/staff/profile"):
        page.goto(web_stack.web_url + path)
        assert fits(page), f"{path} scrolls sideways on a phone"
    accept_page = f"/staff/chats/{conversation}"
    page.goto(web_stack.web_url + accept_page)
    page.locator("button.accept").click()
    expect(page.locator("#reply-text")).to_be_visible()
    assert fits(page), "the live chat scrolls sideways on a phone"


def test_the_sign_in_page_is_the_shops_and_keeps_the_username_after_a_wrong_password(
    web_stack: Stack, web_context: Context, new_context: NewContext
) -> None:
    page = new_context().new_page()
    page.set_viewport_size(PHONE)
    username, password = make_staff(web_context, "supervisor")
    page.goto(f"{web_stack.web_url}/staff/login")
    expect(page.locator("#brand")).to_have_text("Golden Harbour Jewellery & Watches")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "not my password")
    page.click("#login button")
    expect(page.locator("#login-error")).to_contain_text("Wrong username or password")
    expect(page.locator("input[name=username]")).to_have_value(username)
    expect(page.locator("input[name=password]")).to_be_focused()
    assert fits(page)
    page.fill("input[name=password]", password)
    page.click("#login button")
    expect(page.locator("#queue-rows")).to_be_attached()
