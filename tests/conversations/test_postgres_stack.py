"""The whole service on PostgreSQL through DATABASE_URL: cases and conversations both live there."""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text

from bot.context import build_context
from bot.db.models import Case
from bot.db.seed import DEMO_PHONE
from bot.rasa.stack import Stack
from tests.conftest import make_settings, running_stack
from tests.conversations.chat import Chat

pytestmark = pytest.mark.servers


@pytest.fixture(scope="module")
def pg_stack(postgres_url: str, trained_models: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    name = f"concierge_{uuid.uuid4().hex[:8]}"
    admin = create_engine(postgres_url, future=True, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    settings = dataclasses.replace(
        make_settings(tmp_path_factory.mktemp("pg") / "var"), database_url=postgres_url.rsplit("/", 1)[0] + f"/{name}"
    )
    with running_stack(settings, trained_models) as servers:
        yield servers


def test_a_complaint_and_its_conversation_are_kept_in_postgresql(pg_stack: Stack) -> None:
    chat = Chat(pg_stack)
    assert "last 4 digits" in chat.say("where is order 10023?")
    assert "Order 10023" in chat.say(DEMO_PHONE[-4:])
    chat.say("I want to complain")
    chat.say("yes")
    for answer in [
        "Tam Mei Ling",
        "mei.ling@example.com",
        "Delivery",
        "Casio G-Shock",
        "yesterday",
        "online",
        "10031",
        "The parcel never arrived although it says delivered.",
        "a replacement",
    ]:
        chat.say(answer)
    assert "recorded as case CS-" in chat.say("yes")

    pg_stack.restart_rasa()
    assert any(e.get("text") == "Tam Mei Ling" for e in chat.tracker()["events"])

    ctx = build_context(pg_stack.settings)
    with ctx.sessions() as s:
        case = s.scalars(select(Case).where(Case.conversation_id == chat.sender)).one()
        assert (case.incident_place, case.order_number, case.desired_outcome) == ("online", "10031", "replacement")
        stored = s.execute(text("SELECT count(*) FROM events WHERE sender_id = :s"), {"s": chat.sender}).scalar()
        assert stored and stored > 20
    assert not (pg_stack.settings.var_dir / "tracker.db").exists()
