"""The Rasa server and the action server are reachable on loopback only; the gateway is the one public port."""

from __future__ import annotations

import socket

import pytest

from bot.rasa.stack import Stack


def outward_address() -> str | None:
    """This machine's address on its network (not loopback), if it has one."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # no packet is sent: this only picks the interface a route would use
        except OSError:
            return None
        address = str(probe.getsockname()[0])
    return None if address.startswith("127.") else address


@pytest.mark.parametrize("server", ["rasa_port", "action_port"])
def test_rasa_and_the_action_server_refuse_connections_from_outside_loopback(stack: Stack, server: str) -> None:
    address = outward_address()
    if address is None:
        pytest.skip("this machine has no network address besides loopback")
    port = getattr(stack, server)
    with socket.create_connection(("127.0.0.1", port), timeout=5):
        pass  # it is up
    with pytest.raises(OSError):
        socket.create_connection((address, port), timeout=5).close()
