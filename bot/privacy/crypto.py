"""Encryption of personal data at rest, and keyed digests for looking it up without decrypting.

A stored value that does not decrypt is an error (``UndecryptableData``), never passed on as it is: a
wrong key must not show ciphertext as if it were a name. The only values of an encrypted column stored
as they are, on purpose, are the ``MARKERS``; a column that held plain text before it was encrypted is
read with ``read_legacy``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken

from bot.errors import ConfigurationError, UndecryptableData

# Removed under the retention policy: what a purged case's description says (bot.privacy.retention).
REMOVED = "[removed under the retention policy]"
# The values of an encrypted column that are not encrypted, on purpose: nothing (not given, or removed
# by the retention purge), and the purge's marker.
MARKERS = frozenset({"", REMOVED})
_BASE64 = re.compile(r"(?:[A-Za-z0-9_-]{4})+(?:[A-Za-z0-9_-]{2}==|[A-Za-z0-9_-]{3}=)?")


class DataVault:
    """Encrypts and decrypts personal data with one Fernet key."""

    def __init__(self, key: bytes) -> None:
        self._fernet = Fernet(key)
        self._digest_key = hashlib.sha256(b"concierge-digest:" + key).digest()

    def encrypt(self, plain: str) -> str:
        """Ciphertext of ``plain`` (fresh nonce each time)."""
        return self._fernet.encrypt(plain.encode("utf-8")).decode("ascii")

    def decrypt(self, token: str) -> str:
        """The plain text of ``token``."""
        return self._fernet.decrypt(token.encode("ascii")).decode("utf-8")

    def read(self, stored: str) -> str:
        """A stored value in plain text: decrypted, or one of the ``MARKERS`` as it is.

        Raises:
            UndecryptableData: the value does not decrypt with this key (another key, or tampered with).
        """
        if stored in MARKERS:
            return stored
        try:
            return self.decrypt(stored)
        except (InvalidToken, ValueError):
            raise UndecryptableData("a stored value does not decrypt with the data key") from None

    def read_legacy(self, stored: str) -> str:
        """A value of a column that held plain text before it was encrypted (transcript lines, case descriptions).

        What is not a Fernet token at all was written in the clear then, and is returned as it is; a token
        is read as ``read`` does, so it raises when it does not decrypt.
        """
        return self.read(stored) if _is_token(stored) else stored

    def digest(self, plain: str) -> str:
        """A keyed, deterministic digest of ``plain`` for equality look-ups (repeat complainants)."""
        return hmac.new(self._digest_key, plain.encode("utf-8"), hashlib.sha256).hexdigest()


def _is_token(value: str) -> bool:
    """Whether ``value`` has the shape of a Fernet token: url-safe base64 of version 0x80, time, IV, blocks, HMAC."""
    if not _BASE64.fullmatch(value):
        return False
    raw = base64.urlsafe_b64decode(value)
    return len(raw) >= 73 and raw[0] == 0x80


def key_source(explicit: str | None, var_dir: Path) -> str:
    """Where the data key comes from, as ``load_key`` finds it: to name in an error."""
    return "CONCIERGE_DATA_KEY (environment variable)" if explicit else str(var_dir / "data.key")


def load_key(explicit: str | None, var_dir: Path) -> bytes:
    """The data key: ``CONCIERGE_DATA_KEY`` if set, else ``var/data.key`` (created on first use).

    Raises:
        ConfigurationError: the key is not a valid Fernet key.
    """
    source = key_source(explicit, var_dir)
    if explicit:
        key = explicit.strip().encode("ascii")
    else:
        path = var_dir / "data.key"
        if not path.exists():
            var_dir.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(Fernet.generate_key())
        key = path.read_bytes().strip()
    try:
        if len(base64.urlsafe_b64decode(key)) != 32:
            raise ValueError
    except ValueError:
        raise ConfigurationError(
            source,
            "CONCIERGE_DATA_KEY",
            "not a valid key (32 url-safe base64 bytes)",
            "generate one with: python -c "
            "'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'",
        ) from None
    return key


__all__ = ["MARKERS", "REMOVED", "DataVault", "InvalidToken", "key_source", "load_key"]
