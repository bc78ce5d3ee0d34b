"""The complaint intake, end to end: consent, every question, validation, side questions,
correction, cancel, and exactly one case in the database."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import requests
import yaml
from sqlalchemy import create_engine, func, select, text

from bot.context import Context
from bot.db.models import Case, Consent
from bot.rasa.stack import Stack
from bot.settings import PROJECT_ROOT
from tests.conversations.chat import Chat

pytestmark = pytest.mark.servers
REFERENCE = re.compile(r"CS-[0-9A-Z]{4}-[0-9A-Z]{4}")


def cases_of(ctx: Context, conversation: str) -> list[Case]:
    with ctx.sessions() as s:
        return list(s.scalars(select(Case).where(Case.conversation_id == conversation)).all())


def start(chat: Chat) -> None:
    reply = chat.say("I want to make a complaint")
    assert "Do you agree?" in reply and "Data Protection Officer" in reply
    assert chat.buttons() == ["I agree", "No, thanks"]
    assert "What is your name" in chat.say("yes, I agree")


def fill_to_summary(chat: Chat) -> str:
    assert "phone number" in chat.say("Chan Tai Man")
    assert "What is the complaint about?" in chat.say("9123 4567")
    assert "Product quality or defect" in chat.buttons()
    assert "Which product" in chat.say("Product quality or defect")
    assert "When did it happen?" in chat.say("an 18K gold bracelet")
    assert "Where did it happen" in chat.say("yesterday")
    assert "what happened" in chat.say("Mong Kok").lower()
    assert "What would put this right" in chat.say("The clasp broke the day after I bought it and a stone fell out.")
    assert "How much" in chat.say("refund")
    return chat.say("HK$2,500")


def test_a_full_complaint_makes_one_case_with_every_field(stack: Stack, stack_context: Context) -> None:
    chat = Chat(stack)
    start(chat)
    summary = fill_to_summary(chat)
    yesterday = stack_context.today() - dt.timedelta(days=1)
    for part in [
        "Name: Chan Tai Man",
        "Contact: 91234567",
        "About: Product quality or defect",
        "Product: an 18K gold bracelet",
        f"When: {yesterday:%a %d %b %Y}",
        "Where: Mong Kok",
        "You would like: refund, HK$2,500",
        "Shall I submit it?",
    ]:
        assert part in summary
    done = chat.say("yes")
    reference = REFERENCE.search(done)
    assert reference, done
    assert "Customer Service Supervisor" in done and "will contact you by" in done

    [case] = cases_of(stack_context, chat.sender)
    assert case.reference == reference.group(0)
    assert stack_context.vault.decrypt(case.customer_name_encrypted) == "Chan Tai Man"
    assert (stack_context.vault.decrypt(case.contact_encrypted), case.contact_kind) == ("91234567", "phone")
    assert (case.category, case.product, case.incident_date, case.incident_place) == (
        "product",
        "an 18K gold bracelet",
        yesterday,
        "mong_kok",
    )
    assert stack_context.vault.decrypt(case.description_encrypted) == (
        "The clasp broke the day after I bought it and a stone fell out."
    )
    assert (case.desired_outcome, case.claim_amount_hkd, case.order_number) == ("refund", 2500, None)
    assert (case.status, case.assigned_role) == ("new", "supervisor")
    with stack_context.sessions() as s:
        case = s.get(Case, case.id)
        assert [e.kind for e in case.events] == ["created"]
        assert case.consent.accepted and case.consent.statement_version == "2026-11"

    chat.say("yes")  # a second confirmation after submission makes nothing new
    assert len(cases_of(stack_context, chat.sender)) == 1


def test_rasas_tracker_store_holds_no_personal_data_in_the_clear(stack: Stack, stack_context: Context) -> None:
    chat = Chat(stack)
    start(chat)
    fill_to_summary(chat)
    assert REFERENCE.search(chat.say("yes"))
    assert "Name: Chan Tai Man" in "\n".join(
        e.get("text") or "" for e in chat.tracker()["events"]
    )  # Rasa reads it whole
    engine = create_engine(stack.settings.tracker_url, future=True)
    with engine.connect() as connection:
        stored = [row.data for row in connection.execute(text("SELECT data FROM events WHERE sender_id = :s"),
                                                         {"s": chat.sender})]  # fmt: skip
    engine.dispose()
    assert len(stored) > 20
    for typed in ("Chan Tai Man", "9123 4567", "91234567"):
        assert not [row for row in stored if typed in row], typed


def test_a_retried_submit_action_returns_the_same_case(stack: Stack, stack_context: Context) -> None:
    chat = Chat(stack)
    start(chat)
    fill_to_summary(chat)
    tracker = chat.tracker()
    tracker["slots"]["complaint_confirmed"] = "yes"
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text())
    call = {
        "next_action": "action_submit_complaint",
        "sender_id": chat.sender,
        "tracker": tracker,
        "domain": domain,
        "version": "3.6.21",
    }
    replies = [requests.post(f"{stack.action_url}/webhook", json=call, timeout=60).json() for _ in range(3)]
    references = {REFERENCE.search(r["responses"][0]["text"]).group(0) for r in replies}  # type: ignore[union-attr]
    assert len(references) == 1
    final = chat.say("yes")
    assert references == {REFERENCE.search(final).group(0)}  # type: ignore[union-attr]
    assert len(cases_of(stack_context, chat.sender)) == 1


def test_a_side_question_is_answered_and_the_form_resumes(stack: Stack) -> None:
    chat = Chat(stack)
    start(chat)
    assert "phone number" in chat.say("Wong Ka Yan")
    reply = chat.say("by the way, what time does the Tsim Sha Tsui shop close on Friday?")
    assert "Tsim Sha Tsui is open 10:30 to 22:00" in reply
    assert "phone number" in reply  # and the question is asked again
    assert "What is the complaint about?" in chat.say("ka.yan@example.com")


def test_bad_answers_get_a_helpful_prompt(stack: Stack) -> None:
    chat = Chat(stack)
    start(chat)
    chat.say("Lee Siu Ming")
    assert "Hong Kong phone number (8 digits" in chat.say("my number is 1234")
    chat.say("61234567")
    chat.say("staff service")
    chat.say("none")
    assert "in the future" in chat.say("2099-01-01")
    chat.say("last Saturday")
    assert "at one of our shops" in chat.say("Causeway Bay")
    assert "order number" in chat.say("online")
    assert "5 digits" in chat.say("not sure")
    chat.say("10023")
    assert "a little more" in chat.say("rude")
    assert "What would put this right" in chat.say("The staff on the phone were rude and hung up on me.")
    assert "Shall I submit it?" in chat.say("an apology")


def test_a_detail_can_be_corrected_before_submitting(stack: Stack, stack_context: Context) -> None:
    chat = Chat(stack)
    start(chat)
    fill_to_summary(chat)
    reply = chat.say("I want to change my phone number")
    assert "correct the contact" in reply and "phone number" in reply
    summary = chat.say("6987 6543")
    assert "Contact: 69876543" in summary and "Shall I submit it?" in summary
    chat.say("yes")
    [case] = cases_of(stack_context, chat.sender)
    assert stack_context.vault.decrypt(case.contact_encrypted) == "69876543"


def test_stopping_saves_nothing(stack: Stack, stack_context: Context) -> None:
    chat = Chat(stack)
    start(chat)
    chat.say("Chan Tai Man")
    assert "nothing has been saved" in chat.say("cancel, I don't want to complain any more")
    assert cases_of(stack_context, chat.sender) == []
    assert "Omega" in chat.say("do you have Omega watches?")  # and the assistant carries on


def test_declining_the_collection_statement_takes_no_data(stack: Stack, stack_context: Context) -> None:
    chat = Chat(stack)
    chat.say("I'd like to file a complaint about your staff")
    declined = chat.say("no, I don't agree")
    assert "I won't take any personal details" in declined
    assert f"call our hotline on {stack_context.policy.organization.hotline}" in declined  # the number itself
    assert cases_of(stack_context, chat.sender) == []
    with stack_context.sessions() as s:
        consent = s.scalars(select(Consent).where(Consent.conversation_id == chat.sender)).one()
        assert (consent.accepted, consent.statement_version) == (False, "2026-11")
    assert "HK$180" in chat.say("how much to change a Seiko battery?")


def test_a_legal_threat_goes_to_the_customer_service_manager(stack: Stack, stack_context: Context) -> None:
    chat = Chat(stack)
    start(chat)
    for answer in [
        "Ho Wing Sze",
        "wingsze.ho@example.com",
        "Price or overcharging",
        "Omega Seamaster",
        "20/11",
        "Central",
        "I was charged twice and I will take this to the Consumer Council and my lawyer.",
        "an apology",
    ]:
        chat.say(answer)
    done = chat.say("yes")
    assert "Customer Service Manager" in done
    [case] = cases_of(stack_context, chat.sender)
    assert case.severity_signals == "consumer_council,legal"
    with stack_context.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Case).where(Case.conversation_id == chat.sender)) == 1
