"""Labelled examples written into a copy of the training data: formatting kept, nothing duplicated or conflicting."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.errors import BadLabel
from bot.settings import PROJECT_ROOT
from bot.training.labelled_data import add_example
from bot.training.nlu_data import examples_in


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A copy of the project's NLU data and domain."""
    shutil.copytree(PROJECT_ROOT / "data" / "nlu", tmp_path / "nlu")
    shutil.copy(PROJECT_ROOT / "domain.yml", tmp_path / "domain.yml")
    return tmp_path


def _add(project: Path, intent: str, text: str, new: bool = False) -> object:
    return add_example(project / "nlu", project / "domain.yml", intent, text, new_intent=new,
                       held_out=PROJECT_ROOT / "tests" / "nlu")  # fmt: skip


def test_an_example_is_added_to_its_intents_block_and_nothing_else_changes(project: Path) -> None:
    before = (project / "nlu" / "stores.yml").read_text(encoding="utf-8").splitlines()
    written = _add(project, "ask_store_info", "  do  you   open on   tuen ng festival  ")
    after = (project / "nlu" / "stores.yml").read_text(encoding="utf-8").splitlines()
    assert written.path.name == "stores.yml" and written.added  # type: ignore[attr-defined]
    added = [line for line in after if line not in before]
    assert added == ["    - do you open on tuen ng festival"]
    assert [line for line in after if line != added[0]] == before
    assert ("do you open on tuen ng festival", "ask_store_info") in examples_in(project / "nlu" / "stores.yml")


def test_an_example_already_there_is_not_added_twice(project: Path) -> None:
    before = (project / "nlu" / "stores.yml").read_text(encoding="utf-8")
    written = _add(project, "ask_store_info", "Opening hours")
    assert not written.added  # type: ignore[attr-defined]
    assert (project / "nlu" / "stores.yml").read_text(encoding="utf-8") == before


def test_the_same_text_under_another_intent_is_refused(project: Path) -> None:
    with pytest.raises(BadLabel, match="already an example of 'ask_store_info'"):
        _add(project, "greet", "opening hours?")


def test_a_held_out_text_is_refused(project: Path) -> None:
    text, intent = examples_in(PROJECT_ROOT / "tests" / "nlu")[0]
    with pytest.raises(BadLabel, match="held-out"):
        _add(project, intent, text)


@pytest.mark.parametrize(
    ("intent", "text", "new", "message"),
    [
        ("no_such_intent", "hello there friend", False, "There is no intent 'no_such_intent'"),
        ("Bad Name!", "hello there friend", True, "cannot be an intent name"),
        ("nlu_fallback", "hello there friend", True, "cannot be an intent name"),
        ("greet", "", False, "empty"),
        ("greet", "call me on [PHONE]", False, "placeholder"),
        ("greet", "/greet", False, "may not start with '/'"),
        ("greet", "hi [Mong Kok](branch)", False, "entity markup"),
        ("greet", "x" * 201, False, "longer than 200"),
    ],
)
def test_bad_labels_are_refused_and_nothing_is_written(
    project: Path, intent: str, text: str, new: bool, message: str
) -> None:
    before = {p.name: p.read_text(encoding="utf-8") for p in (project / "nlu").glob("*.yml")}
    with pytest.raises(BadLabel, match=message.replace("[", r"\[").replace("(", r"\(")):
        _add(project, intent, text, new)
    assert {p.name: p.read_text(encoding="utf-8") for p in (project / "nlu").glob("*.yml")} == before


def test_a_new_intent_gets_a_block_and_a_line_in_the_domain(project: Path) -> None:
    written = _add(project, "ask_gift_wrapping", "can you gift wrap a watch", new=True)
    assert written.new_intent and written.path.name == "labelled.yml"  # type: ignore[attr-defined]
    assert ("can you gift wrap a watch", "ask_gift_wrapping") in examples_in(project / "nlu")
    domain = (project / "domain.yml").read_text(encoding="utf-8")
    assert "\n  - ask_gift_wrapping\n" in domain
    _add(project, "ask_gift_wrapping", "do you wrap presents")
    assert domain.count("ask_gift_wrapping") == 1
    assert len([e for e in examples_in(project / "nlu") if e[1] == "ask_gift_wrapping"]) == 2
