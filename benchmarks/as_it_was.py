"""``python -m benchmarks.as_it_was MODEL TEXTS.json OUT.json``: ``bot.training.predict`` with Rasa's own model loading.

The evaluation as it was before ``bot.rasa.diet_graph``: the benchmark times it beside the one the admin's
retrain runs now.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sys

from bot.training.predict import predict


def main(argv: list[str]) -> int:
    """Read a JSON list of texts, write [intent, confidence] for each."""
    logging.basicConfig(level=logging.ERROR)
    model, texts, out = argv
    with open(texts, encoding="utf-8") as handle:
        predictions = asyncio.run(predict(model, [str(t) for t in json.load(handle)]))
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(predictions, handle)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
