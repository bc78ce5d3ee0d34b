"""Case references: short, readable, unguessable (``CS-7Q4K-92XD``)."""

from __future__ import annotations

import re
import secrets

# Crockford-style alphabet: no I, L, O, U, so nothing is misread as 1, 0 or V.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
# Not inside a longer word or number; Chinese around it is fine ("查下CS-7Q4K-92XD嘅進度" has no word boundary).
REFERENCE_PATTERN = re.compile(
    r"(?<![0-9A-Za-z])CS[-\s]?([0-9A-Z]{4})[-\s]?([0-9A-Z]{4})(?![0-9A-Za-z])", re.IGNORECASE
)


def new_reference() -> str:
    """A fresh random reference: 40 bits from the OS's secure generator."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"CS-{body[:4]}-{body[4:]}"


def find_reference(text: str) -> str | None:
    """The case reference written in ``text``, normalised, or ``None``.

    Customers type references in lower case, without dashes, or with O for 0 and I/L for 1.
    """
    match = REFERENCE_PATTERN.search(text or "")
    if not match:
        return None
    body = (match.group(1) + match.group(2)).upper().translate(str.maketrans("OIL", "011"))
    return f"CS-{body[:4]}-{body[4:]}"
