"""Yes or no, as customers say it in English or in Chinese ("sure", "好", "冇錯"; "nope", "唔同意")."""

from __future__ import annotations

import re

from bot.cases.intake import clean_text
from bot.errors import InvalidAnswer
from bot.shop.bilingual import Say
from bot.shop.language import has_chinese
from bot.shop.text import first_mentioned

ASK_YES_NO = Say("Please answer yes or no.", "請回答「是」或「否」。")
YES_WORDS = frozenset({
    "yes", "yeah", "yep", "yup", "ok", "okay", "sure", "agree", "correct", "confirm", "fine", "submit", "right",
    "alright", "好", "係", "同意", "是", "對", "啱", "可以", "確認", "正確", "提交", "冇問題", "沒問題", "無問題",
    "冇錯", "沒錯", "無錯", "好的",
})  # fmt: skip
YES_PHRASES = ("of course", "go ahead", "that's right", "sounds good", "why not")
NO_WORDS = frozenset({
    "no", "nope", "not", "don't", "dont", "disagree", "decline", "never", "唔", "不", "冇", "無", "沒有", "否",
    "錯", "改", "修改", "更改", "拒絕", "唔同意", "不同意", "唔好", "不好", "唔係", "不是", "唔要", "不要", "唔使",
    "不用", "唔得", "不可以", "唔可以", "唔啱", "不對", "唔對", "唔正確", "不正確",
})  # fmt: skip
_COURTESIES = re.compile("唔該|多謝|謝謝|對唔住|對不起|唔好意思|不好意思")  # 唔該 is "thank you", not "no"
NEITHER_WORDS = frozenset(
    {"唔知", "不知道", "唔清楚", "不清楚", "唔明", "不明白", "唔肯定"}
)  # "don't know" is no answer
_CHINESE_ANSWERS = sorted(  # the longest first: 冇錯 before 冇, 唔同意 before 唔
    (w for w in YES_WORDS | NO_WORDS | NEITHER_WORDS if has_chinese(w)), key=lambda w: (-len(w), w)
)
_ANSWER_TOKEN = re.compile(r"[a-z']+|" + "|".join(map(re.escape, _CHINESE_ANSWERS)) + r"|[^\sa-z'\d.,!?]")


def parse_yes_no(text: str, intent: str | None) -> bool:
    """Yes or no, from the intent or else from the first word that says either ("冇錯" is yes, "唔同意" no).

    Raises:
        InvalidAnswer: it is neither.
    """
    if intent == "affirm":
        return True
    if intent == "deny":
        return False
    lowered = _COURTESIES.sub(" thanks ", clean_text(text, 100).lower())
    if first_mentioned(lowered, YES_PHRASES):
        return True
    for token in _ANSWER_TOKEN.findall(lowered):
        if token in YES_WORDS:
            return True
        if token in NO_WORDS:
            return False
    raise InvalidAnswer(ASK_YES_NO)
