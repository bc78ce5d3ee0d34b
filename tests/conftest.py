"""Fixtures shared by every test: the demo policy, a fresh service context, the running servers."""

from __future__ import annotations

import dataclasses
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from bot.context import Context, build_context
from bot.db.seed import seed_demo_shop
from bot.rasa.stack import Stack, ensure_model, free_port
from bot.settings import PROJECT_ROOT, Settings
from bot.shop.policy import Policy
from bot.shop.policy_loader import load_policy
from tests.postgres import postgres_server


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests last: they are the slowest, and Playwright's event loop must not meet the asyncio tests'."""
    items.sort(key=lambda item: "tests/browser/" in item.nodeid)


@pytest.fixture(scope="session")
def policy() -> Policy:
    """The demo shop's policy."""
    return load_policy(PROJECT_ROOT / "organization.yml")


def make_settings(var_dir: Path) -> Settings:
    """Settings on a private var directory with its own copy of the policy."""
    var_dir.mkdir(parents=True, exist_ok=True)
    policy_path = var_dir / "organization.yml"
    shutil.copy(PROJECT_ROOT / "organization.yml", policy_path)
    return Settings(
        var_dir=var_dir, database_url=f"sqlite:///{var_dir / 'concierge.db'}", policy_path=policy_path, data_key=None
    )


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A real PostgreSQL server, started once per test session."""
    with postgres_server() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def context(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Context]:
    """A service context on an empty database (SQLite, then PostgreSQL) with the demo shop seeded."""
    settings = make_settings(tmp_path / "var")
    engine = None
    if request.param == "postgresql":
        server_url: str = request.getfixturevalue("postgres_url")
        name = f"t_{uuid.uuid4().hex[:12]}"
        engine = create_engine(server_url, future=True, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text(f"CREATE DATABASE {name}"))
        settings = dataclasses.replace(settings, database_url=server_url.rsplit("/", 1)[0] + f"/{name}")
    ctx = build_context(settings)
    with ctx.sessions() as session, session.begin():
        seed_demo_shop(session, ctx.vault, ctx.today())
    yield ctx
    ctx.sessions.kw["bind"].dispose()
    if engine is not None:
        engine.dispose()


@pytest.fixture(scope="session")
def trained_models(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The models folder, holding a model that matches the training data (trained if the data changed)."""
    models = PROJECT_ROOT / "models"
    ensure_model(models, tmp_path_factory.mktemp("training") / "train.log")
    return models


@contextmanager
def running_stack(settings: Settings, models: Path, web_port: int | None = None) -> Iterator[Stack]:
    """Seed the demo shop into the settings' database, then run the servers on free ports until exit."""
    ctx = build_context(settings)
    with ctx.sessions() as session, session.begin():
        seed_demo_shop(session, ctx.vault, ctx.today())
    servers = Stack(settings, models, rasa_port=free_port(), action_port=free_port(), web_port=web_port)
    servers.start()
    try:
        servers.wait_ready(timeout=600)
        yield servers
    finally:
        servers.stop()


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory, trained_models: Path) -> Iterator[Stack]:
    """The real action server and Rasa server, on a private SQLite database, started once per test session."""
    with running_stack(make_settings(tmp_path_factory.mktemp("stack") / "var"), trained_models) as servers:
        yield servers


@pytest.fixture(scope="session")
def stack_context(stack: Stack) -> Context:
    """A service context on the same database and key as the running servers."""
    return build_context(stack.settings)
