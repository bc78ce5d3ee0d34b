"""Customers hear what became of their complaints: the chat line, the outbox for their contact, the status answer."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from bot.cases.follow_up import (
    MAX_ATTEMPTS,
    case_language,
    close,
    closed_news,
    due,
    record_attempt,
    settled_news,
    status_answer,
    tell_customer,
)
from bot.cases.service import case_status
from bot.cases.settlement import case_for, settle
from bot.cases.transcripts import add_line, history
from bot.context import Context
from bot.db.models import Case, CustomerUpdate
from bot.errors import InvalidTransition
from bot.privacy import resume
from bot.privacy.lookups import Asker
from bot.shop.policy import Policy
from bot.shop.service_rules import CustomerUpdates, Smtp
from tests.staffing import NOW, lodge, staff

SMS_GATEWAY = "https://sms.example.hk/send"


def sending(policy: Policy, **channels: object) -> Policy:
    """The policy with ``notifications.customer_updates`` set to ``channels``."""
    notifications = policy.notifications.copy(update={"customer_updates": CustomerUpdates(**channels)})
    return policy.copy(update={"notifications": notifications})


def in_chat(context: Context, conversation: str) -> str:
    """The conversation, open in a browser that can resume it (as the widget's is while the customer keeps it)."""
    with context.sessions() as s, s.begin():
        resume.issue(s, conversation, context.vault, context.policy.privacy.chat_resume_hours, NOW)
    return conversation


def settled_and_told(context: Context, reference: str, policy: Policy) -> None:
    mei = staff(context, f"mei-{reference[-4:]}", "store_manager")
    with context.sessions() as s, s.begin():
        case = case_for(s, reference, mei, policy)
        settle(s, case, mei, "refund", 1500, "Full refund to your card within 3 working days.", policy=policy, now=NOW)
        tell_customer(s, case, settled_news(case, "refund", 1500, "Full refund to your card within 3 working days."),
                      policy=policy, vault=context.vault, now=NOW)  # fmt: skip


def test_a_settlement_is_told_in_the_chat_and_through_the_contact_the_customer_gave(context: Context) -> None:
    policy = sending(context.policy, webhook=SMS_GATEWAY)
    reference = lodge(context, in_chat(context, "chat-1"), phone="61234567")
    settled_and_told(context, reference, policy)
    with context.sessions() as s:
        said = history(s, "chat-1")
        assert said[-1].author == "assistant"
        assert said[-1].text == (f"An update on your case {reference}: it has been resolved with refund of HK$1,500. "
                                 "What was agreed: Full refund to your card within 3 working days.")  # fmt: skip
        [outgoing] = due(s, context.vault, NOW)
        assert (outgoing.channel, outgoing.contact_kind, outgoing.contact) == ("webhook", "phone", "61234567")
        assert outgoing.text == said[-1].text and outgoing.reference == reference
        stored = s.scalars(select(CustomerUpdate)).one()
        assert "61234567" not in stored.contact_encrypted and "refund" not in stored.text_encrypted  # encrypted
        case = s.scalars(select(Case).where(Case.reference == reference)).one()
        assert json.loads(case.events[-1].detail) == {"how": ["chat", "webhook"]}


def test_with_no_channel_set_the_chat_alone_is_told_and_an_email_goes_by_smtp_where_set(context: Context) -> None:
    reference = lodge(context, in_chat(context, "chat-2"))
    settled_and_told(context, reference, context.policy)  # the demo policy sets no channel
    with context.sessions() as s:
        assert due(s, context.vault, NOW) == []
        case = s.scalars(select(Case).where(Case.reference == reference)).one()
        assert json.loads(case.events[-1].detail) == {"how": ["chat"]}
        policy = sending(context.policy, smtp=Smtp(host="mail.example.hk", sender="care@example.hk"))
    with context.sessions() as s, s.begin():  # a phone contact with only a mail server: the chat alone
        case = s.scalars(select(Case).where(Case.reference == reference)).one()
        tell_customer(s, case, closed_news(case, policy), policy=policy, vault=context.vault, now=NOW)
        case.contact_kind, case.contact_encrypted = "email", context.vault.encrypt("chan@example.hk")
        tell_customer(s, case, closed_news(case, policy), policy=policy, vault=context.vault, now=NOW)
    with context.sessions() as s:
        assert [(u.channel, u.contact) for u in due(s, context.vault, NOW)] == [("email", "chan@example.hk")]


def test_a_chat_the_customer_ended_is_not_counted_as_telling_them(context: Context) -> None:
    reference = lodge(context, in_chat(context, "chat-6"), phone="64567890")
    with context.sessions() as s, s.begin():
        resume.end(s, "chat-6")  # End chat: that browser can never show it again
    settled_and_told(context, reference, context.policy)
    with context.sessions() as s:
        case = s.scalars(select(Case).where(Case.reference == reference)).one()
        [how] = json.loads(case.events[-1].detail)["how"]
        assert how.startswith("nowhere: the chat is over") and "call the customer" in how


def test_an_update_is_retried_with_back_off_then_kept_without_its_contact_or_text(context: Context) -> None:
    policy = sending(context.policy, webhook=SMS_GATEWAY)
    settled_and_told(context, lodge(context, "chat-3"), policy)
    with context.sessions() as s, s.begin():
        [outgoing] = due(s, context.vault, NOW)
        record_attempt(s, outgoing.id, "HTTP 503", NOW)
    with context.sessions() as s, s.begin():
        assert due(s, context.vault, NOW + dt.timedelta(seconds=4)) == []  # backed off 5 s
        assert len(due(s, context.vault, NOW + dt.timedelta(seconds=5))) == 1
        record_attempt(s, outgoing.id, None, NOW + dt.timedelta(seconds=5))
    with context.sessions() as s:
        update = s.scalars(select(CustomerUpdate)).one()
        assert (update.attempts, update.delivered_at is not None, update.last_error) == (2, True, None)
        assert update.contact_encrypted == update.text_encrypted == ""  # nothing personal kept once delivered
        assert due(s, context.vault, NOW + dt.timedelta(days=1)) == []

    settled_and_told(context, lodge(context, "chat-4", phone="62345678"), policy)
    with context.sessions() as s, s.begin():
        [failing] = due(s, context.vault, NOW)
        for attempt in range(MAX_ATTEMPTS):
            record_attempt(s, failing.id, "Connection refused", NOW + dt.timedelta(days=attempt))
    with context.sessions() as s:
        update = s.get(CustomerUpdate, failing.id)
        assert update is not None and update.given_up_at is not None and update.text_encrypted == ""
        assert due(s, context.vault, NOW + dt.timedelta(days=30)) == []


def test_a_resolved_case_is_closed_once_and_its_status_never_promises_a_resolution_date(context: Context) -> None:
    reference = lodge(context, "chat-5", phone="63456789")
    mei = staff(context, "mei", "store_manager")
    asker = Asker("chat-5", None)

    def answer() -> str:
        with context.sessions() as s, s.begin():
            status = case_status(s, reference, "6789", asker=asker, policy=context.policy, vault=context.vault,
                                 now=NOW)  # fmt: skip
            assert status is not None
            return status_answer(status, context.policy)

    assert "We aim to resolve it by" in answer()
    with context.sessions() as s, s.begin():
        case = case_for(s, reference, mei, context.policy)
        with pytest.raises(InvalidTransition):
            close(s, case, mei, policy=context.policy, now=NOW)  # not settled yet
    settled_and_told(context, reference, context.policy)
    resolved = answer()
    assert resolved.startswith(f"Case {reference} is resolved (last update: settled on ")  # not "customer told"
    assert "aim to resolve" not in resolved and context.policy.organization.hotline in resolved
    with context.sessions() as s, s.begin():
        case = s.scalars(select(Case).where(Case.reference == reference)).one()
        close(s, case, mei, policy=context.policy, now=NOW)
        with pytest.raises(InvalidTransition, match="already closed"):
            close(s, case, mei, policy=context.policy, now=NOW)
    assert answer().startswith(f"Case {reference} is closed (last update: closed on ")


def test_a_customer_who_wrote_in_chinese_is_told_of_the_settlement_and_the_closing_in_chinese(
    context: Context,
) -> None:
    policy = sending(context.policy, webhook=SMS_GATEWAY)
    with context.sessions() as s, s.begin():
        add_line(s, "chat-zh", "customer", "我條手鏈斷咗，想退款")
    reference = lodge(context, in_chat(context, "chat-zh"), phone="61237777")
    mei = staff(context, "mei-zh", "store_manager")
    with context.sessions() as s, s.begin():
        case = case_for(s, reference, mei, policy)
        language = case_language(s, case)
        settle(s, case, mei, "refund", 1500, "三個工作天內全數退回你的信用卡。", policy=policy, now=NOW)
        tell_customer(s, case, settled_news(case, "refund", 1500, "三個工作天內全數退回你的信用卡。", language),
                      policy=policy, vault=context.vault, now=NOW)  # fmt: skip
        close(s, case, mei, policy=policy, now=NOW)
        tell_customer(s, case, closed_news(case, policy, language), policy=policy, vault=context.vault, now=NOW)
    with context.sessions() as s:
        said = [line.text for line in history(s, "chat-zh")][-2:]
        sent = [update.text for update in due(s, context.vault, NOW)]
    assert said == [f"個案{reference}的最新消息：已以HK$1,500退款解決。"
                    "雙方同意的安排：三個工作天內全數退回你的信用卡。",
                    f"你的個案{reference}現已結案，多謝你的耐心。"
                    f"如仍有任何問題，請在這裏告訴我們，或致電+852 2888 1234並提供個案編號{reference}。"]  # fmt: skip
    assert sent == said  # the SMS says what the chat says
