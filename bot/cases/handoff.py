"""Live handoff: a customer waiting for a person, staff accepting, the chat handed back.

A conversation has at most one open handoff. While it is ``taken`` (or ``waiting`` after a
referral from staff) a person is in charge and the assistant stays silent.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot.cases import lifecycle, pledges, transcripts
from bot.cases.notifications import announce
from bot.cases.service import record_event
from bot.db.models import Case, HandoffRequest, StaffMember
from bot.errors import AlreadyTaken, NotYourQueue, Refused
from bot.shop.bilingual import Say
from bot.shop.business_hours import add_business_hours, format_moment, is_open
from bot.shop.language import Language
from bot.shop.policy import Policy, Role
from bot.shop.text import first_mentioned
from bot.staff.accounts import SignedIn, online_count, roles_that_can_take

OPEN = ("waiting", "taken")


@dataclass(frozen=True)
class Outlook:
    """What the customer is told when they wait for a person."""

    role: str  # the id of the role whose member will help
    live: bool
    wait_minutes: int
    callback_by: dt.datetime | None
    reference: str | None


@dataclass(frozen=True)
class QueueEntry:
    """A conversation waiting for a person, as the console lists it."""

    handoff_id: int
    conversation_id: str
    role: str
    role_title: str
    reason: str
    requested_at: dt.datetime
    waited_minutes: int
    callback_by: dt.datetime | None
    referred: bool
    case_reference: str | None
    case_summary: str
    language: Language = "en"  # the language the customer writes in


def actor(staff: SignedIn, policy: Policy) -> str:
    """How a member of staff is named in case history."""
    return f"{staff.display_name} ({policy.role(staff.role).title})"


def chat_name(staff: SignedIn, policy: Policy) -> str:
    """How customers see a member of staff in the chat: the name they chose, else as in case history."""
    return staff.chat_name or actor(staff, policy)


PASSED_ON = Say(
    "{name} has passed your case to our {role}, who will join you here shortly.",
    "{name}已把你的個案轉交本店{role}，對方稍後會在這裏與你對話。",
)
LIVE_WAIT = Say(
    "I've asked our {role} to take over this chat; the expected wait is about {minutes}. Please stay on "
    "this page; you can keep typing, they will see it.",
    "我已請本店{role}接手這個對話，預計約需等候{minutes}。請留在這個頁面；你可以繼續輸入，同事會看到。",
)
ONE_MINUTE = Say("a minute", "1分鐘")
MINUTES = Say("{n} minutes", "{n}分鐘")
CALLBACK_CASE = Say(
    "Our {role} team isn't available right now. Your case {reference} is in their queue and they "
    "will call you back by {when}. You can also call us on {hotline}.",
    "本店{role}暫時未能接手。你的個案{reference}已在他們的處理名單上，同事會於{when}前致電給你。"
    "你亦可致電{hotline}聯絡我們。",
)
CALLBACK = Say(
    "Our {role} team isn't available right now. Your request is in their queue and a colleague will "
    "answer here by {when}; this chat stays open if you come back to this page. You can also call us on "
    "{hotline}.",
    "本店{role}暫時未能接手。你的要求已在他們的處理名單上，同事會於{when}前在這裏回覆你；"
    "你回到這個頁面時，對話仍會保留。你亦可致電{hotline}聯絡我們。",
)
UPSET = Say("I'm sorry you've had this experience.", "很抱歉令你有這樣的經歷。")


def passed_on_news(staff: SignedIn, role_id: str, policy: Policy, language: Language = "en") -> str:
    """What the customer is told when ``staff`` passes their case (and the chat) to a role's queue."""
    return PASSED_ON(language, name=chat_name(staff, policy), role=policy.in_(language).role(role_id).title)


def open_handoff(session: Session, conversation_id: str) -> HandoffRequest | None:
    """The conversation's waiting or taken handoff, if any."""
    row: HandoffRequest | None = session.scalars(
        select(HandoffRequest).where(HandoffRequest.conversation_id == conversation_id,
                                     HandoffRequest.status.in_(OPEN)).order_by(HandoffRequest.id.desc()).limit(1)
    ).first()  # fmt: skip
    return row


def person_in_charge(session: Session, conversation_id: str) -> bool:
    """Whether the assistant must stay silent: a person has the chat, or staff referred it up."""
    handoff = open_handoff(session, conversation_id)
    return handoff is not None and (handoff.status == "taken" or handoff.referred_by is not None)


def _service_open(case: Case | None, policy: Policy, now: dt.datetime) -> bool:
    place = case.incident_place if case is not None else None
    branch = next((b for b in policy.branches if b.id == place), None)
    return is_open(branch.hours if branch else policy.service_hours, now, policy)


def _callback_by(case: Case | None, role: str, policy: Policy, now: dt.datetime) -> dt.datetime:
    if case is not None and case.acknowledge_by > now:
        promised: dt.datetime = case.acknowledge_by
        return promised
    return add_business_hours(now, policy.sla[role].acknowledge_hours, policy.service_hours, policy)


