"""DIET's TensorFlow graph, traced once and without gradients nobody takes (``install``, wherever Rasa runs).

Profiling the admin's retrain (``py-spy`` on ``rasa train --finetune``; docs/benchmarks.md, "The admin's
retrain") found that two thirds of its Python time went to tracing DIET's training step into a TensorFlow
graph, which Rasa did twice, and half of each tracing to gradients that are never taken:

- To load a model, Rasa builds its weights by fitting it for one step on one example, then overwrites them
  with the saved ones. That step traced the whole training graph (about 20 s on this machine) in every process
  that loads a model: the Rasa server at start-up, each evaluation, and a fine-tuning, which then traces it
  again with its own optimiser. The one step now runs eagerly (a second or two); the weights it builds are the
  same, and the saved ones overwrite them as before. The model is then compiled again as the config says, so
  training and prediction run as graphs exactly as before.
- In training, DIET decodes the best sequence of entity tags with its CRF only to report the entity F1 in the
  progress bar; no loss depends on it. Traced under the gradient tape, each of the decoder's conditionals
  built its gradient function all the same (about 9 s a tracing). The decoder now runs with the tape paused;
  the loss, its gradients and every prediction are unchanged.
"""

from __future__ import annotations

from typing import Any

import rasa.utils.tensorflow.crf as crf
import tensorflow as tf
from rasa.utils.tensorflow.constants import LEARNING_RATE, RUN_EAGERLY
from rasa.utils.tensorflow.data_generator import RasaBatchDataGenerator
from rasa.utils.tensorflow.model_data import RasaModelData
from rasa.utils.tensorflow.models import RasaModel
from tensorflow.python.eager import tape

_INSTALLED = "_concierge_diet_graph"


def install() -> None:
    """Make Rasa build a loaded model's weights eagerly and decode CRF tags off the gradient tape."""
    if getattr(RasaModel, _INSTALLED, False):
        return
    decode = crf.crf_decode

    def crf_decode(potentials: Any, transition_params: Any, sequence_length: Any) -> Any:
        with tape.stop_recording():
            return decode(potentials, transition_params, sequence_length)

    crf.crf_decode = crf_decode
    RasaModel.load = classmethod(load)
    setattr(RasaModel, _INSTALLED, True)


def load(
    cls: type[RasaModel],
    /,
    model_file_name: str,
    model_data_example: RasaModelData,
    predict_data_example: RasaModelData | None = None,
    finetune_mode: bool = False,
    *args: Any,
    **kwargs: Any,
) -> RasaModel:
    """Rasa's ``RasaModel.load``, with the one step that builds the weights run eagerly instead of traced."""
    model = cls(*args, **kwargs)
    config = kwargs.get("config", {})
    optimizer = tf.keras.optimizers.Adam(config.get(LEARNING_RATE, 0.001))
    model.compile(optimizer=optimizer, run_eagerly=True)
    model.fit(RasaBatchDataGenerator(model_data_example, batch_size=1), verbose=False)
    model.load_weights(model_file_name)
    model.compile(optimizer=optimizer, run_eagerly=config.get(RUN_EAGERLY))  # graphs again, as Rasa would
    if not finetune_mode and predict_data_example:
        model.run_inference(predict_data_example)  # traces the prediction graph now, not at the first message
    return model
