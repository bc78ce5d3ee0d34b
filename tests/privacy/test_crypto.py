"""The data key: a stored value that does not decrypt is an error, and a wrong key stops start-up."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import delete, select

from bot.context import Context, build_context
from bot.db.key_check import CHECKED_TEXT
from bot.db.models import DataKeyCheck
from bot.errors import ConfigurationError, UndecryptableData
from bot.privacy import retention
from bot.privacy.crypto import MARKERS, REMOVED, DataVault
from tests.staffing import lodge

MINE, THEIRS = DataVault(Fernet.generate_key()), DataVault(Fernet.generate_key())


def test_a_value_another_key_wrote_does_not_read() -> None:
    assert MINE.read(MINE.encrypt("Chan Tai Man")) == "Chan Tai Man"
    with pytest.raises(UndecryptableData) as raised:
        MINE.read(THEIRS.encrypt("Chan Tai Man"))
    assert "Chan" not in str(raised.value)
    with pytest.raises(UndecryptableData):
        MINE.read("Chan Tai Man")  # nor is a plain value passed on as if it had been decrypted


def test_only_the_markers_are_read_as_they_are() -> None:
    assert REMOVED == retention.REMOVED  # the purge writes the marker the vault knows
    assert {MINE.read(marker) for marker in MARKERS} == {"", REMOVED}


def test_a_column_written_in_the_clear_before_encryption_reads_old_plain_text_but_no_foreign_token() -> None:
    assert MINE.read_legacy("my phone is 9123 4567") == "my phone is 9123 4567"
    assert MINE.read_legacy(MINE.encrypt("my phone is 9123 4567")) == "my phone is 9123 4567"
    with pytest.raises(UndecryptableData):
        MINE.read_legacy(THEIRS.encrypt("my phone is 9123 4567"))


def test_the_first_start_up_writes_the_key_check(context: Context) -> None:
    with context.sessions() as s:
        token = s.scalars(select(DataKeyCheck.token)).one()
    assert context.vault.read(token) == CHECKED_TEXT


def test_a_context_with_another_key_in_the_environment_stops_and_says_how_to_fix_it(context: Context) -> None:
    other = dataclasses.replace(context.settings, data_key=Fernet.generate_key().decode())
    with pytest.raises(ConfigurationError) as raised:
        build_context(other)
    message = str(raised.value)
    assert message.startswith("CONCIERGE_DATA_KEY (environment variable): ")
    assert "restore the key the database was written with" in message and "cannot be changed in place" in message


def test_a_context_with_another_key_file_names_the_file(context: Context, tmp_path: Path) -> None:
    other = dataclasses.replace(context.settings, var_dir=tmp_path / "elsewhere")  # a new var/data.key is made there
    with pytest.raises(ConfigurationError) as raised:
        build_context(other)
    assert str(raised.value).startswith(f"{tmp_path / 'elsewhere' / 'data.key'}: ")


def test_a_database_written_before_the_key_check_is_checked_on_its_data(context: Context) -> None:
    lodge(context, "web-1")
    with context.sessions() as s, s.begin():
        s.execute(delete(DataKeyCheck))
    with pytest.raises(ConfigurationError):
        build_context(dataclasses.replace(context.settings, data_key=Fernet.generate_key().decode()))
    with context.sessions() as s:
        assert s.scalars(select(DataKeyCheck)).all() == []  # the wrong key wrote nothing
    again = build_context(context.settings)
    with again.sessions() as s:
        assert again.vault.read(s.scalars(select(DataKeyCheck.token)).one()) == CHECKED_TEXT
    again.sessions.kw["bind"].dispose()
