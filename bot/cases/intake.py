"""Reading a customer's answers to the complaint form, written in English or in Chinese.

Each parser returns a clean value, the same whichever language the answer was written in, or raises
``InvalidAnswer`` with a hint in both languages that the assistant can say back.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from bot.cases.amounts import amount_in
from bot.errors import InvalidAnswer
from bot.shop.bilingual import Say
from bot.shop.dates import date_in
from bot.shop.language import chinese_characters, has_chinese
from bot.shop.places import place_named
from bot.shop.policy import REMEDIES, Policy
from bot.shop.text import first_mentioned

MAX_DESCRIPTION = 2000
_HK_PHONE = re.compile(r"(?<![\d+])(?:\+?852[\s-]?)?\(?([2-35-9]\d{3})\)?[\s-]?(\d{4})(?![\d@])")
_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
_EMAIL_IN_TEXT = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+")  # ASCII only: "我電郵係amy@x.com" is amy@x.com
_NAME_PREFIX = re.compile(
    r"^(?:my name is|my name's|i am|i'm|im|this is|name is|name:|it's|its)\s+"
    r"|^(?:我的名字是|我嘅名係|我個名係|我個名叫|我叫做|我叫|我係|我是|我姓|本人|姓名\s*:?|名字\s*:?)\s*",
    re.I,
)
_PARTICLES = "呀啊啦喇囉喎"  # end-of-sentence particles: "陳大文呀", "冇呀"
_THANKS = re.compile(r"[\s,，]*(?:唔該|多謝|謝謝|thanks|thank you)[\s.!。！]*$", re.I)  # "陳大文，唔該"
_ORDER = re.compile(r"(?<!\d)(1\d{4})(?!\d)")
ONLINE_WORDS = ("online", "website", "web site", "web shop", "webshop", "internet", "app", "delivery", "delivered",
                "網上", "網店", "網站", "官網", "網購", "上網", "手機程式", "送貨", "速遞")  # fmt: skip
NONE_WORDS = {"none", "no", "nothing", "n/a", "na", "nil", "not sure", "no idea", "-", "skip",
              "冇", "無", "沒有", "冇貨品", "沒有貨品", "不適用", "唔適用",
              "唔知", "不知道", "唔清楚", "不清楚"}  # fmt: skip

REMEDY_WORDS: dict[str, tuple[str, ...]] = {
    "refund": ("refund", "refunded", "money back", "my money", "reimburse", "reimbursement", "difference back",
               "the difference", "差價",
               "退款", "退錢", "退返錢", "退回款項", "回水", "還錢"),
    "compensation": ("compensate", "compensation", "voucher", "coupon", "賠償", "補償", "賠錢", "現金券", "禮券"),
    "replacement": ("replace", "replaced", "replacement", "exchange", "new one", "swap",
                    "換", "換貨", "更換", "換過", "換新"),
    "repair": ("repair", "repaired", "fix", "fixed", "mend", "mended", "service it",
               "維修", "修理", "修好", "整返好", "執返好"),
    "apology": ("apology", "apologise", "apologize", "sorry", "say sorry", "just want them to know",
                "道歉", "賠罪", "講聲對唔住", "說聲對不起"),
}  # fmt: skip
# A negated wish up to the next comma or "just/but": "don't want a refund, just an apology", "唔使退錢，道歉就得".
_NEGATED = re.compile(
    r"\b(?:don't|do not|dont|not|no|never)\b[^,.;]*?(?=,|\.|;|\bjust\b|\bbut\b|\bonly\b|$)"
    r"|(?:唔要|唔使|唔駛|唔需要|唔想|不要|不用|不需要|不想|無需|毋須)[^,.;，。；]*?(?=[,.;，。；只就但]|$)"
)
FIELD_WORDS: dict[str, tuple[str, ...]] = {
    "customer_name": ("name", "姓名", "名字", "個名", "改名"),
    "contact": ("phone", "mobile", "number to call", "contact", "email", "e-mail", "tel",
                "電話", "手機", "聯絡", "電郵"),
    "complaint_category": ("category", "type of complaint", "kind of complaint", "類別", "類型", "種類"),
    "product": ("product", "item", "watch", "ring", "necklace", "貨品", "產品", "手錶", "戒指", "頸鏈", "項鏈"),
    "incident_date": ("date", "day", "when", "日期", "哪天", "邊日", "幾時"),
    "incident_place": ("place", "branch", "shop", "store", "where", "location", "地點", "分店", "地方", "邊間", "邊度"),
    "order_number": ("order", "訂單"),
    "description": ("description", "what happened", "details", "story", "經過", "描述"),
    "desired_outcome": ("outcome", "remedy", "resolution", "what i want", "處理方法", "解決方法"),
    "claim_amount": ("amount", "how much", "money", "sum", "price", "金額", "銀碼", "幾多錢", "多少錢"),
}  # fmt: skip

ASK_NAME = Say(
    "Please tell me your name as it should appear on the case, for example 'Chan Tai Man'.",
    "請告訴我個案上要用的姓名，例如「陳大文」。",
)
BAD_NAME = Say(
    "A name can only have letters, spaces, hyphens and apostrophes. What name should I put on the case?",
    "姓名只可以有文字、空格、連字號及撇號。請問個案上應該用甚麼姓名？",
)
ASK_CONTACT = Say(
    "I need a Hong Kong phone number (8 digits, like 9123 4567) or an email address, "
    "so we can reach you about this case.",
    "請提供香港電話號碼（8位數字，例如 9123 4567）或電郵地址，方便我們就這個個案聯絡你。",
)
ASK_CATEGORY = Say("Which of these is it about: {labels}?", "請問是關於以下哪一類：{labels_zh}？")
ASK_PRODUCT = Say(
    "Which product is it about (for example 'an 18K gold bracelet' or 'my Seiko watch')? "
    "Say 'none' if no product is involved.",
    "請問是關於哪件貨品（例如「18K金手鏈」或「我的精工錶」）？如與貨品無關，請回答「沒有」。",
)
ASK_DATE = Say(
    "When did it happen? A date like '20 Nov' or '20/11', or 'yesterday' or 'last Saturday', is fine.",
    "請問事情在哪天發生？可以寫日期，例如「11月20日」或「20/11」，或者「昨天」、「上星期六」。",
)
FUTURE_DATE = Say("That date is in the future. When did it happen?", "這個日期還未到。請問事情在哪天發生？")
OLD_DATE = Say(
    "That is more than two years ago; please give the date it happened (within the last two years).",
    "這個日期已超過兩年；請提供事情發生的日期（須在過去兩年內）。",
)
ASK_PLACE = Say(
    "Where did it happen: at one of our shops ({names}) or online?",
    "請問事情在哪裏發生：在我們的分店（{names_zh}），還是網上？",
)
NOT_OUR_PLACE = Say("We don't have a shop in {place}.", "本店在{place}沒有分店。")
ASK_PLACE_AGAIN = Say(f"{NOT_OUR_PLACE.en} {ASK_PLACE.en}", f"{NOT_OUR_PLACE.zh}{ASK_PLACE.zh}")
ASK_ORDER = Say(
    "What is the order number? It has 5 digits, like 10023, and is in your order confirmation email.",
    "請問訂單編號是甚麼？編號有5位數字，例如10023，可在訂單確認電郵中找到。",
)
ASK_OUTCOME = Say(
    "What would put this right for you: an apology, a repair, a replacement, a refund or compensation?",
    "請問你希望我們怎樣處理：道歉、維修、更換、退款，還是賠償？",
)
ASK_AMOUNT = Say(
    "How much are you asking for, in Hong Kong dollars (for example HK$1,200)?",
    "請問你要求多少錢？請以港幣計，例如 HK$1,200。",
)
ZERO_AMOUNT = Say(
    "The amount must be more than zero. How much, in Hong Kong dollars?", "金額必須大於零。請問是多少港幣？"
)
HUGE_AMOUNT = Say(
    "That amount is too large for a chat claim; please check it, in Hong Kong dollars.",
    "這個金額太大，不能透過對話申索；請再核對一下（以港幣計）。",
)
ASK_DESCRIPTION = Say(
    "Please tell me a little more about what happened, in a sentence or two.",
    "請用一兩句話，多講一點發生了甚麼事。",
)


def clean_text(text: str | None, limit: int = MAX_DESCRIPTION) -> str:
    """Text with control characters removed, white space folded, and at most ``limit`` characters."""
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in (text or ""))
    return re.sub(r"\s+", " ", text).strip()[:limit]


def _without_particle(text: str) -> str:
    """``text`` without a Cantonese end-of-sentence particle ("冇呀" → "冇"), if more than it remains."""
    bare = text.rstrip(_PARTICLES)
    return bare if bare else text


def parse_name(text: str) -> str:
    """A person's name: letters (any script), spaces, hyphens, apostrophes, dots; 2 to 80 characters.

    "my name is amy wong" is Amy Wong, "我叫陳大文" is 陳大文.
    """
    name = _THANKS.sub("", _NAME_PREFIX.sub("", clean_text(text, 200)))
    name = _without_particle(name.strip(" .,!。，！")).strip()
    if not 2 <= len(name) <= 80 or not any(ch.isalpha() for ch in name):
        raise InvalidAnswer(ASK_NAME)
    if any(not (ch.isalpha() or ch in " -'.·") for ch in name):
        raise InvalidAnswer(BAD_NAME)
    return " ".join(part[:1].upper() + part[1:] if part.islower() else part for part in name.split())


@dataclass(frozen=True)
class Contact:
    """How to reach the customer: ``kind`` is ``phone`` (8-digit HK number) or ``email``."""

    kind: str
    value: str


def parse_contact(text: str) -> Contact:
    """A Hong Kong phone number (8 digits, optional +852, spaces or hyphens) or an email address."""
    raw = clean_text(text, 200)
    email = _EMAIL_IN_TEXT.search(raw)
    if email and _EMAIL.match(email.group(0).strip(".")):
        return Contact("email", email.group(0).strip(".").lower())
    match = _HK_PHONE.search(raw)
    if match:
        return Contact("phone", match.group(1) + match.group(2))
    raise InvalidAnswer(ASK_CONTACT)


def contact_in(text: str) -> Contact | None:
    """The phone number or email ``text`` gives, if any ("Amy Wong, 9123 4567")."""
    try:
        return parse_contact(text)
    except InvalidAnswer:
        return None


_CONTACT_WORDS = re.compile(
    r"(?:\band\s+)?(?:\bmy\s+)?\b(?:phone|tel|mobile|cell|email|e-mail|contact|whatsapp)\b(?:\s+(?:number|no\.?))?"
    r"(?:\s+is\b|\s*:)?|(?:\band\s+)?(?:\bmy\s+)?\bnumber(?:\s+is\b|\s*:)?"
    r"|(?:我嘅|我的|我)?(?:電話|手機|電郵|聯絡)(?:號碼|地址)?(?:係|是|:|：)?",
    re.I,
)


def without_contact(text: str) -> str:
    """``text`` without the phone numbers and emails in it, and the separators they leave: "Amy Wong, 9123 4567"."""
    bare = _HK_PHONE.sub(" ", _EMAIL_IN_TEXT.sub(" ", clean_text(text, 200)))
    bare = _CONTACT_WORDS.sub(" ", bare)
    return re.sub(r"\s+", " ", bare).strip(" ,，;；/、:：-")


def parse_category(text: str, policy: Policy) -> str:
    """A complaint category id from its id, label (English or Chinese) or one of its words."""
    lowered = clean_text(text, 200).lower().strip(" .。")
    for category in policy.complaint_categories:
        if lowered in (category.id, category.label.lower(), category.zh.label):
            return category.id
    best: tuple[int, str] | None = None
    for category in policy.complaint_categories:
        words = (*category.aliases, category.zh.label)  # the policy's aliases are English and Chinese
        word = first_mentioned(lowered, words)
        if word and (best is None or len(word) > best[0]):
            best = (len(word), category.id)  # the most specific word wins: "double charged" over "charged"
    if best is not None:
        return best[1]
    labels = ", ".join(c.label.lower() for c in policy.complaint_categories)
    raise InvalidAnswer(
        ASK_CATEGORY, labels=labels, labels_zh="、".join(c.zh.label for c in policy.complaint_categories)
    )


def parse_product(text: str) -> str:
    """The product concerned, free text; ``none`` if there is none ("none", "冇")."""
    product = clean_text(text, 200).strip(" .。！!")
    if _without_particle(product).lower() in NONE_WORDS:
        return "none"
    if len(product) < (1 if has_chinese(product) else 2):  # "錶" is a watch
        raise InvalidAnswer(ASK_PRODUCT)
    return product


def parse_date(text: str, today: dt.date) -> dt.date:
    """When it happened, not in the future and not more than two years back (see ``bot.shop.dates.date_in``)."""
    found = date_in(clean_text(text, 100), today)
    if found is None:
        raise InvalidAnswer(ASK_DATE)
    if found > today:
        raise InvalidAnswer(FUTURE_DATE)
    if found < today - dt.timedelta(days=730):
        raise InvalidAnswer(OLD_DATE)
    return found


def parse_place(text: str, policy: Policy, branch_entity: str | None = None) -> str:
    """Where it happened: a branch id (by its English or Chinese name), or ``online`` ("網上")."""
    lowered = clean_text(text, 200).lower()
    for candidate in (branch_entity or "", lowered):
        branch = find_branch(candidate, policy)
        if branch:
            return branch
    if first_mentioned(lowered, ONLINE_WORDS):
        return "online"
    names, names_zh = ", ".join(b.name for b in policy.branches), "、".join(b.zh.name for b in policy.branches)
    elsewhere = place_named(clean_text(text, 200))
    if elsewhere:
        raise InvalidAnswer(ASK_PLACE_AGAIN, place=elsewhere, names=names, names_zh=names_zh)
    raise InvalidAnswer(ASK_PLACE, names=names, names_zh=names_zh)


def find_branch(text: str, policy: Policy) -> str | None:
    """The id of the branch named in ``text``, by name (English or Chinese) or alias."""
    for branch in policy.branches:
        if first_mentioned(text, (branch.id.replace("_", " "), branch.name, branch.zh.name, *branch.aliases)):
            return branch.id
    return None


def parse_order_number(text: str) -> str:
    """An online order number (5 digits starting with 1, like 10023), also inside a sentence ("訂單10023")."""
    match = _ORDER.search(clean_text(text, 200))
    if not match:
        raise InvalidAnswer(ASK_ORDER)
    return match.group(1)


def parse_outcome(text: str) -> str:
    """What the customer wants: apology, repair, replacement, refund or compensation ("退款" is refund)."""
    lowered = clean_text(text, 200).lower()
    if lowered in REMEDIES:
        return lowered
    wanted = _NEGATED.sub(" ", lowered)  # "I don't want a refund, just an apology": not the refund
    for remedy, words in REMEDY_WORDS.items():
        if first_mentioned(wanted, words):
            return remedy
    raise InvalidAnswer(ASK_OUTCOME)


def parse_amount(text: str) -> int:
    """An amount in HKD, whole dollars: ``HK$1,200``, ``$800``, ``3k``, ``1500 dollars``, ``1200蚊``, ``一千二百元``."""
    found = amount_in(clean_text(text, 100))
    if found is None:
        raise InvalidAnswer(ASK_AMOUNT)
    if found <= 0:
        raise InvalidAnswer(ZERO_AMOUNT)
    if found > 10_000_000:
        raise InvalidAnswer(HUGE_AMOUNT)
    return int(round(found))


def parse_description(text: str) -> str:
    """What happened, in the customer's words: at least a few words (in Chinese, six characters or words)."""
    description = clean_text(text)
    if has_chinese(description):
        enough = chinese_characters(description) + len(re.findall(r"[A-Za-z0-9]+", description)) >= 6
    else:
        enough = len(description) >= 10 and len(description.split()) >= 3
    if not enough:
        raise InvalidAnswer(ASK_DESCRIPTION)
    return description


def field_named(text: str) -> str | None:
    """Which form field a correction request names ("change my phone" or "改電話" → ``contact``)."""
    for slot, words in FIELD_WORDS.items():
        if first_mentioned(text, words):
            return slot
    return None
