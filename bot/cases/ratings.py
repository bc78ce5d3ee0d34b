"""The customer's rating of the service a person gave them, asked when the chat is handed back."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.cases.intake import clean_text
from bot.cases.service import record_event
from bot.db.models import Case, HandoffRequest, Rating
from bot.errors import InvalidAnswer
from bot.shop.bilingual import Say
from bot.shop.language import Language

SKIP = "skipped"
NO_COMMENT = "(no comment)"
_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "一": 1, "二": 2, "兩": 2, "三": 3, "四": 4, "五": 5}
# Scores said in words, read before the numerals (一般 is not a 1); the longest phrase first (好差 before 差).
_CHINESE_SCORES = {
    "非常好": 5, "十分好": 5, "好好": 5, "很好": 5, "一流": 5, "極好": 5, "超好": 5, "好正": 5, "滿分": 5,
    "非常滿意": 5, "好滿意": 5, "很滿意": 5,
    "幾好": 4, "唔錯": 4, "不錯": 4, "唔差": 4, "良好": 4, "滿意": 4,
    "一般": 3, "普通": 3, "還可以": 3, "還好": 3,
    "麻麻": 2, "唔太好": 2, "不太好": 2, "唔係幾好": 2, "有啲差": 2, "不滿意": 2, "唔滿意": 2,
    "差": 1, "好差": 1, "很差": 1, "極差": 1, "非常差": 1, "勁差": 1, "最差": 1, "好唔滿意": 1, "非常不滿意": 1,
}  # fmt: skip
_SAID_SCORES = re.compile("|".join(sorted(_CHINESE_SCORES, key=len, reverse=True)))
# A particle, thanks and a full stop may close the answer: "唔使喇", "不用了，謝謝", "no thanks!".
_END = r"[啦喇了囉喎呀吖]*(?:\s*[,，]?\s*(?:謝謝|多謝|唔該))?\s*[.!。！~]*\s*$"
_NO_COMMENT = re.compile(
    rf"^\s*(no|nope|nothing|none|no thanks?|no comment|n/?a|沒有|沒有意見|冇|冇嘢|冇意見|冇特別|無|無意見|唔使|不用)"
    rf"{_END}",
    re.I,
)
_SKIP = re.compile(
    rf"^\s*(skip|no thanks?|no rating|rather not|不用|唔使|跳過|唔評分|不評分|唔想評分|不想評分){_END}", re.I
)
MAX_COMMENT = 1000
LOW = 2  # a rating at or below this is followed up
THANKS = Say(
    "Thank you for rating our service. Is there anything else I can help with?",
    "謝謝你為我們的服務評分。還有其他可以協助你的地方嗎？",
)
ASK_SCORE = Say(
    "Please choose a score from 1 (poor) to 5 (excellent), or say skip.",
    "請由1（差）至5（非常好）選擇評分，或回覆「跳過」。",
)
SORRY = Say(
    "I'm sorry we didn't get it right this time. Would you like a colleague to look at it again here, or to call "
    "you back? Your feedback has been passed to the team.",
    "很抱歉這次未能令你滿意。你想同事在這裏再跟進一次，還是致電回覆你？你的意見已轉交團隊。",
)
SORRY_BUTTONS = (
    (Say("Talk to a person", "與職員對話"), Say("I want to talk to a person", "我想與職員對話")),
    (Say("Call me back", "請致電給我"), Say("please call me back", "請致電回覆我")),
    (Say("No, thanks", "不用了，謝謝"), Say("no thanks", "不用了，謝謝")),
)


def parse_rating(text: str) -> str:
    """``"1"``..``"5"`` from "5", "4 stars", "five", "★★★★", "5分", "五分", "好好", "一般", "差"; ``SKIP`` if declined.

    Raises:
        InvalidAnswer: no single score from 1 to 5 in the answer.
    """
    if _SKIP.match(text):
        return SKIP
    text = _SAID_SCORES.sub(lambda said: f" {_CHINESE_SCORES[said.group(0)]} ", text)
    stars = text.count("★") + text.count("⭐")
    scores = {int(d) for d in re.findall(r"\d+", text)}
    scores |= {n for word, n in _WORDS.items() if re.search(rf"(?<![a-z]){word}(?![a-z])", text.lower())}
    if stars and not scores and stars <= 5:
        scores = {stars}
    if len(scores) != 1 or not 1 <= next(iter(scores)) <= 5:
        raise InvalidAnswer(ASK_SCORE)
    return str(scores.pop())


def parse_comment(text: str) -> str:
    """The comment as written (cleaned, at most ``MAX_COMMENT`` characters); empty for "no"."""
    return "" if _NO_COMMENT.match(text) else clean_text(text, limit=MAX_COMMENT)


def record_rating(session: Session, conversation_id: str, score: int, comment: str, now: dt.datetime) -> Rating:
    """Store the rating, linked to the member of staff and the case of the chat's last handoff."""
    if not 1 <= score <= 5:
        raise ValueError("a rating is from 1 to 5")
    handoff = session.scalars(
        select(HandoffRequest).where(HandoffRequest.conversation_id == conversation_id,
                                     HandoffRequest.status == "closed").order_by(HandoffRequest.id.desc()).limit(1)
    ).first()  # fmt: skip
    rating = Rating(conversation_id=conversation_id, case_id=handoff.case_id if handoff else None,
                    staff_id=handoff.taken_by if handoff else None, score=score, comment=comment, at=now)  # fmt: skip
    session.add(rating)
    session.flush()
    return rating


def answer_to(score: int, *, language: Language) -> tuple[str, list[dict[str, str]]]:
    """What the assistant says to a rating: thanks, or for a low one an apology and the offer of a person or a call."""
    if score > LOW:
        return THANKS(language), []
    buttons = [{"title": title(language), "payload": payload(language)} for title, payload in SORRY_BUTTONS]
    return SORRY(language), buttons


def follow_up(session: Session, rating: Rating, now: dt.datetime) -> bool:
    """A low rating of a chat with a case puts a follow-up in the case's history; whether it did."""
    if rating.score > LOW or rating.case_id is None:
        return False
    case = session.get(Case, rating.case_id)
    if case is None:
        return False
    detail: dict[str, object] = {"why": f"the customer rated the service {rating.score} of 5",
                                 "comment": rating.comment}  # fmt: skip
    record_event(session, case, "follow_up_needed", detail, now=now, actor="Concierge")
    return True