def sounds_upset(text: str, policy: Policy) -> bool:
    """Whether a customer's line reads as angry or serious: an upset word, a severity word, or shouting."""
    letters = [ch for ch in text if ch.isalpha() and ch.isascii()]
    shouting = len(letters) >= 12 and sum(ch.isupper() for ch in letters) / len(letters) > 0.8
    words = policy.handoff.upset_words + tuple(w for ws in policy.routing.severity_signals.values() for w in ws)
    return shouting or "!!!" in text or bool(first_mentioned(text, words))


def case_of(session: Session, conversation_id: str) -> Case | None:
    """The latest case opened in this conversation, if any."""
    case: Case | None = session.scalars(
        select(Case).where(Case.conversation_id == conversation_id).order_by(Case.id.desc()).limit(1)
    ).first()
    return case


def request_handoff(
    session: Session, conversation_id: str, reason: str, *, policy: Policy, now: dt.datetime,
    reference: str | None = None,
) -> Outlook:  # fmt: skip
    """Queue the conversation for a person of its case's role (or the front line), and say what to expect.

    Its case is the one opened in this conversation or, failing that, the case ``reference`` of an earlier chat
    that the customer has just proved is theirs (``case_status`` verified it): the case's role takes the chat.

    Outside opening hours, or with nobody of the role online, the customer is promised a callback
    by the SLA instead; the request stays in the queue either way. Asking twice queues once.
    """
    case = case_of(session, conversation_id)
    if case is None and reference:
        case = session.scalars(select(Case).where(Case.reference == reference)).first()
        if case is not None:
            reason += f" {case.reference} of an earlier chat (they proved the contact on it)"
    handoff = open_handoff(session, conversation_id)
    if handoff is None:
        role = case.assigned_role if case else policy.routing.default_role
        handoff = HandoffRequest(conversation_id=conversation_id, case_id=case.id if case else None, role=role,
                                 reason=reason, requested_at=now)  # fmt: skip
        session.add(handoff)
        if case is not None:
            record_event(session, case, "handoff_requested", {"reason": reason, "role": role}, now=now)
        announce(session, policy, role, "chat_waiting", case.reference if case else None, now=now)
        session.flush()
    reference = case.reference if case else None
    online = online_count(session, roles_that_can_take(handoff.role, policy), now)
    if handoff.status == "taken" or (handoff.callback_by is None and online and _service_open(case, policy, now)):
        ahead = session.scalar(
            select(func.count()).select_from(HandoffRequest).where(
                HandoffRequest.role == handoff.role, HandoffRequest.status == "waiting", HandoffRequest.id < handoff.id
            )
        )  # fmt: skip
        wait = math.ceil((int(ahead or 0) + 1) * policy.handoff.minutes_per_customer / max(online, 1))
        return Outlook(handoff.role, True, wait, None, reference)
    if handoff.callback_by is None:
        handoff.callback_by = _callback_by(case, handoff.role, policy, now)
    return Outlook(handoff.role, False, 0, handoff.callback_by, reference)


def outlook_message(outlook: Outlook, policy: Policy, language: Language = "en") -> str:
    """The customer's answer: who will help, and how long the wait is or when they will be called."""
    role = policy.in_(language).role(outlook.role).title
    if outlook.live:
        n = outlook.wait_minutes
        minutes = ONE_MINUTE(language) if n <= 1 else MINUTES(language, n=n)
        return LIVE_WAIT(language, role=role, minutes=minutes)
    assert outlook.callback_by is not None
    when = format_moment(outlook.callback_by, policy, language)
    hotline = policy.organization.hotline
    if outlook.reference:
        return CALLBACK_CASE(language, role=role, reference=outlook.reference, when=when, hotline=hotline)
    return CALLBACK(language, role=role, when=when, hotline=hotline)


def promise_callbacks(session: Session, policy: Policy, now: dt.datetime) -> list[tuple[str, str]]:
    """Customers who waited past the policy's limit: promise a callback. Returns (conversation, message)."""
    limit = now - dt.timedelta(minutes=policy.handoff.max_wait_minutes)
    overdue = session.scalars(
        select(HandoffRequest).where(HandoffRequest.status == "waiting", HandoffRequest.callback_by.is_(None),
                                     HandoffRequest.requested_at <= limit)
    ).all()  # fmt: skip
    told = []
    for handoff in overdue:
        case = session.get(Case, handoff.case_id) if handoff.case_id else None
        handoff.callback_by = _callback_by(case, handoff.role, policy, now)
        outlook = Outlook(handoff.role, False, 0, handoff.callback_by, case.reference if case else None)
        if case is not None:
            record_event(session, case, "callback_promised", {"by": handoff.callback_by.isoformat()},
                         now=now, actor="assistant")  # fmt: skip
        language = transcripts.language(session, handoff.conversation_id)
        told.append((handoff.conversation_id, outlook_message(outlook, policy, language)))
    return told


def _summary(case: Case | None, policy: Policy) -> str:
    if case is None:
        return "No case yet: the customer asked for a person."
    amount = f" HK${case.claim_amount_hkd:,}" if case.claim_amount_hkd else ""
    category = policy.category_label(case.category)
    return f"{category}: {case.product or 'no product'}; wants {case.desired_outcome}{amount}. {case.routing_reasons}"


