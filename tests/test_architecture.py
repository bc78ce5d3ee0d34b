"""Dependencies point one way: the web layer and the actions call services; services never call back."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from bot.settings import PROJECT_ROOT

BOT = PROJECT_ROOT / "bot"
PACKAGES = ("shop", "cases", "privacy", "training", "rasa", "staff", "cli", "web", "db", "enquiries", "quality")


def imported(path: Path) -> set[str]:
    """Every module ``path`` imports, at any depth of the file."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def modules(*parts: str) -> list[Path]:
    return sorted(BOT.joinpath(*parts).rglob("*.py"))


def offending(paths: list[Path], forbidden: tuple[str, ...]) -> list[str]:
    return [f"{path.relative_to(PROJECT_ROOT)} imports {name}" for path in paths for name in sorted(imported(path))
            if any(name == f or name.startswith(f"{f}.") for f in forbidden)]  # fmt: skip


def test_every_package_says_what_it_holds() -> None:
    for package in PACKAGES:
        init = BOT / package / "__init__.py"
        assert init.exists() and ast.get_docstring(ast.parse(init.read_text())), f"bot/{package} has no docstring"


def test_services_never_import_the_web_layer_the_actions_or_rasa_sdk() -> None:
    services = [p for p in modules() if p.relative_to(BOT).parts[0] not in ("web", "cli", "__main__.py")]
    assert len(services) > 40  # the walk really found the services
    assert offending(services, ("bot.web", "bot.cli", "actions", "rasa_sdk", "aiohttp")) == []


@pytest.mark.parametrize("where", [("shop",), ("cases", "lifecycle.py")], ids=["shop", "lifecycle"])
def test_the_shop_and_the_lifecycle_import_no_database(where: tuple[str, ...]) -> None:
    paths = modules(*where) if len(where) == 1 else [BOT.joinpath(*where)]
    assert paths
    assert offending(paths, ("sqlalchemy", "bot.db", "bot.context", "rasa")) == []


def test_the_web_layer_holds_no_privacy_rules() -> None:
    # Who sees personal data, and the audit of every view, are bot.privacy.access's; the web layer asks it.
    assert offending(modules("web"), ("bot.privacy.audit", "bot.privacy.redaction")) == []
