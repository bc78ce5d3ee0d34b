"""Schema migrations with Alembic, run from code: every start-up brings the database to the newest revision.

A database is found in one of three states:

- empty (it may hold Rasa's tracker table): every revision runs, the baseline first;
- made by ``Base.metadata.create_all`` before there were migrations (the application's tables, no
  ``alembic_version``): it is adopted, not made again: its constraints take the names of the naming
  convention, so that later revisions find them by name (PostgreSQL's own names are changed in place;
  SQLite's unnamed constraints by copying each table once, the only way SQLite has), then it is stamped
  at the baseline and upgraded;
- stamped: the revisions after its own run, or nothing at all when it is at the head.

Start-ups racing each other take turns: on PostgreSQL through an advisory lock held for the
transaction, on SQLite through the engine's ``BEGIN IMMEDIATE`` (``bot.db.engine``). A new revision is
written with ``python -m bot.db revision SLUG -m "what changed"`` (``bot.db.__main__``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.operations import Operations
from alembic.runtime.environment import NameFilterParentNames, NameFilterType
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection, Engine

from bot.db.models import NAMING_CONVENTION
from bot.errors import ConfigurationError

SCRIPTS = Path(__file__).with_name("migrations")
BASELINE = "0001_baseline"
# The tables of the baseline revision: what create_all made before there were migrations.
BASELINE_TABLES = frozenset(
    {
        "assistant_models", "audit_log", "case_events", "cases", "consents", "feedback", "gold_prices",
        "handoff_requests", "lookup_attempts", "marketing_opt_outs", "members", "model_activations", "nlu_inbox",
        "orders", "products", "ratings", "refunds", "repair_jobs", "sign_in_failures", "staff", "staff_sessions",
        "stock_levels", "transcript_lines", "webhook_deliveries",
    }
)  # fmt: skip
# Rasa's tracker store table: Rasa creates and owns it, in the same database when that is PostgreSQL.
RASA_TABLES = frozenset({"events"})
_LOCK_KEY = 0x436F6E63  # PostgreSQL advisory lock of schema changes ("Conc")


@dataclass(frozen=True)
class Upgraded:
    """What ``upgrade`` found and did."""

    before: str | None  # the revision the database was at; None when empty or made by create_all
    head: str
    adopted: bool = False  # made by create_all before there were migrations, and stamped at the baseline

    def __str__(self) -> str:
        if self.before == self.head:
            return f"schema already at revision {self.head}"
        if self.adopted:
            return f"schema made before migrations adopted at {BASELINE}, upgraded to revision {self.head}"
        return f"schema upgraded from {self.before or 'nothing'} to revision {self.head}"


def include_name(name: str | None, type_: NameFilterType, parent_names: NameFilterParentNames) -> bool:
    """Whether Alembic's autogenerate looks at a table: all but Rasa's, which Rasa migrates itself."""
    return not (type_ == "table" and name in RASA_TABLES)


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration, built in code (no ``alembic.ini``); ``env.py`` runs on ``connection``."""
    config = Config()
    config.set_main_option("script_location", str(SCRIPTS))
    config.set_main_option("path_separator", "os")
    config.attributes["connection"] = connection
    return config


def head() -> str:
    """The newest revision."""
    revision = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert revision is not None, f"no revision in {SCRIPTS}"
    return revision


def current(connection: Connection) -> str | None:
    """The revision the database is at, None when it has none."""
    return MigrationContext.configure(connection).get_current_revision()


@contextmanager
def exclusive(engine: Engine) -> Iterator[Connection]:
    """A transaction that no other start-up's ``exclusive`` runs alongside (schema changes, the first key check).

    On SQLite, foreign keys are not enforced during it: SQLite changes a table by copying it (Alembic's
    batch mode), and dropping the old copy of a table that others refer to would fail. ``upgrade`` checks
    them before it commits.
    """
    with engine.connect() as connection:
        if connection.dialect.name != "sqlite":
            with connection.begin():
                if connection.dialect.name == "postgresql":
                    connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
                yield connection
            return
        enforced = _sqlite_pragma(connection, "foreign_keys")[0]
        _sqlite_pragma(connection, "foreign_keys=OFF")
        try:
            with connection.begin():  # BEGIN IMMEDIATE (bot.db.engine): the other start-ups wait for the commit
                yield connection
        finally:
            _sqlite_pragma(connection, f"foreign_keys={'ON' if enforced else 'OFF'}")


