"""The retention purge: expired personal data goes, anonymous statistics stay, open cases are untouched."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select, update

from bot.cases.settlement import add_note, case_for, settle
from bot.cases.transcripts import add_line
from bot.context import Context
from bot.db.models import Case, CaseEvent, Feedback, InboxMessage, Rating, TranscriptLine
from bot.privacy.retention import REMOVED, purge
from bot.training import inbox
from tests.staffing import NOW, lodge, staff

LONG_AGO = NOW - dt.timedelta(days=800)


def test_expired_cases_are_anonymised_and_expired_conversations_deleted(context: Context) -> None:
    manager = staff(context, "kit", "store_manager")
    old, recent, still_open = lodge(context, "web-old"), lodge(context, "web-new"), lodge(context, "web-open")
    with context.sessions() as s, s.begin():
        for reference in (old, recent):
            case = case_for(s, reference, manager, context.policy)
            add_note(s, case, manager, "note", "Customer Chan Tai Man called from 9123 4567", policy=context.policy,
                     now=NOW)  # fmt: skip
            settle(s, case, manager, "refund", 1500, "Refunded to the card", policy=context.policy, now=NOW)
        s.execute(update(Case).where(Case.reference.in_([old, still_open])).values(updated_at=LONG_AGO))
        for conversation, at in (("web-old", LONG_AGO), ("web-new", NOW)):
            add_line(s, conversation, "customer", "my phone is 9123 4567")
            s.execute(update(TranscriptLine).where(TranscriptLine.conversation_id == conversation).values(at=at))
            s.add(Feedback(conversation_id=conversation, text="lovely staff, Mrs Chan", at=at))
            s.add(Rating(conversation_id=conversation, score=2, comment="slow, ask for Chan", at=at))
            inbox.capture(s, inbox.Said("wat", "nlu_fallback", 0.2, None), "fallback", conversation, at)

    with context.sessions() as s, s.begin():
        purged = purge(s, context.policy.retention, NOW)
    assert (purged.cases_anonymised, purged.transcript_lines, purged.feedback, purged.rating_comments,
            purged.inbox_messages) == (1, 1, 1, 1, 1)  # fmt: skip

    with context.sessions() as s:
        cases = {c.reference: c for c in s.scalars(select(Case))}
        gone = cases[old]
        assert (gone.customer_name_encrypted, gone.contact_encrypted, gone.description_encrypted) == ("", "", REMOVED)
        assert gone.anonymised_at is not None and gone.conversation_id is None
        assert (gone.category, gone.settled_remedy, gone.settled_amount_hkd) == (
            "product",
            "refund",
            1500,
        )  # statistics
        notes = [e.detail for e in s.scalars(select(CaseEvent).where(CaseEvent.case_id == gone.id))]
        assert not any("9123" in n or "Chan" in n for n in notes)
        assert "Chan Tai Man called" in " ".join(e.detail for e in cases[recent].events)
        assert cases[still_open].anonymised_at is None and cases[still_open].customer_name_encrypted
        assert {line.conversation_id for line in s.scalars(select(TranscriptLine))} == {"web-new"}
        assert [f.conversation_id for f in s.scalars(select(Feedback))] == ["web-new"]
        assert sorted((r.conversation_id, r.score, r.comment) for r in s.scalars(select(Rating))) == [
            ("web-new", 2, "slow, ask for Chan"), ("web-old", 2, "")]  # fmt: skip
        assert [m.conversation_id for m in s.scalars(select(InboxMessage))] == ["web-new"]
    with context.sessions() as s, s.begin():
        assert purge(s, context.policy.retention, NOW).cases_anonymised == 0  # once is enough
