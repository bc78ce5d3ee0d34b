"""Schema migrations: every row survives an upgrade, a database made before migrations is adopted, and the
migrated schema is exactly the models' one (a model changed without a revision fails here), on SQLite and
on PostgreSQL.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from cryptography.fernet import Fernet
from sqlalchemy import Column, Float, Integer, MetaData, String, Table, Text, create_engine, inspect, select, text
from sqlalchemy.engine import Engine
from sqlalchemy.schema import ForeignKeyConstraint, PrimaryKeyConstraint, UniqueConstraint

from bot.cases.transcripts import add_line, history
from bot.context import Context, build_context
from bot.db.engine import make_engine
from bot.db.migrate import (
    BASELINE,
    BASELINE_TABLES,
    Upgraded,
    alembic_config,
    exclusive,
    head,
    include_name,
    upgrade,
)
from bot.db.models import NAMING_CONVENTION, Base, Case, Conversation, SlaPledge
from bot.db.seed import seed_demo_shop
from bot.settings import Settings
from tests.conftest import make_settings
from tests.staffing import lodge, staff

Rows = dict[str, list[dict[str, Any]]]


@dataclasses.dataclass
class Databases:
    """Makes empty databases of one kind on demand, all readable with one data key."""

    kind: str
    folder: Path
    server: str | None
    key: str = dataclasses.field(default_factory=lambda: Fernet.generate_key().decode())
    engines: list[Engine] = dataclasses.field(default_factory=list)

    def settings(self, name: str) -> Settings:
        settings = dataclasses.replace(make_settings(self.folder / name), data_key=self.key)
        if self.server is None:
            return settings
        database = f"m_{uuid.uuid4().hex[:12]}"
        admin = create_engine(self.server, future=True, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f"CREATE DATABASE {database}"))
        admin.dispose()
        return dataclasses.replace(settings, database_url=self.server.rsplit("/", 1)[0] + f"/{database}")

    def engine(self, settings: Settings) -> Engine:
        engine = make_engine(settings)
        self.engines.append(engine)
        return engine

    def seeded(self) -> Engine:
        """A database at the head with the demo shop, staff, two cases and a conversation."""
        ctx = self.context(self.settings("source"))
        with ctx.sessions() as s, s.begin():
            seed_demo_shop(s, ctx.vault, ctx.today())
        staff(ctx, "kit", "store_manager")
        lodge(ctx, "web-1")
        lodge(ctx, "web-2", outcome="replacement", amount=None, description="The watch stops at night.")
        with ctx.sessions() as s, s.begin():
            add_line(s, "web-1", "customer", "my clasp broke")
        return ctx.sessions.kw["bind"]  # type: ignore[no-any-return]

    def context(self, settings: Settings) -> Context:
        ctx = build_context(settings)
        self.engines.append(ctx.sessions.kw["bind"])
        return ctx


@pytest.fixture(params=["sqlite", "postgresql"])
def databases(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Databases]:
    """Empty databases on SQLite, then on PostgreSQL."""
    server = request.getfixturevalue("postgres_url") if request.param == "postgresql" else None
    made = Databases(request.param, tmp_path, server)
    yield made
    for engine in made.engines:
        engine.dispose()


def old_create_all(engine: Engine) -> None:
    """The schema as ``create_all`` made it before migrations: the baseline's tables, no constraint named.

    Read from the baseline revision itself (the models have moved on since), then made again without names.
    """
    with exclusive(engine) as connection:
        command.upgrade(alembic_config(connection), BASELINE)
    old = MetaData()
    old.reflect(engine, only=sorted(BASELINE_TABLES))
    with engine.begin() as connection:
        old.drop_all(connection)
        connection.execute(text("DROP TABLE alembic_version"))
    for table in old.tables.values():
        for constraint in table.constraints:
            if isinstance(constraint, PrimaryKeyConstraint | UniqueConstraint | ForeignKeyConstraint):
                constraint.name = None
    old.create_all(engine)


# Rasa 3.6's SQL tracker store table (rasa.core.tracker_store.SQLTrackerStore.SQLEvent): Rasa creates it in
# the application's database when that is PostgreSQL.
RASA = MetaData()
RASA_EVENTS = Table(
    "events", RASA, Column("id", Integer, primary_key=True),
    Column("sender_id", String(255), nullable=False, index=True), Column("type_name", String(255), nullable=False),
    Column("timestamp", Float), Column("intent_name", String(255)), Column("action_name", String(255)),
    Column("data", Text),
)  # fmt: skip


def copy_rows(source: Engine, target: Engine) -> None:
    """Every row of the baseline's tables from ``source`` into ``target``, in the columns ``target`` has."""
    with source.connect() as reading, target.begin() as writing:
        there, here = MetaData(), MetaData()
        there.reflect(reading, only=sorted(BASELINE_TABLES))
        here.reflect(writing, only=sorted(BASELINE_TABLES))
        for table in here.sorted_tables:
            columns = [there.tables[table.name].c[column.name] for column in table.columns]
            rows = [dict(row._mapping) for row in reading.execute(select(*columns))]
            if rows:
                writing.execute(table.insert(), rows)


