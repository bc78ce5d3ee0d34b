"""``python -m bot.rasa.server ARGS…``: ``rasa ARGS…`` with the API token read from a private file.

Rasa takes its token only as ``--auth-token`` on the command line, where ``ps`` shows it to every local user.
This launcher reads it from the file ``CONCIERGE_RASA_TOKEN_FILE`` names (readable by the service's user only)
and hands it to Rasa inside the process, so the command line the system shows holds no secret. It also makes
Rasa cheaper on three hot paths (``bot.rasa.hot_paths``) and quicker to load its model (``bot.rasa.diet_graph``).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def main(argv: list[str]) -> None:
    """Run Rasa's command line with ``argv`` and the token from the file."""
    path = os.environ.get("CONCIERGE_RASA_TOKEN_FILE", "")
    token = Path(path).read_text(encoding="utf-8").strip() if path else ""
    if not token:
        sys.exit("bot.rasa.server: CONCIERGE_RASA_TOKEN_FILE names no file with a token. Fix: start it with bot serve")
    from rasa.__main__ import main as rasa_main  # slow to import: only once the token is known

    from bot.rasa import diet_graph, hot_paths

    hot_paths.install()
    diet_graph.install()
    sys.argv = ["rasa", *argv, f"--auth-token={token}"]  # in this process only; /proc keeps the original
    rasa_main()


if __name__ == "__main__":
    main(sys.argv[1:])
