"""What complaints are about: words that recur in two cases or more, never a customer's personal data."""

from __future__ import annotations

from bot.context import Context
from bot.quality.period import Period
from bot.quality.reasons import terms, top_reasons
from bot.quality.records import Scope
from tests.staffing import NOW, lodge


def test_words_that_recur_are_counted_by_category_and_personal_data_never(context: Context) -> None:
    said = [
        "The clasp broke again, call me on 9123 4567, Chan Tai Man",
        "Clasp broke on the second day. Email me at mei@example.com",
        "The watch glass is scratched and the clasp is loose; my phone is 9123 4567",
        "鍊扣甩咗，條手鏈戴咗兩日",
        "手鏈條鍊扣又鬆咗",
    ]
    for index, text in enumerate(said):
        lodge(context, f"reasons-{index}", description=text, phone=f"9000000{index}", outcome="repair", amount=None)
    with context.sessions() as s:
        found = top_reasons(s, context.policy, context.vault, Period(NOW.date(), NOW.date()), Scope(), NOW)
    product = {r.term: r.cases for r in found["Product quality or defect"]}
    assert product["clasp"] == 3 and product["broke"] == 2 and product["鍊扣"] == 2 and product["手鏈"] == 2
    assert not {"9123", "4567", "chan", "mei", "example", "tai"} & set(product)  # redacted, or only in one case
    assert all(r.cases >= 2 for r in found["Product quality or defect"])


def test_terms_leave_out_common_words_and_placeholders() -> None:
    assert terms("The [NAME] was rude and the staff ignored me") == {"rude", "ignored"}
    chinese = terms("佢哋態度好差")
    assert {"態度", "好差"} <= chinese and "佢哋" not in chinese  # pairs of characters, common ones left out