def table_rows(engine: Engine, columns: dict[str, list[str]] | None = None) -> Rows:
    """Every row of the baseline's tables (only ``columns`` of each if given), in a stable order."""
    with engine.connect() as connection:
        metadata = MetaData()
        metadata.reflect(connection, only=sorted(BASELINE_TABLES))
        found: Rows = {}
        for name, table in metadata.tables.items():
            wanted = [table.c[c] for c in columns[name]] if columns else list(table.columns)
            found[name] = sorted((dict(row._mapping) for row in connection.execute(select(*wanted))), key=repr)
        return found


def columns_of(rows: Rows, engine: Engine) -> dict[str, list[str]]:
    inspector = inspect(engine)
    return {name: [c["name"] for c in inspector.get_columns(name)] for name in rows}


def differences(engine: Engine, metadata: MetaData = Base.metadata) -> list[Any]:
    """What autogenerate would write into a new revision: the database against ``metadata``."""
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_name": include_name, "compare_type": True})
        return list(compare_metadata(context, metadata))


def revisions(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        return list(connection.scalars(text("SELECT version_num FROM alembic_version")))


def test_the_baseline_makes_the_tables_create_all_made(databases: Databases) -> None:
    engine = databases.engine(databases.settings("baseline"))
    with exclusive(engine) as connection:
        command.upgrade(alembic_config(connection), BASELINE)
    assert set(inspect(engine).get_table_names()) == BASELINE_TABLES | {"alembic_version"}


def test_a_database_at_the_baseline_keeps_every_row_through_the_upgrade(databases: Databases) -> None:
    source = databases.seeded()
    settings = databases.settings("target")
    target = databases.engine(settings)
    with exclusive(target) as connection:
        command.upgrade(alembic_config(connection), BASELINE)
    copy_rows(source, target)
    before = table_rows(target)
    assert (len(before["cases"]), len(before["staff"]), len(before["transcript_lines"])) == (2, 1, 1)
    assert before["products"] and before["stock_levels"] and before["case_events"] and before["consents"]
    kept = columns_of(before, target)  # the baseline's columns; later revisions may add more

    upgraded = upgrade(target)

    assert (upgraded.before, upgraded.head, upgraded.adopted) == (BASELINE, head(), False)
    assert revisions(target) == [head()]
    assert table_rows(target, kept) == before
    ctx = databases.context(settings)  # the services read the upgraded database with the same key
    with ctx.sessions() as s:
        names = {ctx.vault.read(c.customer_name_encrypted) for c in s.scalars(select(Case))}
        assert names == {"Chan Tai Man"}
        assert [line.text for line in history(s, "web-1")] == ["my clasp broke"]
        # Revision 0012 counted the conversations there were from their transcripts.
        assert [(c.conversation_id, c.customer_lines) for c in s.scalars(select(Conversation))] == [("web-1", 1)]
        # Revision 0008 gave every case its current deadlines as pledges, open until the case meets them.
        pledged = {(p.case_id, p.kind): (p.due_at, p.closed_how) for p in s.scalars(select(SlaPledge))}
        cases = s.scalars(select(Case)).all()
        assert pledged == {
            (c.id, kind): (due, None) for c in cases for kind, due in (("acknowledge", c.acknowledge_by),
                                                                       ("resolve", c.resolve_by))
        }  # fmt: skip


def test_a_database_made_by_create_all_is_stamped_not_recreated(databases: Databases) -> None:
    source = databases.seeded()
    target = databases.engine(databases.settings("legacy"))
    old_create_all(target)
    RASA.create_all(target)
    with target.begin() as connection:
        connection.execute(RASA_EVENTS.insert().values(sender_id="web-1", type_name="user", timestamp=1.0, data="{}"))
    copy_rows(source, target)
    before = table_rows(target)
    assert len(before["cases"]) == 2
    tables_before = table_ids(target)
    kept = columns_of(before, target)  # the columns create_all made; later revisions may add more

    upgraded = upgrade(target)

    assert (upgraded.before, upgraded.head, upgraded.adopted) == (None, head(), True)
    assert revisions(target) == [head()]
    assert table_rows(target, kept) == before
    with target.connect() as connection:
        assert connection.execute(select(RASA_EVENTS.c.sender_id)).scalars().all() == ["web-1"]
    # Its constraints now have the convention's names, as if the baseline had made it.
    inspector = inspect(target)
    assert inspector.get_pk_constraint("cases")["name"] == "pk_cases"
    unique = {u["name"] for u in inspector.get_unique_constraints("cases")}
    assert unique == {"uq_cases_reference", "uq_cases_intake_key"}
    assert [f["name"] for f in inspector.get_foreign_keys("cases")] == ["fk_cases_consent_id_consents"]
    assert differences(target) == []
    if databases.kind == "postgresql":  # the very same tables (SQLite names a constraint only by copying the table)
        assert table_ids(target) == tables_before
    assert str(upgrade(target)) == f"schema already at revision {head()}"


def table_ids(engine: Engine) -> dict[str, int]:
    """PostgreSQL's object id of each table (a table dropped and made again has a new one); empty on SQLite."""
    if engine.dialect.name != "postgresql":
        return {}
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT relname, oid FROM pg_class WHERE relkind = 'r'"))
        return {name: int(oid) for name, oid in rows if name in BASELINE_TABLES}


def test_the_migrated_schema_is_the_models_schema(databases: Databases) -> None:
    # Fails when a model changes without a revision: write one with python -m bot.db revision SLUG -m "…".
    engine = databases.engine(databases.settings("fresh"))
    RASA.create_all(engine)  # Rasa's table, in the same database, is not the application's to migrate
    upgrade(engine)
    assert differences(engine) == []


def test_a_column_added_to_a_model_without_a_revision_is_a_difference(databases: Databases) -> None:
    engine = databases.engine(databases.settings("fresh"))
    upgrade(engine)
    changed = MetaData(naming_convention=NAMING_CONVENTION)
    for table in Base.metadata.sorted_tables:
        table.to_metadata(changed)
    changed.tables["cases"].append_column(Column("loyalty_points", Integer))
    assert [(d[0], d[2], d[3].name) for d in differences(engine, changed)] == [
        ("add_column", "cases", "loyalty_points")
    ]


def upgrade_in_a_process(settings: Settings) -> Upgraded:
    engine = make_engine(settings)
    try:
        return upgrade(engine)
    finally:
        engine.dispose()


def test_start_ups_at_the_same_moment_upgrade_once(databases: Databases) -> None:
    settings = databases.settings("race")
    with multiprocessing.get_context("spawn").Pool(3) as pool:
        results = pool.map_async(upgrade_in_a_process, [settings] * 3).get(timeout=300)
    assert [r.before for r in results].count(None) == 1
    assert {r.head for r in results} == {head()}
    assert revisions(databases.engine(settings)) == [head()]
