"""Engine and session factory; SQLite in WAL mode by default, PostgreSQL through ``DATABASE_URL``."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine, create_engine
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from bot.privacy.crypto import DataVault
from bot.settings import Settings


def make_engine(settings: Settings) -> Engine:
    """A new engine for ``settings.database_url`` (the caller disposes of it)."""
    url = settings.database_url
    if url.startswith("sqlite"):
        settings.var_dir.mkdir(parents=True, exist_ok=True)
        # A pool, not SQLAlchemy 1.4's default for SQLite files (a new connection, and its pragmas, per transaction).
        engine = create_engine(url, future=True, poolclass=QueuePool, pool_size=5, max_overflow=10,
                               connect_args={"check_same_thread": False, "timeout": 30})  # fmt: skip
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, future=True, pool_pre_ping=True)


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # pysqlite opens transactions late and on its own, which breaks savepoints (a RELEASE would
    # commit the whole transaction): switch that off and let SQLAlchemy say BEGIN itself.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    # IMMEDIATE takes the write lock at the start, so two writers queue on the busy timeout
    # instead of deadlocking when both upgrade a read lock. Readers are not blocked (WAL).
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def session_factory(engine: Engine, vault: DataVault | None = None) -> sessionmaker[Session]:
    """Sessions bound to ``engine``; use as ``with factory() as s, s.begin():``.

    ``vault`` travels in each session's ``info`` for the columns a service encrypts without taking the
    vault as an argument (the transcript lines).
    """
    return sessionmaker(engine, future=True, expire_on_commit=False, info={"vault": vault})
