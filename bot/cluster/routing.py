"""Which Rasa server answers a conversation: a stable hash of its id, the next one when that server is down.

Rendezvous hashing: every server gets a score from the conversation id and its own address, and the order of
scores is the order of preference. The same conversation goes to the same server from every gateway, and a
server that is added or removed moves only the conversations it wins or won.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence


def _score(conversation_id: str, server: str) -> int:
    return int.from_bytes(hashlib.sha256(f"{server}\n{conversation_id}".encode()).digest()[:8], "big")


def preference(conversation_id: str, servers: Sequence[str]) -> list[str]:
    """``servers`` in the order ``conversation_id`` tries them: its own first, then the next when it is down."""
    return sorted(servers, key=lambda server: _score(conversation_id, server), reverse=True)
