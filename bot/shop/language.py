"""Which language a customer writes, and their text made uniform before it is understood.

Hong Kong customers write Traditional Chinese (colloquial Cantonese or formal), English, or both in one line;
some write Simplified characters, full-width digits, or paste zero-width characters. ``normalise`` gives the
assistant one form of all of these: half-width digits and Latin letters, no invisible characters, Traditional
characters as written in Hong Kong (OpenCC's ``s2hk``, offline: its dictionaries ship with the package).
``language_of`` says which language to answer in: any Chinese character makes a line Chinese, as code-mixed
lines ("我想 check 下個 order") are written by Cantonese speakers.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Literal

from opencc import OpenCC

Language = Literal["en", "zh"]
_INVISIBLE = re.compile("[\u200b-\u200f\u2060-\u2064\ufeff\u00ad]")  # zero-width spaces and joiners, marks, BOM
# Chinese characters, as the body of a regular-expression class: the unified ideographs with extension A, the
# compatibility ideographs, and the supplementary planes (where some of Hong Kong's own characters in names are).
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
_HAN = re.compile(f"[{HAN}]")
_WORD = re.compile(r"[A-Za-z]{2,}|\b[AaIi]\b")
# Not words: emails, references (CS-7Q4K-92XD, R-2031), web addresses.
_CODE = re.compile(r"\S+@\S+|\b[A-Za-z]{1,3}-?[0-9A-Za-z]*\d[0-9A-Za-z-]*\b|https?://\S+")
_PLEASE = r"(?:\s*(?:please|pls|plz|thanks|啦|呀|吖|唔該|,|，))*"
_TO_ENGLISH = re.compile(
    rf"\b(?:in|speak|use|reply in|answer in|talk in|switch to) english\b|講英文|用英文"
    rf"|^english{_PLEASE}$|^英文{_PLEASE}$",
    re.I,
)
_TO_CHINESE = re.compile(
    rf"\b(?:in|speak|use|reply in|answer in|talk in|switch to) (?:chinese|cantonese)\b|講中文|用中文|講廣東話|用廣東話"
    rf"|^(?:chinese|cantonese){_PLEASE}$|^(?:中文|廣東話){_PLEASE}$",
    re.I,
)


@lru_cache(maxsize=1)
def _to_traditional() -> OpenCC:
    return OpenCC("s2hk")  # loads its dictionaries once


def normalise(text: str) -> str:
    """The text as the assistant reads it.

    NFKC (full-width ９８７６ → 9876, ＡＢＣ → ABC, full-width punctuation to ASCII), invisible characters
    removed, Simplified characters in Hong Kong Traditional.
    """
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))
    return _to_traditional().convert(text) if _HAN.search(text) else text


def language_of(text: str) -> Language | None:
    """The language to answer a line in.

    Chinese if it has any Chinese character; English if it has two or more English words; ``None`` otherwise
    (a number, a reference, an email address, an emoji, one word such as "ok", "Seiko" or "refund" typed in
    answer to a question): keep the language of the conversation.
    """
    if text.startswith("/"):
        return None  # Rasa's "/intent" of a button or of the service itself, not words of the customer
    if _HAN.search(text):
        return "zh"
    words = _WORD.findall(_CODE.sub(" ", text))
    return "en" if len(words) >= 2 else None


def answer_language(text: str) -> Language | None:
    """The language to answer ``text`` in: the one it asks for, else the one it is written in, else ``None``."""
    return asked_for(text) or language_of(text)


def asked_for(text: str) -> Language | None:
    """The language the customer explicitly asks for ("English please", "講中文"), if they ask for one."""
    said = normalise(text).strip().rstrip(".!?。！？")
    if _TO_ENGLISH.search(said):
        return "en"
    if _TO_CHINESE.search(said):
        return "zh"
    return None


def has_chinese(text: str) -> bool:
    """Whether ``text`` holds a Chinese character."""
    return _HAN.search(text) is not None


def chinese_characters(text: str) -> int:
    """How many Chinese characters ``text`` holds."""
    return len(_HAN.findall(text))
