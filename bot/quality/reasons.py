"""What complaints are about, in the words that recur: from case descriptions and staff notes, per category.

Only words are counted, never texts: each description and note is redacted first (names, phones, emails,
addresses), and a word is shown only when it recurs in at least ``MIN_CASES`` cases, so nothing that names one
customer reaches the dashboard. Chinese is counted by pairs of characters.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.models import Case, CaseEvent
from bot.privacy.crypto import DataVault
from bot.privacy.redaction import redact
from bot.quality.period import Period
from bot.quality.records import Records, Scope
from bot.shop.policy import REMEDIES, Policy

MIN_CASES = 2
TOP = 8
NOTE_KINDS = ("note", "action", "settled", "referred_up", "settlement_refused")
_PLACEHOLDER = re.compile(r"\[[A-Z]+\]")
_WORD = re.compile(r"[a-z][a-z'-]{2,}")
_HAN = re.compile(r"[\u4e00-\u9fff]{2,}")
STOPWORDS = frozenset(
    """the and for was were with that this have has had not but you your our they them their there then than what
    when where which who why how all any are been being can could did does doing done from into just more most
    only other over same some such too very will would should about after again also because before between both
    each few here its it's itself myself once own she her him his off out under until while i'm i've don't didn't
    wasn't isn't can't won't got get gets went go goes going one two three came come said told asked want wanted
    would like please thank thanks yes now still even back today yesterday week day days time customer customers
    shop store staff case call called phone email name address bought buy item items""".split()
)  # fmt: skip
_HAN_STOP = frozenset(
    {"我哋", "你哋", "佢哋", "而家", "已經", "因為", "所以", "但係", "可以", "唔該", "多謝", "一個", "呢個", "嗰個"}
)


@dataclass(frozen=True)
class Reason:
    """A word that recurs in a category's complaints, the number of cases it is in, and those cases."""

    category: str
    term: str
    cases: int
    references: tuple[str, ...]


def terms(text: str) -> set[str]:
    """The words of a redacted text worth counting.

    English words of 3 letters or more and pairs of Chinese characters, common words left out.
    """
    text = _PLACEHOLDER.sub(" ", text).lower()
    found = {word.strip("'-") for word in _WORD.findall(text)} - STOPWORDS
    for run in _HAN.findall(text):
        found.update(run[i : i + 2] for i in range(len(run) - 1))
    return {term for term in found if len(term) >= 2} - _HAN_STOP


def top_reasons(session: Session, policy: Policy, vault: DataVault, period: Period, scope: Scope,
                now: dt.datetime) -> dict[str, list[Reason]]:  # fmt: skip
    """The words that recur most in each category's complaints lodged in the period (by category label)."""
    complaints = [c for c in Records(session, policy, period, scope, now).complaints() if c.outcome in REMEDIES]
    if not scope.cases or not complaints:
        return {}
    by_reference = {c.reference: c for c in complaints}
    rows = session.execute(select(Case.id, Case.reference, Case.description_encrypted)
                           .where(Case.reference.in_(list(by_reference)))).all()  # fmt: skip
    texts: dict[int, list[str]] = {row.id: [vault.read(row.description_encrypted)] for row in rows}
    for case_id, detail in session.execute(
        select(CaseEvent.case_id, CaseEvent.detail).where(CaseEvent.case_id.in_(list(texts)),
                                                         CaseEvent.kind.in_(NOTE_KINDS))
    ):  # fmt: skip
        said = json.loads(detail or "{}")
        texts[case_id].extend(str(said[key]) for key in ("text", "solution", "reason") if said.get(key))
    shop = policy.own_contacts
    found: dict[str, Counter[str]] = defaultdict(Counter)
    where: dict[tuple[str, str], list[str]] = defaultdict(list)
    redacted: dict[str, str] = {}  # staff write the same notes often: each text redacted once

    def safe(text: str) -> str:
        if text not in redacted:
            redacted[text] = redact(text, shop=shop)
        return redacted[text]

    for row in rows:
        category = policy.category_label(by_reference[row.reference].category)
        for term in terms(" ".join(safe(text) for text in texts[row.id])):
            found[category][term] += 1
            where[(category, term)].append(row.reference)
    return {
        category: [Reason(category, term, n, tuple(sorted(where[(category, term)])))
                   for term, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
                   if n >= MIN_CASES][:TOP]
        for category, counts in sorted(found.items())
    }  # fmt: skip
