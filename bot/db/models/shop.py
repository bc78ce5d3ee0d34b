"""The shop's own records, as its POS would sync them.

The catalogue and stock, online orders, repair jobs, refunds, the gold board, members.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import relationship

from bot.db.models.base import Base, UtcDateTime


class Product(Base):
    """An article of the catalogue (synced from the POS in a real shop)."""

    __tablename__ = "products"
    id = Column(Integer, primary_key=True)
    sku = Column(String(32), unique=True, nullable=False)
    name = Column(String(200), nullable=False)
    product_type = Column(String(40), nullable=False, index=True)
    brand = Column(String(60), index=True)
    material = Column(String(60), index=True)
    price_hkd = Column(Integer, nullable=False)
    priced_by_weight = Column(Boolean, nullable=False, default=False)
    stock = relationship("StockLevel", back_populates="product", cascade="all, delete-orphan")


class StockLevel(Base):
    """How many of a product a branch holds ("online" is the web shop's warehouse)."""

    __tablename__ = "stock_levels"
    product_id = Column(Integer, ForeignKey("products.id"), primary_key=True)
    branch_id = Column(String(40), primary_key=True)
    quantity = Column(Integer, nullable=False, default=0)
    product = relationship("Product", back_populates="stock")


class Order(Base):
    """An online order."""

    __tablename__ = "orders"
    number = Column(String(16), primary_key=True)
    status = Column(String(20), nullable=False)  # processing, packed, dispatched, delivered, cancelled
    placed_on = Column(Date, nullable=False)
    items = Column(Text, nullable=False)
    total_hkd = Column(Integer, nullable=False)
    delivery_method = Column(String(40), nullable=False)
    courier_tracking = Column(String(40))
    expected_on = Column(Date)
    delivered_on = Column(Date)
    contact_encrypted = Column(Text)  # the phone given with the order: a customer asking about it proves they know it


class RepairJob(Base):
    """A repair or service job taken in at a branch."""

    __tablename__ = "repair_jobs"
    number = Column(String(16), primary_key=True)  # R-2031
    branch_id = Column(String(40), nullable=False)
    item = Column(String(200), nullable=False)
    service_id = Column(String(40), nullable=False)
    status = Column(String(24), nullable=False)  # received, awaiting_approval, in_workshop, ready, collected
    received_on = Column(Date, nullable=False)
    expected_on = Column(Date)
    quote_hkd = Column(Integer)
    contact_encrypted = Column(Text)  # the phone on the repair receipt


class Refund(Base):
    """A refund agreed on an order or a purchase."""

    __tablename__ = "refunds"
    reference = Column(String(16), primary_key=True)  # RF-5001
    order_number = Column(String(16), index=True)
    amount_hkd = Column(Integer, nullable=False)
    method = Column(String(40), nullable=False)
    status = Column(String(20), nullable=False)  # requested, approved, processing, paid, rejected
    requested_on = Column(Date, nullable=False)
    expected_by = Column(Date)
    paid_on = Column(Date)
    contact_encrypted = Column(Text)  # the phone of whoever is refunded


class GoldPrice(Base):
    """One line of the daily precious-metal price board."""

    __tablename__ = "gold_prices"
    id = Column(Integer, primary_key=True)
    effective_at = Column(UtcDateTime(), nullable=False, index=True)
    metal = Column(String(40), nullable=False)
    unit = Column(String(10), nullable=False)  # tael, gram
    sell_hkd = Column(Integer, nullable=False)
    buy_hkd = Column(Integer, nullable=False)


class Member(Base):
    """A Golden Harbour Club member, found by the keyed digest of their phone or email."""

    __tablename__ = "members"
    id = Column(Integer, primary_key=True)
    contact_digest = Column(String(64), unique=True, nullable=False)
    tier = Column(String(20), nullable=False)  # standard, gold, platinum
