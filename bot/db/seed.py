"""Demo data for the shop's own tables (a real shop syncs these from its POS).

Dates are relative to the day of seeding, so the demo reads the same whenever it is run.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.db.models import GoldPrice, Member, Order, Product, Refund, RepairJob, StockLevel
from bot.privacy.crypto import DataVault

# sku, name, type, brand, material, price, by weight, stock {branch: qty}
PRODUCTS = [
    (
        "R-18K-001",
        "18K yellow gold solitaire diamond ring 0.30ct (GIA)",
        "ring",
        None,
        "18K gold",
        16800,
        False,
        {"central": 2, "tsim_sha_tsui": 1},
    ),
    (
        "R-18K-002",
        "18K white gold diamond eternity ring",
        "ring",
        None,
        "18K white gold",
        12800,
        False,
        {"mong_kok": 2, "online": 3},
    ),
    ("R-PT-003", "Platinum Pt950 wedding band", "ring", None, "platinum", 6800, False, {"central": 4, "sha_tin": 2}),
    (
        "R-JD-004",
        "Jadeite Grade A saddle ring in 18K gold",
        "ring",
        None,
        "jadeite",
        23800,
        False,
        {"tsim_sha_tsui": 1},
    ),
    (
        "N-999-010",
        "999.9 gold fortune pendant necklace",
        "necklace",
        None,
        "999.9 gold",
        0,
        True,
        {"mong_kok": 6, "sha_tin": 4, "online": 10},
    ),
    (
        "N-18K-011",
        "18K rose gold heart necklace",
        "necklace",
        None,
        "18K rose gold",
        4980,
        False,
        {"central": 3, "online": 5},
    ),
    ("N-PL-012", "Akoya pearl necklace 7mm", "necklace", None, "pearl", 8800, False, {"central": 1}),
    ("P-JD-020", "Jadeite Grade A Guanyin pendant", "pendant", None, "jadeite", 12800, False, {"mong_kok": 2}),
    (
        "B-999-030",
        "999.9 gold dragon and phoenix bangle",
        "bangle",
        None,
        "999.9 gold",
        0,
        True,
        {"mong_kok": 3, "tsim_sha_tsui": 2},
    ),
    ("B-JD-031", "Jadeite Grade A bangle, icy green", "bangle", None, "jadeite", 38000, False, {"central": 1}),
    (
        "BR-18K-040",
        "18K gold tennis bracelet with diamonds",
        "bracelet",
        None,
        "18K gold",
        21800,
        False,
        {"tsim_sha_tsui": 1, "online": 1},
    ),
    (
        "BR-SV-041",
        "Sterling silver charm bracelet",
        "bracelet",
        None,
        "silver",
        980,
        False,
        {"sha_tin": 8, "online": 20},
    ),
    (
        "E-18K-050",
        "18K gold diamond stud earrings",
        "earrings",
        None,
        "18K gold",
        5800,
        False,
        {"central": 3, "mong_kok": 2},
    ),
    ("E-PL-051", "Freshwater pearl drop earrings", "earrings", None, "pearl", 1280, False, {"sha_tin": 5, "online": 8}),
    ("C-999-060", "999.9 gold chain 50cm", "chain", None, "999.9 gold", 0, True, {"mong_kok": 5, "online": 6}),
    ("W-ROL-100", "Rolex Oyster Perpetual 41", "watch", "Rolex", "steel", 52800, False, {"central": 1}),
    (
        "W-OMG-101",
        "Omega Seamaster Diver 300M",
        "watch",
        "Omega",
        "steel",
        46800,
        False,
        {"central": 1, "tsim_sha_tsui": 2},
    ),
    ("W-TUD-102", "Tudor Black Bay 58", "watch", "Tudor", "steel", 31200, False, {"tsim_sha_tsui": 1}),
    (
        "W-LON-103",
        "Longines HydroConquest 41",
        "watch",
        "Longines",
        "steel",
        14200,
        False,
        {"mong_kok": 2, "online": 2},
    ),
    (
        "W-TIS-104",
        "Tissot PRX Powermatic 80",
        "watch",
        "Tissot",
        "steel",
        5450,
        False,
        {"mong_kok": 3, "sha_tin": 2, "online": 4},
    ),
    ("W-SEI-105", "Seiko Presage Cocktail Time", "watch", "Seiko", "steel", 3980, False, {"sha_tin": 3, "online": 5}),
    ("W-GS-106", "Grand Seiko Snowflake SBGA211", "watch", "Grand Seiko", "titanium", 48600, False, {}),
    (
        "W-CIT-107",
        "Citizen Eco-Drive Promaster",
        "watch",
        "Citizen",
        "steel",
        2680,
        False,
        {"mong_kok": 4, "online": 6},
    ),
    ("W-CAS-108", "Casio G-Shock GA-2100", "watch", "Casio", "resin", 880, False, {"sha_tin": 10, "online": 15}),
    ("W-TAG-109", "TAG Heuer Carrera Chronograph", "watch", "TAG Heuer", "steel", 42500, False, {"central": 1}),
    ("W-SWA-110", "Swatch Sistem51", "watch", "Swatch", "plastic", 1050, False, {"online": 9}),
    ("CL-SEI-200", "Seiko pendulum wall clock", "clock", "Seiko", "wood", 1680, False, {"sha_tin": 2}),
    ("CL-HER-201", "Hermle mantel clock, mechanical", "clock", "Hermle", "wood", 9800, False, {"central": 1}),
]

GOLD_BOARD = [
    ("999.9 gold", "tael", 39850, 36210),
    ("999.9 gold", "gram", 1068, 971),
    ("18K gold", "gram", 842, 640),
    ("Platinum Pt950", "gram", 430, 265),
]

DEMO_PHONE = "98765432"  # the phone every demo order, repair job and refund was given with (README)
DEMO_MEMBERS = [("phone", "61234567", "platinum"), ("phone", "92345678", "gold")]


def seed_demo_shop(session: Session, vault: DataVault, today: dt.date) -> bool:
    """Fill the shop's tables with the demo shop if they are empty. Returns whether it seeded."""
    if session.scalar(select(func.count()).select_from(Product)):
        return False
    for sku, name, kind, brand, material, price, by_weight, stock in PRODUCTS:
        product = Product(
            sku=sku,
            name=name,
            product_type=kind,
            brand=brand,
            material=material,
            price_hkd=price,
            priced_by_weight=by_weight,
        )
        product.stock = [StockLevel(branch_id=b, quantity=q) for b, q in stock.items()]
        session.add(product)

    def day(offset: int) -> dt.date:
        return today + dt.timedelta(days=offset)

    session.add_all(
        [
            Order(
                contact_encrypted=vault.encrypt(DEMO_PHONE),
                number="10018",
                status="delivered",
                placed_on=day(-12),
                items="Tissot PRX Powermatic 80",
                total_hkd=5450,
                delivery_method="SF Express",
                courier_tracking="SF1402331876",
                expected_on=day(-9),
                delivered_on=day(-9),
            ),
            Order(
                contact_encrypted=vault.encrypt(DEMO_PHONE),
                number="10021",
                status="processing",
                placed_on=day(-1),
                items="18K rose gold heart necklace",
                total_hkd=4980,
                delivery_method="SF Express",
                expected_on=day(2),
            ),
            Order(
                contact_encrypted=vault.encrypt(DEMO_PHONE),
                number="10023",
                status="dispatched",
                placed_on=day(-3),
                items="Seiko Presage Cocktail Time",
                total_hkd=3980,
                delivery_method="SF Express",
                courier_tracking="SF1402339952",
                expected_on=day(1),
            ),
            Order(
                contact_encrypted=vault.encrypt(DEMO_PHONE),
                number="10027",
                status="packed",
                placed_on=day(-2),
                items="Sterling silver charm bracelet x2",
                total_hkd=1960,
                delivery_method="pick-up at Sha Tin",
                expected_on=day(1),
            ),
            Order(
                contact_encrypted=vault.encrypt(DEMO_PHONE),
                number="10031",
                status="processing",
                placed_on=day(0),
                items="Casio G-Shock GA-2100",
                total_hkd=880,
                delivery_method="SF Express",
                expected_on=day(3),
            ),
            Order(
                contact_encrypted=vault.encrypt(DEMO_PHONE),
                number="10035",
                status="cancelled",
                placed_on=day(-6),
                items="Swatch Sistem51",
                total_hkd=1050,
                delivery_method="SF Express",
            ),
        ]
    )
    session.add_all(
        [
            RepairJob(
                contact_encrypted=vault.encrypt(DEMO_PHONE),
                number="R-2031",
                branch_id="mong_kok",
                item="Omega Seamaster, full service",
                service_id="watch_servicing",
                status="ready",
                received_on=day(-35),
                expected_on=day(-1),
                quote_hkd=4800,
            ),
            RepairJob(
                contact_encrypted=vault.encrypt(DEMO_PHONE),
                number="R-2044",
                branch_id="central",
                item="18K gold necklace, broken clasp",
                service_id="jewellery_repair",
                status="in_workshop",
                received_on=day(-4),
                expected_on=day(5),
            ),
            RepairJob(
                contact_encrypted=vault.encrypt(DEMO_PHONE),
                number="R-2052",
                branch_id="tsim_sha_tsui",
                item="Longines HydroConquest, not keeping time",
                service_id="watch_servicing",
                status="awaiting_approval",
                received_on=day(-6),
                quote_hkd=2600,
            ),
            RepairJob(
                contact_encrypted=vault.encrypt(DEMO_PHONE),
                number="R-2060",
                branch_id="sha_tin",
                item="Platinum ring, resize to 12",
                service_id="ring_resizing",
                status="received",
                received_on=day(-1),
                expected_on=day(4),
            ),
        ]
    )
    session.add_all(
        [
            Refund(
                contact_encrypted=vault.encrypt(DEMO_PHONE),
                reference="RF-5001",
                order_number="10018",
                amount_hkd=5450,
                method="Visa card",
                status="processing",
                requested_on=day(-5),
                expected_by=day(9),
            ),
            Refund(
                contact_encrypted=vault.encrypt(DEMO_PHONE),
                reference="RF-5007",
                order_number="10035",
                amount_hkd=1050,
                method="FPS",
                status="paid",
                requested_on=day(-6),
                paid_on=day(-3),
            ),
        ]
    )
    board_time = dt.datetime.combine(today, dt.time(9, 30), dt.timezone(dt.timedelta(hours=8)))
    session.add_all(
        [GoldPrice(effective_at=board_time, metal=m, unit=u, sell_hkd=s, buy_hkd=b) for m, u, s, b in GOLD_BOARD]
    )
    session.add_all(
        [Member(contact_digest=vault.digest(f"{kind}:{value}"), tier=tier) for kind, value, tier in DEMO_MEMBERS]
    )
    session.flush()
    return True
