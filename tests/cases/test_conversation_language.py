"""The language a website conversation is in: set by the customer's lines, kept by the rest, told in it."""

from __future__ import annotations

import datetime as dt

from bot.cases.handoff import outlook_message, promise_callbacks, queue, request_handoff
from bot.cases.transcripts import add_line, greet, history, language
from bot.context import Context
from tests.staffing import NOW, staff

SUNDAY_NIGHT = dt.datetime(2026, 11, 22, 15, 0, tzinfo=dt.timezone.utc)  # 23:00 in Hong Kong: nobody comes


def test_each_line_keeps_the_language_the_conversation_is_in(context: Context) -> None:
    with context.sessions() as s, s.begin():
        assert language(s, "c1") == "en"  # nothing said yet
        greet(s, "c1", "你好，歡迎…", [], "zh")  # a browser that prefers Chinese is greeted in it
        assert language(s, "c1") == "zh"
        add_line(s, "c1", "customer", "10023")  # decides nothing: still Chinese
        add_line(s, "c1", "assistant", "多謝")
        add_line(s, "c1", "customer", "Where is my order please")  # English now
        add_line(s, "c1", "staff", "好的", name="Mei")  # staff write what they like; the customer's language stays
        add_line(s, "c1", "customer", "ok")
        add_line(s, "c1", "customer", "speak Chinese please")  # asked for in English: Chinese
        said = [(line.author, line.language) for line in history(s, "c1")]
    assert said == [("assistant", "zh"), ("customer", "zh"), ("assistant", "zh"), ("customer", "en"),
                    ("staff", "en"), ("customer", "en"), ("customer", "zh")]  # fmt: skip
    with context.sessions() as s, s.begin():
        assert language(s, "c1") == "zh" and language(s, "other") == "en"


def test_a_customer_writing_chinese_waits_in_chinese_and_staff_see_the_language(context: Context) -> None:
    mei = staff(context, "mei", "customer_service_officer")
    with context.sessions() as s, s.begin():
        add_line(s, "zh-chat", "customer", "我想搵真人")
        outlook = request_handoff(s, "zh-chat", "customer asked for a person", policy=context.policy, now=NOW)
        told = outlook_message(outlook, context.policy, language(s, "zh-chat"))
        add_line(s, "en-chat", "customer", "I want a person")
        request_handoff(s, "en-chat", "customer asked for a person", policy=context.policy, now=NOW)
        waiting = {e.conversation_id: e.language for e in queue(s, mei, context.policy, NOW)}
    assert "客戶服務主任" in told and "分鐘" in told and "Customer" not in told
    assert waiting == {"zh-chat": "zh", "en-chat": "en"}


def test_a_callback_promised_at_night_or_by_the_job_is_in_the_customers_language(context: Context) -> None:
    with context.sessions() as s, s.begin():
        add_line(s, "zh-night", "customer", "有冇人可以幫我")
        outlook = request_handoff(s, "zh-night", "customer asked for a person", policy=context.policy,
                                  now=SUNDAY_NIGHT)  # fmt: skip
        at_night = outlook_message(outlook, context.policy, language(s, "zh-night"))
    assert "本店客戶服務主任暫時未能接手" in at_night and "星期" in at_night and "+852 2888 1234" in at_night
    staff(context, "mei", "customer_service_officer")  # online, but nobody accepts in time
    with context.sessions() as s, s.begin():
        add_line(s, "zh-day", "customer", "我想搵真人")
        request_handoff(s, "zh-day", "customer asked for a person", policy=context.policy, now=NOW)
        add_line(s, "en-day", "customer", "can someone help me")
        request_handoff(s, "en-day", "customer asked for a person", policy=context.policy, now=NOW)
    with context.sessions() as s, s.begin():
        told = dict(promise_callbacks(s, context.policy, NOW + dt.timedelta(minutes=5)))
    assert "同事會於" in told["zh-day"] and "Customer" not in told["zh-day"]
    assert told["en-day"].startswith("Our Customer Service Officer team isn't available right now.")
