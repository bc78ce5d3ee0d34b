"""What a Chinese answer must not contain: a sentence of English."""

from __future__ import annotations

import re

# Words every English sentence of the assistant has one of; data (product names, SKUs) is taken out first.
_ENGLISH = re.compile(
    r"\b(?:the|is|are|was|has|and|to|of|your|our|we|you|please|for|at|on|in|with|can|open|closed|free|from|tel|"
    r"order|repair|refund|today|tomorrow|holidays?|branch|months|days|price|stock|sure|sorry)\b",
    re.IGNORECASE,
)


def english_in(text: str, *data: str) -> list[str]:
    """The English words of ``text`` once the ``data`` strings (names from the database) are taken out."""
    for item in data:
        text = text.replace(item, " ")
    return _ENGLISH.findall(text)
