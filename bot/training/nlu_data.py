"""Reading Rasa NLU files as (text, intent) pairs: the held-out splits, the training data."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ANNOTATION = re.compile(r"\[([^\]]+)\]\(([^)]+)\)")


def examples_in(place: Path) -> list[tuple[str, str]]:
    """Every example of every intent in a file, or in the ``*.yml`` files of a folder, entity annotations removed."""
    examples = []
    for path in [place] if place.is_file() else sorted(place.glob("*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu") or []:
            if "intent" not in block:
                continue
            for line in block["examples"].splitlines():
                text = line.strip()[2:].strip()
                if text:
                    examples.append((ANNOTATION.sub(r"\1", text), block["intent"]))
    return examples


def entities_in(place: Path) -> list[tuple[str, set[tuple[str, str]]]]:
    """Every example with its annotated entities as (entity, text) pairs, annotations removed from the text."""
    found = []
    for path in [place] if place.is_file() else sorted(place.glob("*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu") or []:
            for line in (block.get("examples") or "").splitlines() if "intent" in block else []:
                text = line.strip()[2:].strip()
                if text:
                    entities = {(m.group(2).split(":")[0], m.group(1)) for m in ANNOTATION.finditer(text)}
                    found.append((ANNOTATION.sub(r"\1", text), entities))
    return found
