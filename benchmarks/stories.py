"""Turns a complaint takes from the customer's story to the receipt, on scripted stories over the real Rasa server.

Each story is the customer's first message and what they would answer if asked. The scripted customer reads which
question the form asks (the tracker's ``requested_slot``) and answers it from its facts: "yes" to the collection
statement, name and phone together (the question asks both), "yes" to a category guessed right or the category's
name, and so on. A customer turn is one message sent, the story included; the count stops at the receipt. The case
stored is then checked against the facts, so a short run that files the wrong complaint does not count as short.
"""

from __future__ import annotations

import datetime as dt
import re
import statistics
import uuid
from dataclasses import dataclass, field

import requests
from sqlalchemy import select

from bot.cases.complaint_form import ONLINE, OUTCOMES
from bot.context import Context
from bot.db.models import Case
from bot.shop.language import Language
from bot.shop.policy import Policy

RECEIPT = re.compile(r"CS-[0-9A-Z]{4}-[0-9A-Z]{4}")
MOST_TURNS = 16


@dataclass(frozen=True)
class Story:
    """A customer's first message and the facts they give when asked (answers in the story's language)."""

    said: str
    language: Language
    category: str  # the policy's category id the complaint is about
    place: str  # branch id or "online"
    outcome: str
    answers: dict[str, str] = field(default_factory=dict)  # slot -> what the customer says when asked


def en(said: str, category: str, place: str, outcome: str, **answers: str) -> Story:
    """An English story."""
    return Story(said, "en", category, place, outcome, answers)


def zh(said: str, category: str, place: str, outcome: str, **answers: str) -> Story:
    """A Chinese story."""
    return Story(said, "zh", category, place, outcome, answers)


STORIES = (
    en("The clasp of my 18K gold bracelet broke after one week", "product", "mong_kok", "replacement",
       incident_date="last saturday at the causeway bay branch", incident_place="Mong Kok",
       desired_outcome="I want a replacement"),
    en("The diamond ring I bought on 3 November in Central has a GIA certificate that does not match the stone. "
       "I want compensation of HK$5000", "product", "central", "compensation"),
    en("I ordered an Omega Seamaster online, order 10023, and it arrived with a scratched glass. I want my money back",
       "product", "online", "refund", claim_amount="the full price"),
    en("the staff at TST were so rude to me yesterday, i want an apology", "service", "tsim_sha_tsui", "apology"),
    en("my parcel from order 10021 never arrived, pls refund the full price", "delivery", "online", "refund",
       incident_date="yesterday"),
    en("I was charged twice for my Seiko watch at the Central shop on 28 November, I want the extra HK$2,980 back "
       "as a refund", "payment", "central", "refund"),
    en("The battery you replaced in my Citizen watch at Sha Tin died after 3 days, I want it repaired for free",
       "repair", "sha_tin", "repair", incident_date="2 weeks ago"),
    en("your Mong Kok staff read my phone number and address out loud to the whole queue yesterday, this is a "
       "privacy problem and I want an apology", "privacy", "mong_kok", "apology", product="none"),
    en("the jade bangle I bought yesterday in Central has a crack, can I get a replacement?", "product", "central",
       "replacement"),
    en("my Tissot watch stopped working two weeks after I bought it at TST", "product", "tsim_sha_tsui", "repair",
       incident_date="3 weeks ago", desired_outcome="please repair it"),
    en("I want to make a complaint", "service", "mong_kok", "apology", complaint_category="Staff service",
       product="none", incident_date="yesterday", incident_place="Mong Kok",
       description="The salesperson shouted at my mother when she asked for a discount.",
       desired_outcome="an apology"),
    en("the pearl necklace I ordered online came with a pearl missing, order 10027, I want a new one", "product",
       "online", "replacement", incident_date="yesterday"),
    en("the salesperson at Mong Kok ignored me for 20 minutes last Sunday, terrible service, I expect an apology",
       "service", "mong_kok", "apology", product="none"),
    en("you overcharged me for a gold chain at Sha Tin last week, the board price was lower, I want the difference "
       "back, HK$600", "price", "sha_tin", "refund"),
    en("The Rolex I left for servicing at Central came back with a scratch on the case. I want compensation of "
       "HK$3,000", "repair", "central", "compensation", complaint_category="Repair or servicing",
       incident_date="last Friday"),
    zh("上個禮拜六喺旺角買嘅18K金手鏈條扣甩咗，我想換過條新嘅", "product", "mong_kok", "replacement"),
    zh("琴日喺中環分店啲職員態度好差，我要佢哋道歉", "service", "central", "apology", product="冇"),
    zh("網上買嘅錶（訂單10023）送到嚟塊鏡刮花咗，我要退錢", "product", "online", "refund",
       incident_date="前日", claim_amount="全數"),
    zh("我喺尖沙咀買嘅鑽石戒指甩咗粒石，想你哋維修", "product", "tsim_sha_tsui", "repair", incident_date="上個禮拜三"),
    zh("訂單10021到而家都未收到貨，我要退款", "delivery", "online", "refund", product="18K玫瑰金頸鏈",
       incident_date="琴日", claim_amount="全數"),
    zh("喺沙田分店換電池之後隻錶停咗，我想你哋整返好佢", "repair", "sha_tin", "repair", incident_date="上個禮拜五"),
    zh("我想投訴", "price", "central", "refund", complaint_category="價錢或多收費用", product="足金戒指",
       incident_date="琴日", incident_place="中環", description="職員計錯金價，多收咗我三百蚊。",
       desired_outcome="退款", claim_amount="300蚊"),
)  # fmt: skip
FIXED = {  # the same for every story, in each language
    "en": {"privacy_consent": "yes, I agree", "customer_name": "Chan Tai Man, {phone}", "contact": "{phone}",
           "complaint_confirmed": "yes", "yes": "yes", "product": "a ring", "incident_date": "yesterday",
           "description": "It was not what I was promised.", "order_number": "10023", "claim_amount": "HK$1,000"},
    "zh": {"privacy_consent": "我同意", "customer_name": "陳大文 {phone}", "contact": "{phone}",
           "complaint_confirmed": "確認", "yes": "係", "product": "戒指", "incident_date": "琴日",
           "description": "同當初講嘅唔一樣。", "order_number": "10023", "claim_amount": "1000蚊"},
}  # fmt: skip


