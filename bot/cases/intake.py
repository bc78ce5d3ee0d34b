"""Reading a customer's answers to the complaint form.

Each parser returns a clean value or raises ``InvalidAnswer`` with a hint the assistant can say back.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from bot.errors import InvalidAnswer
from bot.shop.dates import date_in
from bot.shop.policy import REMEDIES, Policy
from bot.shop.text import first_mentioned

MAX_DESCRIPTION = 2000
_HK_PHONE = re.compile(r"(?<![\d+])(?:\+?852[\s-]?)?\(?([2-35-9]\d{3})\)?[\s-]?(\d{4})(?![\d@])")
_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
_NAME_PREFIX = re.compile(r"^(?:my name is|my name's|i am|i'm|im|this is|name is|name:|it's|its)\s+", re.I)
_AMOUNT = re.compile(
    r"(?P<currency>hk\$|\$|hkd\s*)?\s*(?P<number>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*"
    r"(?P<unit>k\b|thousand\b|million\b|mil\b|m\b)?(?:\s*(?P<dollars>dollars?|hkd|bucks)\b)?",
    re.I,
)
_ORDER = re.compile(r"(?<!\d)(1\d{4})(?!\d)")
ONLINE_WORDS = ("online", "website", "web site", "web shop", "webshop", "internet", "app", "delivery", "delivered")
NONE_WORDS = {"none", "no", "nothing", "n/a", "na", "nil", "not sure", "no idea", "-", "skip"}

REMEDY_WORDS: dict[str, tuple[str, ...]] = {
    "refund": ("refund", "money back", "my money", "reimburse", "reimbursement", "退款", "退錢"),
    "compensation": ("compensate", "compensation", "voucher", "coupon", "賠償"),
    "replacement": ("replace", "replacement", "exchange", "new one", "swap", "換"),
    "repair": ("repair", "fix", "mend", "service it", "維修"),
    "apology": ("apology", "apologise", "apologize", "sorry", "say sorry", "just want them to know", "道歉"),
}
# A negated wish up to the next comma or "just/but": "don't want a refund, just an apology".
_NEGATED = re.compile(r"\b(?:don't|do not|dont|not|no|never)\b[^,.;]*?(?=,|\.|;|\bjust\b|\bbut\b|\bonly\b|$)")

FIELD_WORDS: dict[str, tuple[str, ...]] = {
    "customer_name": ("name",),
    "contact": ("phone", "mobile", "number to call", "contact", "email", "e-mail", "tel"),
    "complaint_category": ("category", "type of complaint", "kind of complaint"),
    "product": ("product", "item", "watch", "ring", "necklace"),
    "incident_date": ("date", "day", "when"),
    "incident_place": ("place", "branch", "shop", "store", "where", "location"),
    "order_number": ("order",),
    "description": ("description", "what happened", "details", "story"),
    "desired_outcome": ("outcome", "remedy", "resolution", "what i want"),
    "claim_amount": ("amount", "how much", "money", "sum", "price"),
}


def clean_text(text: str | None, limit: int = MAX_DESCRIPTION) -> str:
    """Text with control characters removed, white space folded, and at most ``limit`` characters."""
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in (text or ""))
    return re.sub(r"\s+", " ", text).strip()[:limit]


def parse_name(text: str) -> str:
    """A person's name: letters (any script), spaces, hyphens, apostrophes, dots; 2 to 80 characters."""
    name = _NAME_PREFIX.sub("", clean_text(text, 200)).strip(" .,!")
    if not 2 <= len(name) <= 80 or not any(ch.isalpha() for ch in name):
        raise InvalidAnswer("Please tell me your name as it should appear on the case, for example 'Chan Tai Man'.")
    if any(not (ch.isalpha() or ch in " -'.") for ch in name):
        raise InvalidAnswer(
            "A name can only have letters, spaces, hyphens and apostrophes. What name should I put on the case?"
        )
    return " ".join(part[:1].upper() + part[1:] if part.islower() else part for part in name.split())


@dataclass(frozen=True)
class Contact:
    """How to reach the customer: ``kind`` is ``phone`` (8-digit HK number) or ``email``."""

    kind: str
    value: str


def parse_contact(text: str) -> Contact:
    """A Hong Kong phone number (8 digits, optional +852) or an email address."""
    raw = clean_text(text, 200)
    email = re.search(r"[^\s,;<>]+@[^\s,;<>]+", raw)
    if email and _EMAIL.match(email.group(0).strip(".")):
        return Contact("email", email.group(0).strip(".").lower())
    match = _HK_PHONE.search(raw)
    if match:
        return Contact("phone", match.group(1) + match.group(2))
    raise InvalidAnswer(
        "I need a Hong Kong phone number (8 digits, like 9123 4567) or an email address, "
        "so we can reach you about this case."
    )


def parse_category(text: str, policy: Policy) -> str:
    """A complaint category id from its id, label or one of its words."""
    lowered = clean_text(text, 200).lower()
    for category in policy.complaint_categories:
        if lowered in (category.id, category.label.lower()):
            return category.id
    best: tuple[int, str] | None = None
    for category in policy.complaint_categories:
        word = first_mentioned(lowered, category.aliases)
        if word and (best is None or len(word) > best[0]):
            best = (len(word), category.id)  # the most specific word wins: "double charged" over "charged"
    if best is not None:
        return best[1]
    labels = ", ".join(c.label.lower() for c in policy.complaint_categories)
    raise InvalidAnswer(f"Which of these is it about: {labels}?")


