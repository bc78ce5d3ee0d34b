"""The mixed-script tokenizer: English as Rasa's whitespace tokenizer has it, Chinese one character a token."""

from __future__ import annotations

from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.rasa.mixed_script import MixedScriptTokenizer


def tokens(component: WhitespaceTokenizer, text: str) -> list[tuple[str, int, int]]:
    message = Message.build(text)
    component.process([message])
    return [(t.text, t.start, t.end) for t in message.get(TOKENS_NAMES[TEXT])]


def made(kind: type[WhitespaceTokenizer], tmp_path: object) -> WhitespaceTokenizer:
    storage = LocalModelStorage(tmp_path)  # type: ignore[arg-type]
    return kind.create(kind.get_default_config(), storage, Resource("tokenizer"), ExecutionContext(None))  # type: ignore[arg-type]


def test_english_is_tokenized_exactly_as_before(tmp_path: object) -> None:
    ours, rasas = made(MixedScriptTokenizer, tmp_path), made(WhitespaceTokenizer, tmp_path)
    for text in ("how much to change a Seiko battery?", "where's order 10023, pls", "I'd like case CS-7K2M-Q9XP"):
        assert tokens(ours, text) == tokens(rasas, text)


def test_chinese_is_one_token_a_character_with_english_words_kept_whole(tmp_path: object) -> None:
    ours = made(MixedScriptTokenizer, tmp_path)
    assert [t for t, _, _ in tokens(ours, "我想 check 下個order，HK$1,500 (CS-7K2M-Q9XP)!")] == [
        "我", "想", "check", "下", "個", "order", "HK$1,500", "CS-7K2M-Q9XP"]  # fmt: skip
    said = "旺角幾點開門?"
    assert [(t, s, e) for t, s, e in tokens(ours, said)] == [(c, i, i + 1) for i, c in enumerate(said[:-1])]


def test_simplified_and_full_width_text_is_normalised_before_it_is_read(tmp_path: object) -> None:
    ours = made(MixedScriptTokenizer, tmp_path)
    message = Message.build("我想查下订单１００２３")
    ours.process([message])
    assert message.get(TEXT) == "我想查下訂單10023"
    assert [t.text for t in message.get(TOKENS_NAMES[TEXT])][-3:] == ["訂", "單", "10023"]
    number = {"start": 2, "end": 7, "value": "１００２３", "entity": "order_number"}
    examples = TrainingData([Message.build("订单去咗边", intent="ask_order_status"),
                             Message.build("单号１００２３", intent="inform", entities=[number])])  # fmt: skip
    ours.process_training_data(examples)
    assert examples.training_examples[0].get(TEXT) == "訂單去咗邊"
    assert examples.training_examples[1].get(TEXT) == "單號10023"
    assert examples.training_examples[1].get("entities")[0]["value"] == "10023"  # not learnt as a synonym
