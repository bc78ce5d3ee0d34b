"""DIET's graph traced once: a model loaded that way predicts exactly what Rasa's own loading predicts, and CRF
decoding off the gradient tape leaves the tags and the loss's gradients as they were."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import rasa.utils.tensorflow.crf as crf
import tensorflow as tf

from bot.rasa import diet_graph
from bot.rasa.stack import newest_model, rasa_environment
from bot.settings import PROJECT_ROOT
from bot.training.nlu_data import examples_in

DECODE = crf.crf_decode  # Rasa's own, taken before ``install`` replaces it


def predictions(module: str, model: Path, texts: list[str], folder: Path) -> list[tuple[str, float]]:
    """[intent, confidence] for each text from ``python -m module MODEL TEXTS OUT`` (a process of its own)."""
    given, out = folder / f"{module}.in.json", folder / f"{module}.out.json"
    given.write_text(json.dumps(texts), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", module, str(model), str(given), str(out)], cwd=PROJECT_ROOT,
                          env={**rasa_environment(), "PYTHONPATH": str(PROJECT_ROOT)}, capture_output=True, text=True,
                          timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    return [(str(intent), float(confidence)) for intent, confidence in json.loads(out.read_text(encoding="utf-8"))]


@pytest.mark.servers
def test_a_model_built_eagerly_predicts_exactly_what_rasas_own_loading_predicts(
    trained_models: Path, tmp_path: Path
) -> None:
    model = newest_model(trained_models)
    assert model is not None
    texts = [text for text, _ in examples_in(PROJECT_ROOT / "tests" / "nlu")]
    ours = predictions("bot.training.predict", model, texts, tmp_path)  # what the retrain's evaluation runs
    rasas = predictions("benchmarks.as_it_was", model, texts, tmp_path)
    assert [intent for intent, _ in ours] == [intent for intent, _ in rasas]
    assert max(abs(a - b) for (_, a), (_, b) in zip(ours, rasas)) < 1e-5
    assert len({intent for intent, _ in ours}) > 10  # a real model, not one answer for everything


def decode_and_loss(decode: object) -> tuple[tf.Tensor, tf.Tensor]:
    """The tags ``decode`` finds and the CRF loss's gradient for the logits, in a traced graph as in training."""
    tf.random.set_seed(7)
    logits = tf.random.normal((3, 6, 5))
    transitions = tf.Variable(tf.random.normal((5, 5)))
    lengths = tf.constant([6, 4, 1])
    tags = tf.constant([[0, 1, 2, 3, 4, 0], [1, 1, 2, 0, 0, 0], [3, 0, 0, 0, 0, 0]])

    @tf.function
    def step() -> tuple[tf.Tensor, tf.Tensor]:
        with tf.GradientTape() as tape:
            tape.watch(logits)
            decoded, _, _ = decode(logits, transitions, lengths)  # type: ignore[operator]
            likelihood, _ = crf.crf_log_likelihood(logits, tags, lengths, transitions)
            loss = -tf.reduce_mean(likelihood)
        return decoded, tape.gradient(loss, logits)

    return step()


def test_decoding_off_the_tape_changes_neither_the_tags_nor_the_gradients_of_the_loss() -> None:
    diet_graph.install()
    assert crf.crf_decode is not DECODE
    tags_before, gradient_before = decode_and_loss(DECODE)
    tags_after, gradient_after = decode_and_loss(crf.crf_decode)
    assert tags_after.numpy().tolist() == tags_before.numpy().tolist()
    assert gradient_after is not None  # the tape records again once the decoding is done
    assert float(tf.reduce_max(tf.abs(gradient_after - gradient_before))) < 1e-6
    assert float(tf.reduce_max(tf.abs(gradient_after))) > 0
