"""Encryption of personal data at rest, and keyed digests for looking it up without decrypting."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken

from bot.errors import ConfigurationError


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
        """A stored value in plain text: decrypted, or as it is when it was never encrypted (older rows, markers)."""
        try:
            return self.decrypt(stored)
        except (InvalidToken, ValueError):
            return stored

    def digest(self, plain: str) -> str:
        """A keyed, deterministic digest of ``plain`` for equality look-ups (repeat complainants)."""
        return hmac.new(self._digest_key, plain.encode("utf-8"), hashlib.sha256).hexdigest()


def load_key(explicit: str | None, var_dir: Path) -> bytes:
    """The data key: ``CONCIERGE_DATA_KEY`` if set, else ``var/data.key`` (created on first use).

    Raises:
        ConfigurationError: the key is not a valid Fernet key.
    """
    if explicit:
        source, key = "environment", explicit.strip().encode("ascii")
    else:
        path = var_dir / "data.key"
        if not path.exists():
            var_dir.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(Fernet.generate_key())
        source, key = str(path), path.read_bytes().strip()
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


__all__ = ["DataVault", "InvalidToken", "load_key"]
