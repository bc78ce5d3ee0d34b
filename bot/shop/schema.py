"""The base of every section of the organization policy: frozen, and strict about unknown keys."""

from __future__ import annotations

from functools import cached_property

from pydantic import BaseModel


class Frozen(BaseModel):
    """A validated, immutable section of ``organization.yml``; a key it does not know is an error."""

    class Config:  # noqa: D106 - pydantic's own settings
        frozen = True
        extra = "forbid"
        keep_untouched = (cached_property,)
