"""The base of every section of the organization policy: frozen, and strict about unknown keys."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from pydantic import BaseModel
from typing_extensions import Self


class Frozen(BaseModel):
    """A validated, immutable section of ``organization.yml``; a key it does not know is an error."""

    class Config:  # noqa: D106 - pydantic's own settings
        frozen = True
        extra = "forbid"
        keep_untouched = (cached_property,)


class Chinese(Frozen):
    """The Chinese texts of a section: every one required and not empty."""

    class Config:  # noqa: D106 - pydantic's own settings
        min_anystr_length = 1


class Translated(Frozen):
    """A section whose customer-facing texts exist in Chinese too: its ``zh`` holds them, key for key.

    A subclass declares ``zh`` as a ``Frozen`` model of the fields it translates (all required, so a text
    missing in Chinese stops start-up naming its key); ``translated("zh")`` is the section with them in place.
    """

    def translated(self, language: str) -> Self:
        """This section with its texts in ``language``, nested sections too (English: itself)."""
        return _in_language(self, language) if language == "zh" else self


def _in_language(value: Any, language: str) -> Any:
    if isinstance(value, BaseModel):
        fields = {name: _in_language(getattr(value, name), language) for name in value.__fields__}
        if isinstance(value, Translated):
            fields.update(dict(getattr(value, "zh")))
        return value.construct(value.__fields_set__, **fields)  # validated already; no cached values carried
    if isinstance(value, tuple):
        return tuple(_in_language(item, language) for item in value)
    if isinstance(value, dict):
        return {key: _in_language(item, language) for key, item in value.items()}
    return value
