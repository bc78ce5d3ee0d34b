"""Reading ``organization.yml``: a bad file is refused with the file, the key at fault and the fix."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from bot.errors import ConfigurationError
from bot.shop.policy import Policy

_FIXES = {
    "value_error.missing": "add the key",
    "value_error.extra": "remove the key or check its spelling",
    "type_error.integer": "write a whole number",
    "type_error.none.not_allowed": "give it a value",
}


def _key_path(loc: tuple[Any, ...], raw: Any) -> str:
    """Turn pydantic's location into ``branches[1].hours.sun`` using ids where there are."""
    parts: list[str] = []
    node = raw
    for item in loc:
        if item == "__root__":
            continue
        if isinstance(item, int):
            ident = node[item].get("id") if isinstance(node, list) and isinstance(node[item], dict) else None
            parts[-1] = f"{parts[-1]}[{ident or item}]" if parts else f"[{item}]"
        else:
            parts.append(str(item))
        try:
            node = node[item]
        except (KeyError, IndexError, TypeError):
            node = None
    return ".".join(parts) or "(top level)"


def load_policy(path: Path) -> Policy:
    """Load and validate the organization policy.

    Raises:
        ConfigurationError: naming the file, the key and the fix.
    """
    name = str(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigurationError(
            name,
            "(file)",
            "the file does not exist",
            "create it from the demo organization.yml or set CONCIERGE_POLICY",
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigurationError(
            name,
            "(file)",
            f"cannot be read ({exc.__class__.__name__}: {exc})",
            "save it as UTF-8 text readable by the service",
        ) from None
    except yaml.YAMLError as exc:
        raise ConfigurationError(
            name, "(syntax)", f"not valid YAML ({exc})", "correct the YAML syntax at that line"
        ) from None
    if not isinstance(raw, dict):
        raise ConfigurationError(
            name, "(top level)", "expected a mapping of sections", "start from the demo organization.yml"
        )
    try:
        return Policy.parse_obj(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = _key_path(tuple(first["loc"]), raw)
        message = first["msg"]
        if first["loc"] and first["loc"][-1] == "__root__" and ": " in message:
            key, message = message.split(": ", 1)
        fix = _FIXES.get(first["type"], "correct the value as the message says")
        if "zh" in first["loc"]:
            fix = f"{fix}: every text a customer reads is written in English and, under zh, in Chinese"
        raise ConfigurationError(name, key, message, fix) from None
