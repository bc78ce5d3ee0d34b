"""Enquiries are answered from the policy and the shop's tables: change the data, the answer changes."""

from __future__ import annotations

import datetime as dt

from bot.context import Context
from bot.db.models import GoldPrice, Order, RepairJob
from bot.enquiries import aftersales, catalogue, orders, stores

MONDAY = dt.date(2026, 11, 23)


def test_opening_hours_come_from_the_policy_file(context: Context) -> None:
    assert "Mong Kok is open 11:00 to 22:00 on Sunday 29 Nov" in stores.opening_answer(
        context.policy, "mong_kok", "are you open on Sunday?", MONDAY, language="en"
    )
    assert "Central is closed on Sunday" in stores.opening_answer(
        context.policy, "central", "sunday", MONDAY, language="en"
    )
    path = context.settings.policy_path
    path.write_text(path.read_text().replace('sun: "11:00-22:00"', 'sun: "12:00-18:00"'))
    import os

    os.utime(path, (1, 1))  # a different mtime, so the context reloads the file
    assert "Mong Kok is open 12:00 to 18:00" in stores.opening_answer(
        context.policy, "mong_kok", "on sunday", MONDAY, language="en"
    )


def test_holidays_change_the_answer(context: Context) -> None:
    christmas_eve = dt.date(2026, 12, 24)
    answer = stores.opening_answer(context.policy, "central", "are you open tomorrow", christmas_eve, language="en")
    assert answer.startswith("Central is closed tomorrow (Friday 25 Dec) (Christmas Day).")


def test_service_prices_depend_on_the_brand(context: Context) -> None:
    policy = context.policy
    assert "HK$180" in aftersales.repair_service_answer(
        policy, "how much to change a Seiko battery", None, None, language="en"
    )
    assert "HK$880" in aftersales.repair_service_answer(policy, "battery for my omega", None, None, language="en")
    assert "Prices vary by brand" in aftersales.repair_service_answer(
        policy, "watch battery change price?", None, None, language="en"
    )


def test_orders_repairs_and_gold_follow_the_database(context: Context) -> None:
    with context.sessions() as s, s.begin():
        assert "has been dispatched by SF Express, tracking number SF1402339952" in orders.order_status_answer(
            s, "10023", language="en"
        )
        s.get(Order, "10023").status = "delivered"  # type: ignore[union-attr]
        s.get(Order, "10023").delivered_on = MONDAY  # type: ignore[union-attr]
    with context.sessions() as s, s.begin():
        assert "was delivered on Mon 23 Nov" in orders.order_status_answer(s, "10023", language="en")
        assert "I can't find order 19999" in orders.order_status_answer(s, "19999", language="en")
        assert "ready for collection at our Mong Kok branch" in aftersales.repair_status_answer(
            s, context.policy, "is R-2031 ready", MONDAY, language="en"
        )  # type: ignore[operator]
        s.get(RepairJob, "R-2031").status = "collected"  # type: ignore[union-attr]
    with context.sessions() as s, s.begin():
        assert "was collected" in aftersales.repair_status_answer(s, context.policy, "r2031?", MONDAY, language="en")  # type: ignore[operator]
        s.add(
            GoldPrice(
                effective_at=dt.datetime(2030, 1, 1, tzinfo=dt.timezone.utc),
                metal="999.9 gold",
                unit="tael",
                sell_hkd=41000,
                buy_hkd=37000,
            )
        )
    with context.sessions() as s:
        board = catalogue.gold_price_answer(s, context.policy, language="en")
        assert "HK$41,000" in board and "HK$39,850" not in board


def test_products_in_stock_by_branch(context: Context) -> None:
    with context.sessions() as s:
        answer = catalogue.product_answer(
            s, context.policy, product_type=None, brand="Omega", material=None, text="", language="en"
        )
        assert "Omega Seamaster Diver 300M (W-OMG-101): HK$46,800, in stock at Central, Tsim Sha Tsui" in answer
        gold = catalogue.product_answer(
            s, context.policy, product_type="bangle", brand=None, material="999.9 gold", text="", language="en"
        )
        assert "priced by weight" in gold
        none = catalogue.product_answer(
            s, context.policy, product_type=None, brand="Patek Philippe", material=None, text="", language="en"
        )
        assert "couldn't find" in none


def test_order_changes_depend_on_the_order_status(context: Context) -> None:
    with context.sessions() as s:
        assert "can still be cancelled free of charge" in orders.order_change_answer(
            s, context.policy, "10031", language="en"
        )
        assert "can no longer be changed" in orders.order_change_answer(s, context.policy, "10023", language="en")
        assert "was already cancelled" in orders.order_change_answer(s, context.policy, "10035", language="en")


def test_refund_status_by_reference_or_order(context: Context) -> None:
    with context.sessions() as s:
        assert "RF-5001 of HK$5,450 to your Visa card is being processed" in (
            aftersales.refund_status_answer(s, "where is my refund", "10018", language="en") or ""
        )
        assert "has been paid" in (aftersales.refund_status_answer(s, "refund RF-5007?", None, language="en") or "")
        assert aftersales.refund_status_answer(s, "where is my refund", None, language="en") is None


def test_plural_and_singular_product_words_find_the_catalogue_type(context: Context) -> None:
    with context.sessions() as s:
        for word in ("watches", "watch", "earring", "earrings", "bangles"):
            answer = catalogue.product_answer(
                s, context.policy, product_type=word, brand=None, material=None, text="", language="en"
            )
            assert answer.startswith("Here is what we have"), word
        omega = catalogue.product_answer(
            s, context.policy, product_type="watches", brand="Omega", material=None, text="", language="en"
        )
        assert "Omega Seamaster Diver 300M" in omega


def test_a_branch_name_is_not_mistaken_for_a_weekday(context: Context) -> None:
    answer = stores.opening_answer(
        context.policy, "mong_kok", "are you open on Sunday in Mong Kok?", MONDAY, language="en"
    )
    assert answer.startswith("Mong Kok is open 11:00 to 22:00 on Sunday 29 Nov.")
    week = stores.opening_answer(context.policy, "mong_kok", "Mong Kok opening hours", MONDAY, language="en")
    assert week.startswith("Mong Kok: Mon–Thu 10:00 to 22:00")