def parse_product(text: str) -> str:
    """The product concerned, free text; ``none`` if there is none."""
    product = clean_text(text, 200).strip(" .")
    if product.lower() in NONE_WORDS:
        return "none"
    if len(product) < 2:
        raise InvalidAnswer(
            "Which product is it about (for example 'an 18K gold bracelet' or 'my Seiko watch')? "
            "Say 'none' if no product is involved."
        )
    return product


def parse_date(text: str, today: dt.date) -> dt.date:
    """When it happened, not in the future and not more than two years back (see ``bot.shop.dates.date_in``)."""
    found = date_in(clean_text(text, 100), today)
    if found is None:
        raise InvalidAnswer(
            "When did it happen? A date like '20 Nov' or '20/11', or 'yesterday' or 'last Saturday', is fine."
        )
    if found > today:
        raise InvalidAnswer("That date is in the future. When did it happen?")
    if found < today - dt.timedelta(days=730):
        raise InvalidAnswer(
            "That is more than two years ago; please give the date it happened (within the last two years)."
        )
    return found


def parse_place(text: str, policy: Policy, branch_entity: str | None = None) -> str:
    """Where it happened: a branch id, or ``online``."""
    lowered = clean_text(text, 200).lower()
    for candidate in (branch_entity or "", lowered):
        branch = find_branch(candidate, policy)
        if branch:
            return branch
    if first_mentioned(lowered, ONLINE_WORDS):
        return "online"
    names = ", ".join(b.name for b in policy.branches)
    raise InvalidAnswer(f"Where did it happen: at one of our shops ({names}) or online?")


def find_branch(text: str, policy: Policy) -> str | None:
    """The id of the branch named in ``text``, by name or alias."""
    for branch in policy.branches:
        if first_mentioned(text, (branch.id.replace("_", " "), branch.name, *branch.aliases)):
            return branch.id
    return None


def parse_order_number(text: str) -> str:
    """An online order number (5 digits starting with 1, like 10023)."""
    match = _ORDER.search(clean_text(text, 200))
    if not match:
        raise InvalidAnswer(
            "What is the order number? It has 5 digits, like 10023, and is in your order confirmation email."
        )
    return match.group(1)


def parse_outcome(text: str) -> str:
    """What the customer wants: apology, repair, replacement, refund or compensation."""
    lowered = clean_text(text, 200).lower()
    if lowered in REMEDIES:
        return lowered
    wanted = _NEGATED.sub(" ", lowered)  # "I don't want a refund, just an apology": not the refund
    for remedy, words in REMEDY_WORDS.items():
        if first_mentioned(wanted, words):
            return remedy
    raise InvalidAnswer(
        "What would put this right for you: an apology, a repair, a replacement, a refund or compensation?"
    )


def parse_amount(text: str) -> int:
    """An amount in HKD, whole dollars: ``HK$1,200``, ``$800``, ``3k``, ``1500 dollars``."""
    lowered = clean_text(text, 100).lower()
    matches = list(_AMOUNT.finditer(lowered))
    marked = [m for m in matches if m.group("currency") or m.group("unit") or m.group("dollars")]
    if len(marked) == 1:
        match = marked[0]
    elif len(matches) == 1 and not marked:
        match = matches[0]
    else:
        raise InvalidAnswer("How much are you asking for, in Hong Kong dollars (for example HK$1,200)?")
    value = float(match.group("number").replace(",", ""))
    unit = (match.group("unit") or "").strip()
    value *= 1_000_000 if unit in ("m", "million", "mil") else 1000 if unit in ("k", "thousand") else 1
    if value <= 0:
        raise InvalidAnswer("The amount must be more than zero. How much, in Hong Kong dollars?")
    if value > 10_000_000:
        raise InvalidAnswer("That amount is too large for a chat claim; please check it, in Hong Kong dollars.")
    return int(round(value))


def parse_description(text: str) -> str:
    """What happened, in the customer's words: at least a few words."""
    description = clean_text(text)
    if len(description) < 10 or len(description.split()) < 3:
        raise InvalidAnswer("Please tell me a little more about what happened, in a sentence or two.")
    return description


def field_named(text: str) -> str | None:
    """Which form field a correction request names ("change my phone" → ``contact``)."""
    for slot, words in FIELD_WORDS.items():
        if first_mentioned(text, words):
            return slot
    return None


YES_WORDS = frozenset({
    "yes", "yeah", "yep", "yup", "ok", "okay", "sure", "agree", "correct", "confirm", "fine", "submit", "right",
    "alright", "好", "係", "同意",
})  # fmt: skip
YES_PHRASES = ("of course", "go ahead", "that's right", "sounds good", "why not")
NO_WORDS = frozenset({"no", "nope", "not", "don't", "dont", "disagree", "decline", "never", "唔", "不"})


def parse_yes_no(text: str, intent: str | None) -> bool:
    """Yes or no, from the intent or else from the first word that says either.

    Raises:
        InvalidAnswer: it is neither.
    """
    if intent == "affirm":
        return True
    if intent == "deny":
        return False
    lowered = clean_text(text, 100).lower().replace("唔該", "thanks")  # 唔該 is "thank you", not "no"
    if first_mentioned(lowered, YES_PHRASES):
        return True
    for token in re.findall(r"[a-z']+|[^\sa-z'\d.,!?]", lowered):
        if token in YES_WORDS:
            return True
        if token in NO_WORDS:
            return False
    raise InvalidAnswer("Please answer yes or no.")
