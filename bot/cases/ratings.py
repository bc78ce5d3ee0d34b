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

SKIP = "skipped"
NO_COMMENT = "(no comment)"
_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "一": 1, "二": 2, "兩": 2, "三": 3, "四": 4, "五": 5}
_NO_COMMENT = re.compile(r"^\s*(no|nope|nothing|none|no thanks?|no comment|n/?a|沒有|冇|唔使)\s*[.!]*\s*$", re.I)
_SKIP = re.compile(r"^\s*(skip|no thanks?|no rating|rather not|不用|唔使)\s*[.!]*\s*$", re.I)
MAX_COMMENT = 1000
LOW = 2  # a rating at or below this is followed up
THANKS = "Thank you for rating our service. Is there anything else I can help with?"


def parse_rating(text: str) -> str:
    """``"1"``..``"5"`` from "5", "4 stars", "five", "★★★★"; ``SKIP`` if the customer declines.

    Raises:
        InvalidAnswer: no single score from 1 to 5 in the answer.
    """
    if _SKIP.match(text):
        return SKIP
    stars = text.count("★") + text.count("⭐")
    scores = {int(d) for d in re.findall(r"\d+", text)}
    scores |= {n for word, n in _WORDS.items() if re.search(rf"(?<![a-z]){word}(?![a-z])", text.lower())}
    if stars and not scores and stars <= 5:
        scores = {stars}
    if len(scores) != 1 or not 1 <= next(iter(scores)) <= 5:
        raise InvalidAnswer("Please choose a score from 1 (poor) to 5 (excellent), or say skip.")
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


def answer_to(score: int) -> tuple[str, list[dict[str, str]]]:
    """What the assistant says to a rating: thanks, or for a low one an apology and the offer of a person or a call."""
    if score > LOW:
        return THANKS, []
    return (
        "I'm sorry we didn't get it right this time. Would you like a colleague to look at it again here, or to call "
        "you back? Your feedback has been passed to the team.",
        [{"title": "Talk to a person", "payload": "I want to talk to a person"},
         {"title": "Call me back", "payload": "please call me back"},
         {"title": "No, thanks", "payload": "no thanks"}],
    )  # fmt: skip


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
