"""Policies answered as they are written in the organization policy."""

from __future__ import annotations

from bot.shop.policy import Policy
from bot.shop.text import first_mentioned, mentions


def returns_answer(policy: Policy) -> str:
    """Return, exchange and refund rules."""
    r = policy.returns
    return (
        f"You can return an item within {r.return_days} days or exchange it within {r.exchange_days} days, "
        f"{r.conditions}. Refunds go {r.refund_method}. Not returnable: {', '.join(r.not_returnable)}. "
        f"{r.cancellation_note}"
    )


def refund_request_answer(policy: Policy) -> str:
    """What happens when a customer wants their money back."""
    r = policy.returns
    return (
        f"Within {r.return_days} days of purchase, and {r.conditions}, any branch refunds you {r.refund_method}. "
        "If the item is faulty or the time has passed, I can open a case for our staff to decide on a refund."
    )


def delivery_answer(policy: Policy) -> str:
    """Delivery options with areas and costs."""
    lines = []
    for option in policy.delivery:
        cost = "free" if option.cost_hkd == 0 else f"HK${option.cost_hkd}"
        if option.free_over_hkd:
            cost += f" (free over HK${option.free_over_hkd:,})"
        lines.append(f"• {option.name} ({option.areas}): {cost}, {option.days}")
    return "Delivery options:\n" + "\n".join(lines) + f"\n{policy.delivery_note}"


def payment_answer(policy: Policy, text: str) -> str:
    """Accepted payment methods, instalments, limits."""
    p = policy.payment
    asked = [m for m in p.methods if mentions(text, m)]
    lead = f"Yes, we accept {', '.join(asked)}. " if asked else ""
    octopus = f" Octopus is accepted up to HK${p.octopus_limit_hkd:,} per purchase."
    return f"{lead}We accept {', '.join(p.methods)}.{octopus} Instalments: {p.instalments}."


def certificate_answer(policy: Policy, text: str, material: str | None) -> str:
    """Certificates for the kind of goods asked about, or all of them."""
    asked = f"{material or ''} {text or ''}"
    c = policy.certificates
    topics = {
        "diamond": ("diamond", "gia", "carat", "igi"),
        "jadeite": ("jade", "grade a", "翡翠"),
        "gold": ("gold", "999", "750", "916", "18k", "22k", "platinum", "pt950", "stamp", "hallmark", "purity"),
        "watch": ("watch", "rolex", "omega", "papers", "authentic", "genuine", "fake"),
    }
    chosen = [getattr(c, topic) for topic, words in topics.items() if first_mentioned(asked, words)]
    return "\n".join(chosen or [c.diamond, c.jadeite, c.gold, c.watch])


def privacy_answer(policy: Policy) -> str:
    """How personal data is used, and who to ask."""
    p = policy.privacy
    return (
        f"{p.text} You can ask to access or correct your data by writing to {p.dpo_contact}; we answer within "
        f"{p.access_request_days} days."
    )


def personal_data_request_answer(policy: Policy) -> str:
    """How to access, correct or delete personal data, or stop direct marketing."""
    p = policy.privacy
    return (
        f"You have the right to access and correct the personal data we hold about you, and to stop direct "
        f"marketing at any time. Please write to our Data Protection Officer at {p.dpo_contact}; we will reply within "
        f"{p.access_request_days} days. For marketing, you can also reply STOP to any of our SMS."
    )
