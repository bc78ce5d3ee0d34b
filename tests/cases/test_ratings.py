"""Reading the customer's rating and comment after a handoff."""

from __future__ import annotations

import pytest

from bot.cases.ratings import SKIP, parse_comment, parse_rating
from bot.errors import InvalidAnswer


@pytest.mark.parametrize(
    ("said", "score"),
    [("5", "5"), ("4 stars", "4"), ("five", "5"), ("I'd give it a 3", "3"), ("★★★★", "4"), ("1 - poor", "1"),
     ("五", "5"), ("skip", SKIP), ("no thanks", SKIP)],
)  # fmt: skip
def test_a_score_from_1_to_5_in_many_forms(said: str, score: str) -> None:
    assert parse_rating(said) == score


@pytest.mark.parametrize("said", ["10", "0", "3 or 4", "great", "", "<script>5</script>6"])
def test_anything_else_asks_again(said: str) -> None:
    with pytest.raises(InvalidAnswer, match="1 \\(poor\\) to 5"):
        parse_rating(said)


def test_a_comment_is_kept_as_written_and_no_means_none() -> None:
    assert parse_comment("Very patient,\n thank you!") == "Very patient, thank you!"
    assert parse_comment("no") == "" and parse_comment("Nothing.") == ""
    assert len(parse_comment("x" * 5000)) == 1000
