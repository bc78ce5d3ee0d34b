"""A Rasa tokenizer for Hong Kong customers' text, English, Chinese or both in one line.

English words as Rasa's whitespace tokenizer makes them, every Chinese character a token of its own, the text
normalised first (``bot.shop.language.normalise``).

Chinese is written without spaces: Rasa's whitespace tokenizer took "下個order" for one word and dropped "我想"
as if it were an emoji. Single characters are what both Cantonese and formal Chinese share (no dictionary of
Mandarin words to download, or to miss "咗" and "嘅"); the featurizers' n-grams of them make the words. An
English line is tokenized by Rasa's own tokenizer, exactly as before.

In the pipeline: ``- name: bot.rasa.mixed_script.MixedScriptTokenizer`` in place of ``WhitespaceTokenizer``.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import ENTITIES, ENTITY_ATTRIBUTE_VALUE, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.shop.language import HAN, normalise
from bot.training.fingerprint import PIPELINE_CODE

_HAN = re.compile(f"[{HAN}]")
# One Chinese character; or a run of anything else but spaces and Chinese punctuation ("check", "HK$1,500",
# "CS-7K2M-Q9XP"), trimmed of the punctuation around it below.
_PIECES = re.compile(f"[{HAN}]|(?:[^\\s{HAN},;\u3000-\u303f\uff01-\uff0f\uff1a-\uff20]|(?<=\\d),(?=\\d))+")
_EDGES = ".,!?;:'\"()[]{}<>~…-"


def pipeline_code_digest() -> str:
    """A digest of the code that turns customers' text into tokens (``PIPELINE_CODE``)."""
    digest = hashlib.sha256()
    for path in PIPELINE_CODE:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def mixed_tokens(text: str) -> list[Token]:
    """A line with Chinese in it, as tokens: each Chinese character alone, other words whole, punctuation out."""
    found: list[Token] = []
    for piece in _PIECES.finditer(text):
        word = piece.group()
        if _HAN.fullmatch(word):
            found.append(Token(word, piece.start()))
            continue
        start = piece.start() + len(word) - len(word.lstrip(_EDGES))
        word = word.strip(_EDGES)
        if word:
            found.append(Token(word, start))
    return found


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER], is_trainable=False)
class MixedScriptTokenizer(WhitespaceTokenizer):  # type: ignore[misc]  # Rasa is untyped
    """Whitespace tokens for English, one token per Chinese character, on normalised text."""

    @staticmethod
    def _normalise(message: Message) -> None:
        text = message.get(TEXT)
        if not isinstance(text, str):
            return
        uniform = normalise(text)
        entities = message.get(ENTITIES) or []
        # Annotated entities point into the text by offset: a change of length would move them.
        if uniform == text or (len(uniform) != len(text) and entities):
            return
        message.set(TEXT, uniform)
        for entity in entities:  # an annotated "１００２３" is the value 10023, or Rasa learns it as a synonym
            if isinstance(entity.get(ENTITY_ATTRIBUTE_VALUE), str):
                entity[ENTITY_ATTRIBUTE_VALUE] = normalise(entity[ENTITY_ATTRIBUTE_VALUE])

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Normalise every example, then tokenize as Rasa does."""
        for example in training_data.training_examples:
            self._normalise(example)
        trained: TrainingData = super().process_training_data(training_data)
        return trained

    def process(self, messages: list[Message]) -> list[Message]:
        """Normalise each incoming message, then tokenize as Rasa does."""
        for message in messages:
            self._normalise(message)
        return list(super().process(messages))

    def tokenize(self, message: Message, attribute: str) -> list[Token]:
        """An English line as Rasa's whitespace tokenizer has it; a line with Chinese in ``mixed_tokens``."""
        text = message.get(attribute)
        if isinstance(text, str) and _HAN.search(text):
            return list(self._apply_token_pattern(mixed_tokens(text)))
        return list(super().tokenize(message, attribute))

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """As Rasa's whitespace tokenizer, and the digest of our code.

        Rasa's training cache knows a component only by its name and config: with the digest in the config
        it trains again when the code changes.
        """
        return {**WhitespaceTokenizer.get_default_config(), "code": pipeline_code_digest()}
