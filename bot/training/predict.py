"""``python -m bot.training.predict MODEL TEXTS.json OUT.json``: a model's intent for each text, as JSON.

Runs in a process of its own so that loading a model (TensorFlow, a gigabyte) never weighs on the
gateway or the serving Rasa server; the evaluation of a retrained model calls it.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sys


async def predict(model: str, texts: list[str]) -> list[list[object]]:
    """[intent, confidence] for each text, parsed by the model's NLU pipeline."""
    from rasa.core.agent import Agent

    agent = Agent.load(model)
    results = []
    for text in texts:
        intent = (await agent.parse_message(text)).get("intent") or {}
        results.append([intent.get("name"), float(intent.get("confidence") or 0.0)])
    return results


def predict_file(model: str, texts: str, out: str) -> None:
    """Read a JSON list of texts from ``texts``, write [intent, confidence] for each to ``out``."""
    with open(texts, encoding="utf-8") as handle:
        given = [str(t) for t in json.load(handle)]
    predictions = asyncio.run(predict(model, given))
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(predictions, handle)


def main() -> int:
    """Read a JSON list of texts, write the predictions (Rasa logs to stdout, so files carry the data)."""
    logging.basicConfig(level=logging.ERROR)
    if len(sys.argv) != 4:
        print("usage: python -m bot.training.predict MODEL.tar.gz TEXTS.json OUT.json", file=sys.stderr)
        return 2
    from bot.rasa import diet_graph

    diet_graph.install()  # the model loads in about half the time, with the same predictions
    predict_file(*sys.argv[1:4])
    return 0


if __name__ == "__main__":
    sys.exit(main())
