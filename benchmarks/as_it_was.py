"""``python -m benchmarks.as_it_was MODEL TEXTS.json OUT.json``: ``bot.training.predict`` with Rasa's own model loading.

The evaluation as it was before ``bot.rasa.diet_graph``: the benchmark times it beside the one the admin's
retrain runs now.
"""

from __future__ import annotations

import logging
import sys

from bot.training.predict import predict_file

if __name__ == "__main__":
    logging.basicConfig(level=logging.ERROR)
    model, texts, out = sys.argv[1:]
    predict_file(model, texts, out)
