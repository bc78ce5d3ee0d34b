"""Every intent the assistant knows has a description an admin can read beside its name."""

from __future__ import annotations

import yaml

from bot.settings import PROJECT_ROOT
from bot.training.intents import DESCRIPTIONS, INTERNAL_PREFIX, NO_DESCRIPTION, describe, named
from bot.training.labelled_data import intent_files


def domain_intents() -> set[str]:
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
    names = {next(iter(i)) if isinstance(i, dict) else str(i) for i in domain["intents"]}
    return {n for n in names if not n.startswith(INTERNAL_PREFIX)}


def test_every_intent_of_the_domain_is_described_and_no_description_is_of_a_stranger() -> None:
    intents = domain_intents()
    assert intents - set(DESCRIPTIONS) == set(), "describe these intents in bot/training/intents.py"
    assert set(DESCRIPTIONS) - intents == set(), "these described intents are not in domain.yml"
    assert set(intent_files(PROJECT_ROOT / "data" / "nlu")) <= set(DESCRIPTIONS)  # what the label form offers
    assert all(text.strip() and text != NO_DESCRIPTION for text in DESCRIPTIONS.values())


def test_an_intent_reads_with_its_meaning_and_a_new_one_says_it_is_not_described() -> None:
    assert describe("ask_store_info") == "opening hours, addresses, phone numbers, nearest branch, holidays"
    assert named("ask_warranty") == "ask_warranty — warranty terms and coverage"
    assert named("ask_engraving_fonts") == f"ask_engraving_fonts — {NO_DESCRIPTION}"
