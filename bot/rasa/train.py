"""``python -m bot.rasa.train ARGS…``: ``rasa train ARGS…`` with DIET's graph traced once (``bot.rasa.diet_graph``).

Every training (``bot train``, ``scripts/serve``, the admin's retrain, the benchmark) runs through here.
"""

from __future__ import annotations

import sys


def main(argv: list[str]) -> None:
    """Run ``rasa train`` with ``argv`` in this process."""
    from rasa.__main__ import main as rasa_main

    from bot.rasa import diet_graph

    diet_graph.install()
    sys.argv = ["rasa", "train", *argv]
    rasa_main()


if __name__ == "__main__":
    main(sys.argv[1:])
