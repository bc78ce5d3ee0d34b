"""A few months of plausible service for the demo shop, so the service-quality dashboard is alive on first run.

Made by ``python -m bot init`` on a new demo database, day by day up to yesterday: conversations at the hours
customers come (more at lunch and in the evening, more at weekends), some asking for a person, ratings, and
complaints that go through the real case services (intake with consent, notes, settlement within or above
authority, referral, the SLA timer at each day's end, reopening), so every figure, pledge and step is what the
service would have recorded. The same seed gives the same history. Names and phones are made up; nothing in it is
anyone's personal data.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.cases.intake import Contact
from bot.cases.service import Complaint, open_case, record_consent
from bot.cases.settlement import add_note, escalate_overdue, record_refusal, refer_up, reopen, settle
from bot.db.models import Case, Conversation, HandoffRequest, InboxMessage, Rating, StaffMember, TranscriptLine
from bot.errors import OutsideAuthority
from bot.privacy.crypto import DataVault
from bot.shop.business_hours import add_business_hours, is_open
from bot.shop.policy import Policy
from bot.staff.accounts import SignedIn, add_staff

WEEKS = 13
SEED = 2026
HOUR_WEIGHTS = [1, 0, 0, 0, 0, 0, 1, 2, 4, 6, 8, 9, 12, 12, 9, 8, 8, 9, 11, 13, 12, 9, 6, 3]
SAID = ["are you open on Sunday in Mong Kok?", "how much to change a Seiko battery", "where is order 10023",
        "do you buy back gold", "how much is 18K gold today", "can I return earrings", "ring resizing price",
        "do you deliver to Macau", "幾點關門", "有冇18K金手鏈", "換電池幾錢", "is the Omega Seamaster in stock",
        "I want to make a complaint", "can I talk to a person", "thanks", "bye"]  # fmt: skip
STAFF_SAID = ["Hello, I'm looking at your case now.", "Sorry for the trouble. Let me check with the branch.",
              "I have arranged it; you will hear from us today."]  # fmt: skip
NAMES = ["Chan Tai Man", "Wong Siu Ming", "Lee Mei Ling", "Cheung Ka Yan", "Lau Wing Sze", "Ho Chi Keung",
         "Ng Suet Ying", "Leung Man Kit", "Tsang Hoi Yan", "Yip Kwok Wai"]  # fmt: skip
EXTRA_STAFF = [("demo-officer-wing", "Wing (demo)", "customer_service_officer"),
               ("demo-officer-kelvin", "Kelvin (demo)", "customer_service_officer"),
               ("demo-supervisor-joyce", "Joyce (demo)", "supervisor")]  # fmt: skip


@dataclass(frozen=True)
class Story:
    """A kind of complaint: its category, what was bought, what went wrong, the remedy asked and its amount."""

    category: str
    products: tuple[str, ...]
    said: tuple[str, ...]
    remedies: tuple[tuple[str, int | None], ...]


STORIES = (
    Story("product", ("18K gold bracelet", "Tissot watch", "diamond ring", "pearl necklace", "Seiko watch",
                      "jade bangle", "Omega Seamaster watch", "gold chain"),
          ("The clasp broke after a week", "The watch stopped after two weeks", "A stone fell out of the setting",
           "The plating is wearing off already", "The glass was scratched when I opened the box"),
          (("repair", None), ("replacement", None), ("refund", 2800), ("compensation", 800))),
    Story("service", ("Tissot watch", "diamond ring", "gold chain", "Citizen watch"),
          ("The salesperson was rude and ignored me", "Staff were impolite when I asked about the price",
           "I waited 20 minutes and nobody served me", "The staff shouted at my mother"),
          (("apology", None), ("apology", None), ("compensation", 300))),
    Story("delivery", ("Omega Seamaster watch", "pearl necklace", "gold pendant"),
          ("The parcel never arrived", "SF delivered it three days late", "The box arrived damaged"),
          (("refund", 5450), ("replacement", None), ("apology", None))),
    Story("price", ("gold chain", "gold bangle"), ("I was overcharged against the gold board price",
                                                  "The promotion discount was not applied"),
          (("refund", 600), ("refund", 350))),
    Story("repair", ("Rolex watch", "Seiko watch", "Citizen watch"),
          ("The battery died a week after it was replaced", "It came back from servicing with a scratch",
           "The watch runs slow after the service"), (("repair", None), ("compensation", 1500))),
)  # fmt: skip
# Where complaints happen, and (per place) how often each story is told: Mong Kok hears more about staff service.
PLACES = {"central": (5, 2, 1, 1, 2), "tsim_sha_tsui": (5, 2, 1, 2, 1), "mong_kok": (4, 6, 1, 2, 1),
          "sha_tin": (4, 1, 1, 1, 2), "online": (2, 0, 5, 1, 0)}  # fmt: skip


def _staff(session: Session, policy: Policy) -> dict[str, list[SignedIn]]:
    """The demo staff by role (three more made up for a livelier history), as the services take them."""
    for username, name, role in EXTRA_STAFF:
        if session.scalars(select(StaffMember.id).where(StaffMember.username == username)).first() is None:
            add_staff(session, username, name, role, random.Random(username).randbytes(16).hex(), policy)
    by_role: dict[str, list[SignedIn]] = {}
    for member in session.scalars(select(StaffMember).order_by(StaffMember.id)):
        by_role.setdefault(member.role, []).append(
            SignedIn(member.id, member.username, member.display_name, member.role, "", branch=member.branch)
        )
    return by_role


class _History:
    def __init__(self, session: Session, policy: Policy, vault: DataVault, now: dt.datetime) -> None:
        self.session, self.policy, self.vault, self.now = session, policy, vault, now
        self.random = random.Random(SEED)
        self.staff = _staff(session, policy)
        self.ciphers = {text: vault.encrypt(text) for text in (*SAID, *STAFF_SAID, "…")}
        self.conversation = 0
        self.phones: list[str] = []

    def moment(self, day: dt.date) -> dt.datetime:
        hour = self.random.choices(range(24), HOUR_WEIGHTS)[0]
        return dt.datetime.combine(day, dt.time(hour, self.random.randrange(60)), self.policy.zone)

    def person(self, role: str) -> SignedIn:
        return self.random.choice(self.staff[role])

    def chat(self, start: dt.datetime) -> str:
        """One conversation: lines, perhaps a person, perhaps a rating."""
        self.conversation += 1
        conversation = f"demo-{self.conversation:06d}"
        at, lines = start, self.random.randint(1, 5)
        self.session.add(Conversation(conversation_id=conversation, first_at=start, customer_lines=lines,
                                      last_at=start + dt.timedelta(seconds=40 * (lines - 1))))  # fmt: skip
        for _ in range(lines):
            said = self.random.choice(SAID)
            self.session.add(TranscriptLine(conversation_id=conversation, author="customer", at=at,
                                            text_encrypted=self.ciphers[said], language="en"))  # fmt: skip
            if self.random.random() < 0.06:
                self.session.add(InboxMessage(text=said, group_key=said, source="fallback", at=at, status="dismissed",
                                              conversation_id=conversation, predicted_intent="nlu_fallback",
                                              confidence=0.2, decided_by="demo history"))  # fmt: skip
            at += dt.timedelta(seconds=self.random.randint(20, 90))
        if self.random.random() < 0.12:
            self.person_asked(conversation, at)
        return conversation

    def person_asked(self, conversation: str, at: dt.datetime) -> None:
        if not is_open(self.policy.service_hours, at, self.policy):
            self.session.add(HandoffRequest(conversation_id=conversation, role="customer_service_officer",
                                            reason="customer asked for a person", requested_at=at, status="closed",
                                            callback_by=add_business_hours(at, 2, self.policy.service_hours,
                                                                           self.policy), closed_at=at))  # fmt: skip
            return
        taker = self.person(self.random.choice(("customer_service_officer", "customer_service_officer", "supervisor")))
        taken = at + dt.timedelta(minutes=self.random.choice((0.5, 1, 1, 2, 2, 3, 4, 6, 9)))
        self.session.add(HandoffRequest(conversation_id=conversation, role="customer_service_officer",
                                        reason="customer asked for a person", requested_at=at, status="closed",
                                        taken_by=taker.staff_id, taken_at=taken,
                                        closed_at=taken + dt.timedelta(minutes=8)))  # fmt: skip
        first = taken + dt.timedelta(seconds=self.random.randint(15, 120))
        self.session.add(TranscriptLine(conversation_id=conversation, author="staff", at=first, language="en",
                                        text_encrypted=self.ciphers[STAFF_SAID[0]],
                                        author_name=taker.display_name))  # fmt: skip
        if self.random.random() < 0.6:
            worse = taker.username == "demo-officer-kelvin"  # one member of staff the customers rate lower
            weights = (20, 25, 20, 20, 15) if worse else (50, 30, 10, 6, 4)
            score = self.random.choices((5, 4, 3, 2, 1), weights)[0]
            self.session.add(Rating(conversation_id=conversation, staff_id=taker.staff_id, score=score, comment="",
                                    at=taken + dt.timedelta(minutes=10)))  # fmt: skip

    def complaint(self, day: dt.date) -> None:
        place = self.random.choice(list(PLACES))
        story = self.random.choices(STORIES, PLACES[place])[0]
        at = self.moment(day)
        conversation = self.chat(at)
        if self.phones and self.random.random() < 0.08:
            phone = self.random.choice(self.phones)  # a customer who complained before
        else:
            phone = f"9{self.random.randrange(10**7):07d}"
            self.phones.append(phone)
        remedy, amount = self.random.choice(story.remedies)
        filed = at + dt.timedelta(minutes=4)
        record_consent(self.session, conversation, self.policy.privacy.collection_statement.version, True)
        receipt = open_case(self.session, Complaint(
            self.random.choice(NAMES), Contact("phone", phone), story.category, self.random.choice(story.products),
            day, place, None, self.random.choice(story.said), remedy, amount,
        ), intake_key=f"demo-{conversation}", conversation_id=conversation, policy=self.policy, vault=self.vault,
            now=filed)  # fmt: skip
        self.work_on(receipt.reference, filed)

    def work_on(self, reference: str, filed: dt.datetime) -> None:
        """What staff did with the case: acknowledged it (mostly in time), settled or referred it, some reopened."""
        case = self.session.scalars(select(Case).where(Case.reference == reference)).one()
        hours = self.policy.service_hours
        answered = add_business_hours(filed, self.random.choice((0.2, 0.5, 1, 1.5, 2, 3, 5)), hours, self.policy)
        if answered >= self.now:
            return  # still waiting for a person
        handler = self.person(case.assigned_role) if case.assigned_role in self.staff else None
        if handler is None:
            return
        add_note(self.session, case, handler, "action", "Called the customer and checked the item", policy=self.policy,
                 now=answered)  # fmt: skip
        done = add_business_hours(answered, self.random.choice((1, 3, 6, 10, 16, 24, 30)), hours, self.policy)
        if done >= self.now:
            return
        amount = case.claim_amount_hkd or 0
        if case.desired_outcome in ("refund", "compensation") and self.random.random() < 0.2:
            amount += 2500  # the customer held out for more than they first asked
        try:
            settle(self.session, case, handler, case.desired_outcome, amount, "Agreed with the customer",
                   policy=self.policy, now=done)  # fmt: skip
        except OutsideAuthority:
            record_refusal(self.session, case, handler, case.desired_outcome, amount, policy=self.policy, now=done)
            refer_up(self.session, case, handler, f"HK${amount:,} is above my authority", policy=self.policy,
                     now=done)  # fmt: skip
            above = self.person(case.assigned_role) if case.assigned_role in self.staff else None
            later = add_business_hours(done, self.random.choice((2, 5, 9)), hours, self.policy)
            if above is None or later >= self.now:
                return
            settle(self.session, case, above, case.desired_outcome, amount, "Agreed with the customer",
                   policy=self.policy, now=later)  # fmt: skip
            done = later
        if self.random.random() < 0.5:  # asked to rate how the complaint was handled
            weights = (20, 25, 20, 20, 15) if handler.username == "demo-officer-kelvin" else (45, 30, 12, 8, 5)
            self.session.add(Rating(conversation_id=case.conversation_id, case_id=case.id, staff_id=handler.staff_id,
                                    score=self.random.choices((5, 4, 3, 2, 1), weights)[0], comment="",
                                    at=done + dt.timedelta(hours=1)))  # fmt: skip
        back = add_business_hours(done, 20, hours, self.policy)
        if self.random.random() < 0.04 and back < self.now:
            reopen(self.session, case, handler, "The customer says it is not put right", policy=self.policy, now=back)

    def day(self, day: dt.date) -> None:
        weekend = day.weekday() >= 5
        for _ in range(self.random.randint(30, 50) + (20 if weekend else 0)):
            self.chat(self.moment(day))
        for _ in range(self.random.choice((1, 2, 2, 3, 3, 4))):
            self.complaint(day)
        self.session.flush()
        end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0, 0), self.policy.zone)
        escalate_overdue(self.session, self.policy, min(end, self.now))  # the SLA timer, as it would have run


def seed_demo_history(session: Session, policy: Policy, vault: DataVault, now: dt.datetime, weeks: int = WEEKS) -> int:
    """Write ``weeks`` of service before today; returns the number of conversations written."""
    history = _History(session, policy, vault, now)
    today = now.astimezone(policy.zone).date()
    for offset in range(weeks * 7, 0, -1):
        history.day(today - dt.timedelta(days=offset))
    return history.conversation
