"""Putting a model in service without a restart: the running Rasa server loads it through its HTTP API.

Rasa answers conversations with the old model until the new one is loaded, then swaps them; the
registry records who activated which model, when and why. A rollback activates the model that was
in service before.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

from bot.context import Context
from bot.errors import ActivationRefused, AssistantUnavailable, ModelNotFound
from bot.training.registry import check_activation, get, mark_active, previous

T = TypeVar("T")


@dataclass(frozen=True)
class RasaServer:
    """The Rasa server's HTTP API (``--enable-api``), with its token."""

    url: str
    token: str

    def _request(self, method: str, path: str, body: dict[str, str] | None, timeout: float) -> bytes:
        request = urllib.request.Request(
            f"{self.url}{path}?token={self.token}", method=method,
            data=None if body is None else json.dumps(body).encode(), headers={"Content-Type": "application/json"},
        )  # fmt: skip
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return bytes(response.read())
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace")[:300]
            raise AssistantUnavailable(f"the Rasa server answered {exc.code}: {detail}") from exc
        except (urllib.error.URLError, OSError) as exc:
            raise AssistantUnavailable(f"the Rasa server at {self.url} did not answer ({exc})") from exc

    def model_file(self) -> str:
        """The model file the server is running."""
        return str(json.loads(self._request("GET", "/status", None, 10)).get("model_file") or "")

    def events(self, conversation_id: str) -> list[dict[str, Any]]:
        """The events of a conversation as Rasa stored them."""
        path = f"/conversations/{quote(conversation_id, safe='')}/tracker"
        events: list[dict[str, Any]] = json.loads(self._request("GET", path, None, 10)).get("events") or []
        return events

    def load(self, model: Path) -> None:
        """Load ``model`` and swap it in (the server keeps answering meanwhile)."""
        self._request("PUT", "/model", {"model_file": str(model)}, 600)


@dataclass(frozen=True)
class RasaServers:
    """Several Rasa servers sharing one tracker store: read from the first that answers, load a model into each."""

    servers: tuple[RasaServer, ...]

    def _first(self, read: Callable[[RasaServer], T]) -> T:
        failures = []
        for server in self.servers:
            try:
                return read(server)
            except AssistantUnavailable as exc:
                failures.append(str(exc))
        raise AssistantUnavailable("; ".join(failures))

    def model_file(self) -> str:
        """The model file the first server that answers is running."""
        return self._first(RasaServer.model_file)

    def events(self, conversation_id: str) -> list[dict[str, Any]]:
        """The events of a conversation as Rasa stored them (the store is shared)."""
        return self._first(lambda server: server.events(conversation_id))

    def load(self, model: Path) -> None:
        """Load ``model`` into every server that answers; one that is down loads the chosen model when it restarts.

        Raises:
            AssistantUnavailable: no server took the model.
        """
        failures = []
        for server in self.servers:
            try:
                server.load(model)
            except AssistantUnavailable as exc:
                failures.append(str(exc))
        if len(failures) == len(self.servers):
            raise AssistantUnavailable("; ".join(failures))


def activate(ctx: Context, rasa: RasaServer | RasaServers, model_id: int, by: str, override_reason: str = "",
             kind: str = "activate") -> None:  # fmt: skip
    """Put model ``model_id`` in service.

    Raises:
        ModelNotFound, ActivationRefused: see ``model_registry``; AssistantUnavailable: Rasa refused or is down
            (the registry is unchanged then).
    """
    with ctx.sessions() as session:
        model = get(session, model_id)
        check_activation(model, override_reason)
        file = Path(model.file)
        if model.status == "blocked" and kind == "activate":
            kind = "override"
    rasa.load(file)
    with ctx.sessions() as session, session.begin():
        mark_active(session, model_id, by, kind, override_reason.strip(), ctx.now())


def rollback(ctx: Context, rasa: RasaServer | RasaServers, by: str, model_id: int | None = None) -> int:
    """Put back the model that was in service before (or ``model_id``); returns the model's number.

    Raises:
        ModelNotFound: there is no earlier model; ActivationRefused, AssistantUnavailable: as ``activate``.
    """
    with ctx.sessions() as session:
        target = get(session, model_id) if model_id is not None else previous(session)
        if target is None:
            raise ModelNotFound("There is no earlier model to roll back to.")
        if target.status not in ("ready", "blocked", "served"):
            raise ActivationRefused(f"Model {target.id} is {target.status}; it cannot answer customers.")
        target_id, file = int(target.id), target.file
    if not file or not Path(file).is_file():
        raise ActivationRefused(f"The file of model {target_id} is gone ({file}).")
    rasa.load(Path(file))
    with ctx.sessions() as session, session.begin():
        mark_active(session, target_id, by, "rollback", "rolled back", ctx.now())
    return target_id