def queue(session: Session, staff: SignedIn, policy: Policy, now: dt.datetime) -> list[QueueEntry]:
    """Conversations waiting for a person in the queues ``staff`` sees, longest wait first."""
    rows = session.scalars(
        select(HandoffRequest).where(HandoffRequest.status == "waiting",
                                     HandoffRequest.role.in_(policy.roles_seen_by(staff.role)))
        .order_by(HandoffRequest.requested_at, HandoffRequest.id)
    ).all()  # fmt: skip
    return [
        QueueEntry(
            row.id,
            row.conversation_id,
            row.role,
            policy.role(row.role).title,
            row.reason,
            row.requested_at,
            int((now - row.requested_at).total_seconds() // 60),
            row.callback_by,
            row.referred_by is not None,
            row.case.reference if row.case else None,
            _summary(row.case, policy),
            transcripts.language(session, row.conversation_id),
        )  # fmt: skip
        for row in rows
    ]


def my_conversations(session: Session, staff: SignedIn) -> list[HandoffRequest]:
    """The conversations ``staff`` has taken and not yet handed back."""
    rows = session.scalars(
        select(HandoffRequest).where(HandoffRequest.status == "taken", HandoffRequest.taken_by == staff.staff_id)
    )
    return list(rows.all())


def accept(session: Session, handoff_id: int, staff: SignedIn, *, policy: Policy, now: dt.datetime) -> str:
    """Take a waiting conversation; the first to accept wins. Returns the conversation id.

    Raises:
        NotYourQueue: the conversation waits for a role ``staff`` does not see.
        AlreadyTaken: somebody else accepted it first, or it is no longer waiting.
    """
    handoff = session.get(HandoffRequest, handoff_id)
    if handoff is None or handoff.role not in policy.roles_seen_by(staff.role):
        raise NotYourQueue(str(handoff_id))
    taken = session.execute(
        update(HandoffRequest).where(HandoffRequest.id == handoff_id, HandoffRequest.status == "waiting")
        .values(status="taken", taken_by=staff.staff_id, taken_at=now).execution_options(synchronize_session=False)
    )  # fmt: skip
    if taken.rowcount != 1:
        session.expire(handoff)
        taker = session.get(StaffMember, handoff.taken_by) if handoff.taken_by else None
        raise AlreadyTaken(taker.display_name if taker else "nobody: it is no longer waiting")
    session.expire(handoff)
    if handoff.case is not None:
        case = handoff.case
        pledges.acknowledge(session, case, now)
        if case.status in lifecycle.TAKEN_UP_FROM:
            case.status = lifecycle.advance(case.status, lifecycle.IN_PROGRESS)
        record_event(
            session,
            case,
            "accepted",
            {"conversation": "live chat"},
            now=now,
            actor=actor(staff, policy),
            staff_id=staff.staff_id,
        )
    return str(handoff.conversation_id)


def taken_by(session: Session, conversation_id: str, staff: SignedIn) -> HandoffRequest:
    """The handoff of ``conversation_id`` that ``staff`` holds.

    Raises:
        NotYourQueue: ``staff`` does not hold this conversation.
    """
    handoff = open_handoff(session, conversation_id)
    if handoff is None or handoff.status != "taken" or handoff.taken_by != staff.staff_id:
        raise NotYourQueue(conversation_id)
    return handoff


def hand_back(session: Session, conversation_id: str, staff: SignedIn, *, policy: Policy, now: dt.datetime) -> None:
    """Give the conversation back to the assistant (which then asks for a rating).

    Raises:
        NotYourQueue: ``staff`` does not hold this conversation.
    """
    handoff = taken_by(session, conversation_id, staff)
    handoff.status = "closed"
    handoff.closed_at = now
    if handoff.case is not None:
        record_event(
            session, handoff.case, "handed_back", {}, now=now, actor=actor(staff, policy), staff_id=staff.staff_id
        )


def pass_to_case_role(session: Session, conversation_id: str, staff: SignedIn, *, policy: Policy,
                      now: dt.datetime) -> Role:  # fmt: skip
    """Pass a chat whose case needs a role above the holder's (it was routed there) to that role's queue.

    Returns the role. Raises ``NotYourQueue`` when ``staff`` does not hold the chat, ``Refused`` when
    the chat has no case or the holder may handle the case themselves.
    """
    handoff = taken_by(session, conversation_id, staff)
    case = handoff.case
    if case is None or case.assigned_role in policy.roles_seen_by(staff.role):
        raise Refused("this chat's case is yours to handle")
    handoff.status, handoff.closed_at = "referred", now
    role = policy.role(case.assigned_role)
    title = role.title
    session.add(HandoffRequest(conversation_id=conversation_id, case_id=case.id, role=case.assigned_role,
                               reason=f"passed on: the case needs the {title}", requested_at=now,
                               referred_by=staff.staff_id))  # fmt: skip
    record_event(
        session, case, "chat_passed_on", {"to": title}, now=now, actor=actor(staff, policy), staff_id=staff.staff_id
    )
    announce(session, policy, case.assigned_role, "referred_up", case.reference, now=now)
    return role