def _sqlite_pragma(connection: Connection, pragma: str) -> Any:
    # On the DB-API connection itself: SQLAlchemy would begin a transaction first, and SQLite ignores
    # a change of foreign_keys inside one.
    cursor = connection.connection.cursor()
    try:
        cursor.execute(f"PRAGMA {pragma}")
        return cursor.fetchone()
    finally:
        cursor.close()


def upgrade(engine: Engine) -> Upgraded:
    """Bring the database to the head revision (see the module's docstring).

    Raises:
        ConfigurationError: the database is at a revision this release does not know (a newer one wrote it),
            or holds some of the application's tables, not all, and no revision.
    """
    newest = head()
    with engine.connect() as connection:
        if current(connection) == newest:  # the usual start-up: no lock, no transaction held
            return Upgraded(newest, newest)
    with exclusive(engine) as connection:
        before = current(connection)
        if before == newest:
            return Upgraded(before, newest)
        config = alembic_config(connection)
        _known(before, config, engine)
        adopted = before is None and _made_by_create_all(connection, engine)
        if adopted:
            _name_constraints(connection)
            command.stamp(config, BASELINE)
        command.upgrade(config, "head")
        if connection.dialect.name == "sqlite":
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").first()
            if broken is not None:
                raise RuntimeError(f"a migration left a row of {broken[0]} that refers to no row of {broken[2]}")
    return Upgraded(before, newest, adopted)


def _known(revision: str | None, config: Config, engine: Engine) -> None:
    revisions = {script.revision for script in ScriptDirectory.from_config(config).walk_revisions()}
    if revision is not None and revision not in revisions:
        raise ConfigurationError(
            engine.url.render_as_string(hide_password=True),
            "alembic_version",
            f"the schema is at revision {revision}, which this release does not know (a newer one upgraded it)",
            "run the release that upgraded it, or restore the database from a backup",
        )


def _made_by_create_all(connection: Connection, engine: Engine) -> bool:
    present = BASELINE_TABLES & set(inspect(connection).get_table_names())
    if present and present != BASELINE_TABLES:
        raise ConfigurationError(
            engine.url.render_as_string(hide_password=True),
            "schema",
            f"has some of the application's tables but not {', '.join(sorted(BASELINE_TABLES - present))}, "
            "and no alembic_version",
            "start it once with the release before migrations (it creates the missing tables), "
            "or restore the database from a backup",
        )
    return bool(present)


def _name_constraints(connection: Connection) -> None:
    """Give the constraints create_all made the names of the naming convention, which later revisions use.

    PostgreSQL named them itself (``cases_pkey``): they are renamed (``pk_cases``). SQLite left them unnamed,
    and cannot name a constraint in place: each table is copied into one made with the names (batch mode).
    """
    if connection.dialect.name == "sqlite":
        operations = Operations(MigrationContext.configure(connection))
        for table in sorted(BASELINE_TABLES):
            with operations.batch_alter_table(table, recreate="always", naming_convention=NAMING_CONVENTION):
                pass
        return
    inspector, quote = inspect(connection), connection.dialect.identifier_preparer.quote
    for table in sorted(BASELINE_TABLES):
        names = {"table_name": table}
        wanted = [(inspector.get_pk_constraint(table).get("name"), NAMING_CONVENTION["pk"] % names)]
        for unique in inspector.get_unique_constraints(table):
            wanted.append(
                (unique["name"], NAMING_CONVENTION["uq"] % {**names, "column_0_name": unique["column_names"][0]})
            )
        for fk in inspector.get_foreign_keys(table):
            column = {"column_0_name": fk["constrained_columns"][0], "referred_table_name": fk["referred_table"]}
            wanted.append((fk["name"], NAMING_CONVENTION["fk"] % {**names, **column}))
        for old, new in wanted:
            if old and old != new:
                connection.execute(text(f"ALTER TABLE {quote(table)} RENAME CONSTRAINT {quote(old)} TO {quote(new)}"))
