"""The data key checked against the database at start-up: a key other than the one it was written with stops.

The first start-up writes a token encrypted with the key (``data_key_check``, one row); every start-up
reads it back. A database written before the check existed is tried on one of its encrypted values first,
so a wrong key is caught there too before its token is written.
"""

from __future__ import annotations

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection, Engine

from bot.db.migrate import exclusive
from bot.db.models import Case, DataKeyCheck, utcnow
from bot.errors import ConfigurationError, UndecryptableData
from bot.privacy.crypto import DataVault

CHECKED_TEXT = "Concierge data key check"


def check_data_key(engine: Engine, vault: DataVault, source: str) -> None:
    """Stop unless ``vault``'s key is the one the database was written with; ``source`` says where the key came from.

    Raises:
        ConfigurationError: another key wrote the database; names ``source`` and the fix.
    """
    with engine.connect() as connection:
        token = _token(connection)
    if token is None:
        with exclusive(engine) as connection:  # two first start-ups write one token
            token = _token(connection)
            if token is None:
                _check(vault, _encrypted_value(connection), engine, source)
                connection.execute(insert(DataKeyCheck).values(id=1, token=vault.encrypt(CHECKED_TEXT),
                                                               written_at=utcnow()))  # fmt: skip
                return
    _check(vault, token, engine, source)


def _token(connection: Connection) -> str | None:
    token: str | None = connection.scalar(select(DataKeyCheck.token).where(DataKeyCheck.id == 1))
    return token


def _encrypted_value(connection: Connection) -> str | None:
    """One value the key encrypted, if the database holds any (a contact was always stored encrypted)."""
    value: str | None = connection.scalar(select(Case.contact_encrypted).where(Case.contact_encrypted != "").limit(1))
    return value


def _check(vault: DataVault, token: str | None, engine: Engine, source: str) -> None:
    if token is None:
        return
    try:
        vault.read(token)
    except UndecryptableData:
        raise ConfigurationError(
            source,
            "data key",
            f"not the key the database {engine.url.render_as_string(hide_password=True)} was written with "
            "(its personal data does not decrypt)",
            "restore the key the database was written with, in CONCIERGE_DATA_KEY or var/data.key; "
            "a data key cannot be changed in place",
        ) from None
