"""``python -m bot.rasa.train [--score TEXTS.json OUT.json] ARGS…``: ``rasa train ARGS…`` with DIET's graph traced once.

Every training (``bot train``, ``scripts/serve``, the admin's retrain, the benchmark) runs through here, with
``bot.rasa.diet_graph`` installed. With ``--score``, the model just trained (``--out`` and ``--fixed-model-name``
name it) then predicts the intent of each text in ``TEXTS.json`` into ``OUT.json``, as ``bot.training.predict``
does, in this process: the retrain's evaluation does not start Rasa and TensorFlow a second time.
"""

from __future__ import annotations

import sys
from pathlib import Path


def option(argv: list[str], name: str, count: int) -> tuple[list[str], list[str]]:
    """The ``count`` values after ``name`` in ``argv`` (none if absent), and ``argv`` without them."""
    if name not in argv:
        return [], argv
    at = argv.index(name)
    values = argv[at + 1 : at + 1 + count]
    if len(values) != count:
        sys.exit(f"bot.rasa.train: {name} takes {count} values")
    return values, argv[:at] + argv[at + 1 + count :]


def main(argv: list[str]) -> None:
    """Run ``rasa train`` with ``argv`` in this process; then score the model if asked."""
    score, argv = option(argv, "--score", 2)
    from rasa.__main__ import main as rasa_main

    from bot.rasa import diet_graph

    diet_graph.install()
    sys.argv = ["rasa", "train", *argv]
    rasa_main()  # exits with 1 if training fails (Rasa refusing to fine-tune included)
    if score:
        out, _ = option(argv, "--out", 1)
        name, _ = option(argv, "--fixed-model-name", 1)
        if not out or not name:
            sys.exit("bot.rasa.train: --score needs --out and --fixed-model-name, to know which model to score")
        from bot.training.predict import predict_file

        predict_file(str(Path(out[0]) / f"{name[0]}.tar.gz"), *score)


if __name__ == "__main__":
    main(sys.argv[1:])
