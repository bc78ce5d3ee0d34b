"""Whether a customer's words mention a phrase: one rule for every matcher in ``bot/``.

Latin-script phrases match as whole words (a plural "s" or "es" allowed), so "app" is not in
"happened", "sue" not in "suede", "mon" not in "Mong Kok". Chinese phrases match as they are.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache


@lru_cache(maxsize=4096)
def _pattern(phrase: str) -> re.Pattern[str]:
    words = re.escape(phrase.lower().strip())
    if phrase.isascii():
        return re.compile(rf"(?<![a-z0-9]){words}(?:e?s)?(?![a-z0-9])")
    return re.compile(words)


def mentions(text: str, phrase: str) -> bool:
    """Whether ``text`` mentions ``phrase`` (case-insensitive)."""
    return bool(phrase.strip()) and _pattern(phrase).search((text or "").lower()) is not None


def first_mentioned(text: str, phrases: Iterable[str]) -> str | None:
    """The longest of ``phrases`` that ``text`` mentions: the most specific wins."""
    found = [phrase for phrase in phrases if mentions(text, phrase)]
    return max(found, key=len) if found else None
