"""Alembic's environment, run by ``bot.db.migrate`` on the connection it passes (online only, no ``alembic.ini``)."""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy.types import TypeDecorator

from bot.db.migrate import include_name
from bot.db.models import Base


def render_item(type_: str, obj: Any, autogen_context: AutogenContext) -> str | Literal[False]:
    """Our column types as the SQL types they store (``UtcDateTime`` as ``sa.DateTime()``): no models in revisions."""
    if type_ == "type" and isinstance(obj, TypeDecorator):
        return f"sa.{obj.impl!r}"
    return False


connection = context.config.attributes.get("connection")
if connection is None or context.is_offline_mode():
    raise RuntimeError("run migrations through bot.db.migrate.upgrade, which passes a connection")
# render_as_batch: SQLite alters a table by copying it, which Alembic's batch mode does.
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True,
                  include_name=include_name, render_item=render_item, compare_type=True)  # fmt: skip
with context.begin_transaction():
    context.run_migrations()
