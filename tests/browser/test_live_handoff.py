"""In a real browser: a customer's complaint handed to a supervisor, refused above authority, referred up,
settled by a store manager, handed back and rated; and the ways this can go wrong."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, expect
from sqlalchemy import select

from bot.cases.transcripts import text_of
from bot.context import Context
from bot.db.models import Case, Rating, StaffMember, TranscriptLine
from bot.rasa.stack import Stack, free_port
from tests.browser.pages import REFERENCE, Customer, Staff
from tests.staffing import make_staff

pytestmark = pytest.mark.servers
NewContext = Callable[[], BrowserContext]
SCRIPT = "Hello? <script>alert('x')</script><img src=x onerror=alert(1)>"


def lodge_complaint(customer: Customer) -> str:
    """The whole intake in the widget; returns the case reference."""
    assert "Do you agree?" in customer.say("I want to make a complaint")
    assert "What is your name" in customer.click_reply("I agree")
    assert "phone number" in customer.say("Chan Tai Man")
    assert "What is the complaint about?" in customer.say("9123 4567")
    assert "Which product" in customer.click_reply("Product quality or defect")
    assert "When did it happen?" in customer.say("an 18K gold bracelet")
    assert "Where did it happen" in customer.say("yesterday")
    assert "what happened" in customer.say("Mong Kok").lower()
    assert "What would put this right" in customer.say("The clasp broke the day after I bought it.")
    assert "How much" in customer.say("refund")
    assert "Shall I submit it?" in customer.say("HK$2,500")
    done = customer.say("yes")
    assert "Customer Service Supervisor" in done
    match = REFERENCE.search(done)
    assert match, done
    return match.group(0)


def test_complaint_handoff_refusal_referral_settlement_and_rating(
    web_stack: Stack, web_context: Context, new_context: NewContext
) -> None:
    url = web_stack.web_url
    supervisor, manager = Staff(new_context().new_page(), url), Staff(new_context().new_page(), url)
    supervisor.sign_in(*make_staff(web_context, "supervisor"))
    supervisor.go_online()
    manager.sign_in(*make_staff(web_context, "store_manager"))
    manager.go_online()

    customer = Customer(new_context().new_page(), url)
    reference = lodge_complaint(customer)
    waiting = customer.say("Can I talk to a real person please?")
    assert "Customer Service Supervisor to take over this chat" in waiting and "expected wait" in waiting

    # The supervisor is alerted live, sees the summary, and accepts.
    row = supervisor.queue_row(reference)
    expect(supervisor.page.locator("#alert")).to_be_visible()
    expect(row).to_contain_text("wants refund HK$2,500")  # type: ignore[arg-type]
    row.locator("button.accept").click()  # type: ignore[attr-defined]
    expect(supervisor.page.locator("#transcript")).to_contain_text("Chan Tai Man")
    supervisor.page.wait_for_selector("body[data-live=yes]")
    customer.wait_for_line("assistant", "has joined the chat")

    # Both ways, live; markup stays text on both sides.
    customer.say(SCRIPT, expect_reply=False)
    customer.wait_for_line("customer", "<script>")
    expect(supervisor.page.locator("#transcript li.customer .text").last).to_have_text(SCRIPT)
    supervisor.page.fill("#reply-text", "Hello, I'm sorry about the bracelet. Let me check what I can do.")
    supervisor.page.click("#reply-send")
    customer.wait_for_line("staff", "Let me check what I can do.")
    customer.say("I also want HK$8,000 for the stone that fell out", expect_reply=False)
    expect(supervisor.page.locator("#transcript")).to_contain_text("HK$8,000 for the stone")

    # Above the supervisor's authority: refused by the server; referred up with a reason.
    supervisor.page.select_option("#settle-form select[name=remedy]", "compensation")
    supervisor.page.fill("#settle-form input[name=amount]", "8000")
    supervisor.page.fill("#settle-form textarea[name=solution]", "HK$8,000 for the lost stone")
    supervisor.page.click("#settle-form button")
    assert "Refused: A Customer Service Supervisor may settle with compensation up to HK$3,000" in supervisor.notice()
    supervisor.page.fill("#refer-form textarea[name=reason]", "Customer asks HK$8,000 compensation, above my limit")
    supervisor.page.click("#refer-form button")
    assert "Referred up to the Store Manager" in supervisor.notice()
    customer.wait_for_line("assistant", "passed your case to our Store Manager")

    # The store manager takes it from their queue, settles within authority and hands back.
    manager.queue_row(reference).locator("button.accept").click()  # type: ignore[attr-defined]
    expect(manager.page.locator("#transcript")).to_contain_text("HK$8,000 for the stone")
    customer.wait_for_line("assistant", "Store Manager")
    manager.page.fill("#note-form textarea[name=text]", "Called the Mong Kok shop: stone confirmed missing.")
    manager.page.click("#note-form button")
    assert manager.notice() == "Recorded."
    manager.page.select_option("#settle-form select[name=remedy]", "compensation")
    manager.page.fill("#settle-form input[name=amount]", "8000")
    manager.page.fill("#settle-form textarea[name=solution]", "HK$8,000 compensation and a free repair")
    manager.page.click("#settle-form button")
    assert "Case settled: compensation HK$8,000" in manager.notice()
    manager.page.click("#handback")
    assert "Handed back" in manager.notice()

    # The assistant resumes and asks for a rating.
    customer.wait_for_line("assistant", "How would you rate")
    assert "Anything you'd like to tell us" in customer.click_reply("5 - excellent")
    assert "Thank you for rating" in customer.say("Very patient, thank you")
    assert customer.dialogs == [] and supervisor.dialogs == [] and manager.dialogs == []

    with web_context.sessions() as s:
        case = s.scalars(select(Case).where(Case.reference == reference)).one()
        assert [e.kind for e in case.events] == [
            "created", "handoff_requested", "accepted", "settlement_refused",
            "referred_up", "accepted", "action", "settled", "customer_told", "handed_back",
        ]  # fmt: skip
        assert [e.at for e in case.events] == sorted(e.at for e in case.events)
        assert (case.status, case.assigned_role, case.settled_amount_hkd) == ("resolved", "store_manager", 8000)
        assert json.loads(case.events[3].detail)["limit_hkd"] == 3000
        lines = s.scalars(select(TranscriptLine).where(TranscriptLine.conversation_id == case.conversation_id)
                          .order_by(TranscriptLine.id)).all()  # fmt: skip
        said = [(line.author, text_of(s, line)) for line in lines]
        assert SCRIPT not in json.dumps([line.text_encrypted for line in lines])  # stored encrypted
        assert ("customer", SCRIPT) in said and ("staff", "Hello, I'm sorry about the bracelet. Let me check what "
                                                          "I can do.") in said  # fmt: skip
        assert {line.author for line in lines} == {"customer", "assistant", "staff"}
        # While a person had the chat, the assistant said nothing of its own between the two customer lines.
        start = said.index(("customer", SCRIPT))
        end = said.index(("customer", "I also want HK$8,000 for the stone that fell out"))
        assert [a for a, _ in said[start : end + 1]] == ["customer", "staff", "customer"]
        rating = s.scalars(select(Rating).where(Rating.conversation_id == case.conversation_id)).one()
        manager_id = s.scalars(select(StaffMember.id).where(StaffMember.role == "store_manager")).all()
        assert (rating.score, rating.comment, rating.case_id) == (5, "Very patient, thank you", case.id)
        assert rating.staff_id in manager_id


def test_a_reload_resumes_the_conversation(web_stack: Stack, new_context: NewContext) -> None:
    page = new_context().new_page()
    customer = Customer(page, web_stack.web_url)
    answer = customer.say("what time does the Central shop open on Sunday?")
    assert "Central" in answer
    page.reload()
    customer.open()
    expect(page.locator(".concierge-customer .concierge-text")).to_have_text(
        ["what time does the Central shop open on Sunday?"]
    )
    expect(page.locator(".concierge-assistant .concierge-text").nth(1)).to_have_text(answer)  # after the greeting
    assert "Central" in customer.say("what is the phone number of the Central shop?")


def test_two_staff_accepting_at_once_one_gets_it_the_other_is_told(
    web_stack: Stack, web_context: Context, new_context: NewContext
) -> None:
    people = [Staff(new_context().new_page(), web_stack.web_url) for _ in range(2)]
    for person in people:
        person.sign_in(*make_staff(web_context, "supervisor"))
        person.go_online()
    customer = Customer(new_context().new_page(), web_stack.web_url)
    assert "expected wait" in customer.say("I want to speak to a staff member")
    conversation = customer.page.evaluate("sessionStorage.getItem('concierge.conversation')")
    row = f'#queue-rows tr:has(a[href="/staff/chats/{conversation}"])'  # other tests' customers may wait too
    for person in people:
        expect(person.page.locator(row)).to_be_visible(timeout=60_000)
    # Both press Accept in the same instant: submit both forms before either page has navigated (found and
    # submitted in one step, so a live redraw of the queue cannot swap the form in between).
    for person in people:
        person.page.evaluate("row => document.querySelector(row + ' form').requestSubmit()", row)
    for person in people:
        person.page.wait_for_url(re.compile(r"/staff/chats/|/staff\?notice="))
    winners = [p for p in people if "/staff/chats/" in p.page.url]
    losers = [p for p in people if p not in winners]
    assert len(winners) == 1 and len(losers) == 1
    assert "Too late:" in losers[0].notice() and "has already taken that conversation" in losers[0].notice()
    customer.wait_for_line("assistant", "has joined the chat")


def test_with_the_assistant_down_the_customer_gets_an_apology_and_the_message_is_kept(
    web_stack: Stack, web_context: Context, new_context: NewContext
) -> None:
    port = free_port()
    env = web_stack.environment()
    nowhere = f"http://127.0.0.1:{free_port()}"
    command = [sys.executable, "-m", "bot", "web", "--port", str(port), "--rasa-url", nowhere]
    gateway = subprocess.Popen(command, env=env, cwd=str(web_stack.models_dir.parent))
    try:
        deadline = time.monotonic() + 60
        while not Stack.answers(f"http://127.0.0.1:{port}/health"):
            assert gateway.poll() is None and time.monotonic() < deadline, "the second gateway did not start"
            time.sleep(0.2)
        page = new_context().new_page()
        customer = Customer(page, f"http://127.0.0.1:{port}")
        apology = customer.say("where is my order 10023?")
        assert "Your message is kept" in apology and web_context.policy.organization.hotline in apology
        conversation = page.evaluate("sessionStorage.getItem('concierge.conversation')")
        with web_context.sessions() as s:
            rows: list[Any] = s.scalars(select(TranscriptLine).where(TranscriptLine.conversation_id == conversation)
                                        .order_by(TranscriptLine.id)).all()  # fmt: skip
            said = [(r.author, r.relayed) for r in rows]
            assert said == [("assistant", True), ("customer", False), ("assistant", True)]
            assert "Hello and welcome" in web_context.vault.read_legacy(rows[0].text_encrypted)  # greeted all the same
    finally:
        gateway.terminate()
        gateway.wait(30)


def test_sign_in_failures_and_a_forged_form_are_refused(
    web_stack: Stack, web_context: Context, new_context: NewContext
) -> None:
    person = Staff(new_context().new_page(), web_stack.web_url)
    username, password = make_staff(web_context, "customer_service_officer")
    person.sign_in(username, "not the password")
    expect(person.page.locator("#login-error")).to_contain_text("Wrong username or password")
    person.sign_in("nobody-at-all", password)
    expect(person.page.locator("#login-error")).to_contain_text("Wrong username or password")
    person.sign_in(username, password)
    person.go_online()
    # A form whose CSRF token was tampered with is refused, and nothing changes.
    person.page.evaluate("document.querySelector('form.presence input[name=csrf]').value = 'forged'")
    person.page.click("#presence-toggle")
    expect(person.page.locator("body")).to_contain_text("This form has expired or did not come from the console")
    person.page.goto(web_stack.web_url + "/staff")
    expect(person.page.locator("#presence")).to_have_text("online")
    person.page.click("#logout")
    expect(person.page.locator("h1")).to_have_text("Staff sign-in")
    person.page.goto(web_stack.web_url + "/staff")
    expect(person.page.locator("h1")).to_have_text("Staff sign-in")