@dataclass(frozen=True)
class Run:
    """One story played: the customer turns to the receipt (``None`` if none came) and whether the case is right."""

    story: Story
    turns: int | None
    right: bool


def answer(story: Story, slot: str, slots: dict[str, object], policy: Policy, phone: str = "9123 4567") -> str:
    """What the scripted customer says when asked ``slot``: its own words if it has them, else the plain fact.

    Each customer has its own ``phone``: the policy raises the cases of a repeat complainant.
    """
    language = story.language
    if slot == "complaint_category" and slots.get("category_guess") == story.category:
        return FIXED[language]["yes"]
    if slot in story.answers:
        return story.answers[slot]
    said = policy.in_(language)
    if slot == "complaint_category":
        return next(c.label for c in said.complaint_categories if c.id == story.category)
    if slot == "incident_place":
        return ONLINE(language) if story.place == "online" else said.branch(story.place).name
    if slot == "desired_outcome":
        return OUTCOMES[story.outcome](language)
    return FIXED[language].get(slot, story.said).format(phone=phone)


def play(rasa_url: str, token: str, story: Story, policy: Policy, phone: str) -> tuple[int | None, str]:
    """The customer turns the story takes to the receipt, and the conversation's id."""
    sender = f"story-{uuid.uuid4().hex[:12]}"
    said = story.said
    for turn in range(1, MOST_TURNS + 1):
        replies = requests.post(f"{rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": said},
                                timeout=120).json()  # fmt: skip
        if any(RECEIPT.search(str(reply.get("text") or "")) for reply in replies):
            return turn, sender
        tracker = requests.get(f"{rasa_url}/conversations/{sender}/tracker", params={"token": token},
                               timeout=60).json()  # fmt: skip
        slots = tracker.get("slots") or {}
        asked = slots.get("requested_slot")
        if asked:
            said = answer(story, str(asked), slots, policy, phone)
        else:  # not taken as a complaint, or the form stopped: the customer says so plainly
            said = "I want to make a complaint" if story.language == "en" else "我想投訴"
    return None, sender


def stories_run(rasa_url: str, token: str, context: Context) -> list[Run]:
    """Every story played, each checked against the case it left."""
    runs = []
    for number, story in enumerate(STORIES):
        turns, sender = play(rasa_url, token, story, context.policy, f"6200 {1000 + number}")
        with context.sessions() as session:
            cases = list(session.scalars(select(Case).where(Case.conversation_id == sender)))
        right = len(cases) == 1 and (cases[0].category, cases[0].incident_place, cases[0].desired_outcome) == (
            story.category,
            story.place,
            story.outcome,
        )
        runs.append(Run(story, turns, right))
    return runs


def summary(runs: list[Run]) -> str:
    """The median and the spread of the turns, and how many cases were filed as told."""
    turns = [run.turns if run.turns is not None else MOST_TURNS for run in runs]
    right = sum(run.right for run in runs)
    return (
        f"{len(runs)} stories: median {statistics.median(turns):g} customer turns to the receipt "
        f"(min {min(turns)}, max {max(turns)}); {right} of {len(runs)} cases filed as told"
    )


STORIES_START = "<!-- stories: python -m benchmarks --only stories rewrites from here -->"
STORIES_END = "<!-- end of stories -->"


def section(runs: list[Run]) -> str:
    """The stories' turns as a report section: the summary, then each story."""
    rows = "\n".join(
        f"| {run.story.language} | {run.story.said[:70]}{'…' if len(run.story.said) > 70 else ''} | "
        f"{run.turns if run.turns is not None else f'no receipt in {MOST_TURNS}'} | {'yes' if run.right else 'no'} |"
        for run in runs
    )
    return f"""{STORIES_START}
## From the story to the receipt

Measured on {dt.date.today():%d %b %Y} with `.venv/bin/python -m benchmarks --only stories` (part of `make bench`):
{len(runs)} scripted complaints played over the real Rasa and action servers on a fresh demo shop
(`benchmarks/stories.py`). A scripted customer tells its story, then answers whatever the form asks from its facts
(name and phone in one answer, since the question asks both; "yes" when the category guessed is right). A turn is
one customer message, the story, the consent and the final "yes" included. Target (issue 17): median at most 6.

**{summary(runs)}.**

| language | the customer's first message | turns to the receipt | case filed as told |
| --- | --- | --- | --- |
{rows}
{STORIES_END}
"""
