"""A conversation goes to one Rasa server by a hash of its id, and to the next one while that server is down."""

from __future__ import annotations

from collections import Counter

import pytest

from bot.cluster.routing import preference
from bot.rasa.stack import Stack, free_port, rasa_token
from bot.web.assistant import Assistant, Server

SERVERS = ["http://10.0.0.11:5005", "http://10.0.0.12:5005", "http://10.0.0.13:5005"]


def test_every_gateway_sends_a_conversation_to_the_same_server_and_spreads_them_evenly() -> None:
    firsts = Counter(preference(f"web-{n}", SERVERS)[0] for n in range(3000))
    assert set(firsts) == set(SERVERS) and min(firsts.values()) > 900  # about a third each
    assert preference("web-42", SERVERS) == preference("web-42", list(reversed(SERVERS)))  # order of the list: none


def test_removing_a_server_moves_only_its_own_conversations() -> None:
    ids = [f"web-{n}" for n in range(1000)]
    before = {c: preference(c, SERVERS)[0] for c in ids}
    after = {c: preference(c, SERVERS[:2])[0] for c in ids}
    moved = [c for c in ids if before[c] != after[c]]
    assert moved and all(before[c] == SERVERS[2] for c in moved)


@pytest.mark.servers
async def test_a_conversation_whose_server_is_down_is_answered_by_the_next(stack: Stack) -> None:
    down = f"http://127.0.0.1:{free_port()}"  # nothing listens: the connection is refused, nothing was sent
    servers = [Server(down, stack.action_url), Server(stack.rasa_url, stack.action_url)]
    conversation = next(f"routing-{n}" for n in range(100) if preference(f"routing-{n}", [down, stack.rasa_url])[0]
                        == down)  # fmt: skip
    assistant = Assistant(down, token=rasa_token(stack.settings.var_dir), servers=servers)
    await assistant.start()
    try:
        replies = await assistant.reply(conversation, "are you open on Sunday in Mong Kok?", line=1)
        assert any("Mong Kok" in reply.get("text", "") for reply in replies), replies
        again = await assistant.answered(conversation, 1)  # read back through the same failover
        assert again is not None and [r["text"] for r in again] == [r["text"] for r in replies]
    finally:
        await assistant.close()
