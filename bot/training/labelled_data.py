"""Writing an admin's labelled example into the training data, as a careful person would by hand.

The example goes at the end of its intent's ``examples: |`` block, in the file that already holds
the intent, so every other line, comment and blank line stays exactly as it was. A new intent gets
a block of its own in ``data/nlu/labelled.yml`` and a line in ``domain.yml``. Nothing is written
that would make the data worse: an example already there is not added twice, the same text under
another intent is refused, and so is a text of the held-out split (it would spoil the evaluation).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot.errors import BadLabel
from bot.privacy.redaction import has_placeholder
from bot.training.nlu_data import examples_in

NEW_INTENTS_FILE = "labelled.yml"
MAX_EXAMPLE = 200
_INTENT_NAME = re.compile(r"^[a-z][a-z0-9_]{1,59}$")
_RESERVED = {"nlu_fallback", "out_of_scope_fallback", "session_start", "restart", "back"}


@dataclass(frozen=True)
class Written:
    """Where a labelled example ended up; ``added`` is False when it was there already."""

    path: Path
    intent: str
    text: str
    added: bool
    new_intent: bool


def fold(text: str) -> str:
    """A text as compared for duplicates: lower case, punctuation dropped, spaces collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s\[\]]", "", text.lower())).strip()


def clean_example(text: str) -> str:
    """The example as it will be written, or ``BadLabel`` saying what to change."""
    cleaned = re.sub(r"\s+", " ", text or "").strip()
    if not cleaned:
        raise BadLabel("The example is empty. Type the customer's words.")
    if len(cleaned) > MAX_EXAMPLE:
        raise BadLabel(f"The example is longer than {MAX_EXAMPLE} characters. Shorten it to the words that matter.")
    if has_placeholder(cleaned):
        raise BadLabel("The example still holds a placeholder such as [PHONE]. Replace it with a made-up value "
                       "(for example 9123 4567) or remove it.")  # fmt: skip
    if cleaned.startswith("/") or "](" in cleaned or re.search(r"[\x00-\x1f\x7f]", cleaned):
        raise BadLabel("The example may not start with '/' or contain entity markup or control characters.")
    return cleaned


def check_intent_name(intent: str) -> str:
    """A new intent's name, checked: lower case letters, digits and underscores."""
    name = (intent or "").strip()
    if not _INTENT_NAME.match(name) or name in _RESERVED:
        raise BadLabel(f"'{name}' cannot be an intent name. Use lower case letters, digits and underscores, "
                       "starting with a letter (for example ask_gift_wrapping).")  # fmt: skip
    return name


def intent_files(data_dir: Path) -> dict[str, Path]:
    """Each intent of the NLU data and the file that holds its examples."""
    found: dict[str, Path] = {}
    for path in sorted(data_dir.glob("*.yml")):
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu") or []:
            if "intent" in block:
                found.setdefault(str(block["intent"]), path)
    return found


def add_example(
    data_dir: Path, domain_path: Path, intent: str, text: str, *, new_intent: bool = False,
    held_out: Path | None = None,
) -> Written:  # fmt: skip
    """Write ``text`` as an example of ``intent``; with ``new_intent`` the intent may be created.

    Raises:
        BadLabel: the text or the intent name cannot be used, the intent does not exist (and
            ``new_intent`` is not set), the text is an example of another intent, or of the held-out split.
    """
    example = clean_example(text)
    files = intent_files(data_dir)
    name = (intent or "").strip()
    if name not in files:
        if not new_intent:
            raise BadLabel(f"There is no intent '{name}'. Choose one from the list, or create it as a new intent.")
        name = check_intent_name(name)
    key = fold(example)
    for existing, owner in examples_in(data_dir):
        if fold(existing) == key:
            if owner == name:
                return Written(files[name], name, example, added=False, new_intent=False)
            raise BadLabel(
                f"'{example}' is already an example of '{owner}' ({files[owner].name}). The same text under two "
                f"intents would confuse the assistant; label it '{owner}' or dismiss it."
            )
    if held_out is not None and any(fold(t) == key for t, _ in examples_in(held_out)):
        raise BadLabel(f"'{example}' is in the held-out test split, which training must never see. "
                       "Reword it, or dismiss it.")  # fmt: skip
    if name in files:
        path = files[name]
        _write(path, _insert_example(path.read_text(encoding="utf-8"), name, example))
        return Written(path, name, example, added=True, new_intent=False)
    path = data_dir / NEW_INTENTS_FILE
    content = path.read_text(encoding="utf-8") if path.exists() else (
        '# Intents created in the admin console. Give each a rule or story under data/rules/ so the\n'
        '# assistant knows how to answer it.\nversion: "3.1"\nnlu:\n'
    )  # fmt: skip
    _write(path, content.rstrip("\n") + f"\n- intent: {name}\n  examples: |\n    - {example}\n")
    _add_to_domain(domain_path, name)
    return Written(path, name, example, added=True, new_intent=True)


def _insert_example(content: str, intent: str, example: str) -> str:
    """``content`` with ``example`` appended to the ``examples: |`` block of ``intent``."""
    lines = content.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if re.match(rf"^-\s+intent:\s*{re.escape(intent)}\s*(#.*)?$",
                                                                  line.rstrip("\n"))), None)  # fmt: skip
    if start is None:
        raise BadLabel(f"The intent '{intent}' is not written as '- intent: {intent}'; add the example by hand.")
    examples = next((i for i in range(start + 1, len(lines)) if re.match(r"^\s+examples:\s*\|", lines[i])), None)
    if examples is None or any(re.match(r"^-\s", line) for line in lines[start + 1 : examples]):
        raise BadLabel(f"The intent '{intent}' has no 'examples: |' block; add the example by hand.")
    key_indent = len(lines[examples]) - len(lines[examples].lstrip())
    last, indent = examples, key_indent + 2
    for i in range(examples + 1, len(lines)):
        stripped = lines[i].strip()
        if not stripped:
            continue
        line_indent = len(lines[i]) - len(lines[i].lstrip())
        if line_indent <= key_indent:
            break
        last, indent = i, line_indent
    if not lines[last].endswith("\n"):
        lines[last] += "\n"
    lines.insert(last + 1, " " * indent + f"- {example}\n")
    return "".join(lines)


def _add_to_domain(domain_path: Path, intent: str) -> None:
    """List a new intent under ``intents:`` of the domain file, keeping the rest as it is."""
    lines = domain_path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.rstrip() == "intents:"), None)
    if start is None:
        raise BadLabel(f"{domain_path.name} has no top-level 'intents:' list; add '{intent}' to it by hand.")
    last = start
    for i in range(start + 1, len(lines)):
        if re.match(r"^\s+-\s", lines[i]):
            last = i
        elif lines[i].strip() and not lines[i].startswith((" ", "#")):
            break
    indent = re.match(r"^(\s*)", lines[last]).group(1) if last > start else "  "  # type: ignore[union-attr]
    lines.insert(last + 1, f"{indent}- {intent}\n")
    _write(domain_path, "".join(lines))


def _write(path: Path, content: str) -> None:
    """Replace ``path`` in one step after checking the YAML still reads, so a crash leaves the old file whole."""
    try:
        yaml.safe_load(content)
    except yaml.YAMLError as exc:  # pragma: no cover - a bug here must not corrupt the data
        raise BadLabel(f"Writing would break {path.name} ({exc}); nothing was changed.") from exc
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(content, encoding="utf-8")
    os.replace(temporary, path)
