"""Personal data taken out of free text before it is kept anywhere it need not be (the NLU inbox first).

``redact`` replaces email addresses, Hong Kong identity card numbers, card numbers, phone numbers,
addresses and names with a placeholder such as ``[PHONE]``. Values the customer typed into a form
(their name, contact, address) are passed as ``known`` and replaced wherever they appear again.
It errs on the side of removing too much: a redacted example can be edited, a leaked one cannot. The shop's
own addresses, phone numbers and email (``Policy.own_contacts``) are no one's personal data: passed as
``shop``, they are left readable ("call our hotline on 2888 1234", "we are at 68 Queen's Road Central").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

PLACEHOLDERS = ("[EMAIL]", "[HKID]", "[CARD]", "[PHONE]", "[ADDRESS]", "[NAME]")
_PLACEHOLDER = re.compile(r"\[(EMAIL|HKID|CARD|PHONE|ADDRESS|NAME)\]")

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
_HKID = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{1,2}\d{6}\s*(?:\(\s*[0-9Aa]\s*\)|[0-9Aa])(?![A-Za-z0-9])")
_CARD = re.compile(r"(?<!\d)\d(?:[ -]?\d){12,18}(?!\d)")
_PHONE = re.compile(r"(?<![\w+])(?:\+?\s?852[\s-]?)?[2-9]\d{3}[\s-]?\d{4}(?!\d)|(?<![\w+])\+\d[\d\s-]{7,16}\d(?!\d)")
_STREET = (
    r"road|rd|street|st|avenue|ave|lane|path|terrace|drive|square|circuit|crescent|highway|boulevard|"
    r"estate|court|mansion|building|bldg|tower|house|garden|gardens|centre|center|plaza"
)
_ADDRESS = re.compile(
    rf"(?:(?:flat|room|rm|unit|block|blk)\s*[\w-]{{1,5}}[,\s]*)?(?:\d{{1,3}}\s*/\s*f[,\s]*)?"
    rf"\d{{1,4}}[a-z]?(?:-\d{{1,4}})?,?\s+(?:[A-Z][\w']*\s+){{0,4}}(?:{_STREET})\b"
    rf"|(?:flat|room|rm|unit)\s*[\w-]{{1,5}},?\s*(?:\d{{1,3}}\s*/\s*f|floor\s*\d{{1,3}})"
    rf"|\b\d{{1,3}}\s*/\s*f\b",
    re.IGNORECASE,
)
_NOT_A_NAME = r"(?!(?:and|but|or|my|i|is|im|the|from|please|pls|here|at|in|on|with|to|for|about)\b)"
_NAME_INTRO = re.compile(
    rf"\b(my name is|my name's|i am called|name:)\s+((?:mr|mrs|ms|miss|dr)\.?\s+)?"
    rf"({_NOT_A_NAME}[a-z'-]+(?:\s+{_NOT_A_NAME}[a-z'-]+){{0,3}})",
    re.IGNORECASE,
)
_CHINESE_NAME = re.compile(r"(我叫|我係|我的名字是|我姓)\s*([\u4e00-\u9fff]{1,4})")
_STREET_WORD = re.compile(rf"\b(?:{_STREET})\b", re.IGNORECASE)
_UNIT_BEFORE = re.compile(r"(?:flat|room|rm|unit|block|blk)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class _Own:
    """The shop's own contacts, in the forms they are compared in."""

    emails: frozenset[str]
    phones: frozenset[str]  # the digits, without 852
    addresses: tuple[str, ...]  # folded


def _digits(phone: str) -> str:
    digits = re.sub(r"\D", "", phone)
    return digits[3:] if len(digits) > 8 and digits.startswith("852") else digits


def _folded(address: str) -> str:
    return " ".join(address.lower().replace("\u2019", "'").split())


@lru_cache(maxsize=8)
def _own(shop: tuple[str, ...]) -> _Own:
    emails = {v.strip().lower() for v in shop if _EMAIL.fullmatch(v.strip())}
    phones = {_digits(v) for v in shop if _PHONE.fullmatch(v.strip())}
    addresses = tuple(_folded(v) for v in shop if v.strip().lower() not in emails and _digits(v) not in phones)
    return _Own(frozenset(emails), frozenset(phones), addresses)


def _unless_own(placeholder: str, is_own: Callable[[re.Match[str]], bool]) -> Callable[[re.Match[str]], str]:
    return lambda match: match.group(0) if is_own(match) else placeholder


def redact(text: str, known: Iterable[str] = (), shop: Iterable[str] = ()) -> str:
    """``text`` with personal data replaced by placeholders.

    Args:
        text: what was said.
        known: values the customer gave in forms, replaced wherever they appear.
        shop: the shop's own addresses, phone numbers and email, left as they are; a customer's flat or floor
            at the shop's address is still taken out.
    """
    own = _own(tuple(shop))

    def own_address(match: re.Match[str]) -> bool:
        said = _folded(match.group(0))
        whole = re.compile(rf"(?<!\w){re.escape(said)}(?!\w)")  # "8 Queen's Road" is not the shop's "68 Queen's Road"
        return (_STREET_WORD.search(said) is not None and _UNIT_BEFORE.search(match.string[: match.start()]) is None
                and any(whole.search(address) for address in own.addresses))  # fmt: skip

    result = _EMAIL.sub(_unless_own("[EMAIL]", lambda m: m.group(0).lower() in own.emails), text)
    result = _HKID.sub("[HKID]", result)
    result = _CARD.sub("[CARD]", result)
    result = _PHONE.sub(_unless_own("[PHONE]", lambda m: _digits(m.group(0)) in own.phones), result)
    result = _ADDRESS.sub(_unless_own("[ADDRESS]", own_address), result)
    result = _NAME_INTRO.sub(lambda m: f"{m.group(1)} [NAME]", result)
    result = _CHINESE_NAME.sub(lambda m: f"{m.group(1)}[NAME]", result)
    for value in sorted({v.strip() for v in known if v and len(v.strip()) >= 2}, key=len, reverse=True):
        result = re.sub(
            re.escape(value), "[NAME]", result, flags=re.IGNORECASE
        )  # after the patterns: a phone stays [PHONE]
    return result


def has_placeholder(text: str) -> bool:
    """Whether ``text`` still holds a redaction placeholder."""
    return _PLACEHOLDER.search(text) is not None
