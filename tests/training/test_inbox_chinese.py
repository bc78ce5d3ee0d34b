"""The NLU inbox keeps Chinese and code-mixed messages redacted like English ones, as the customer typed them."""

from __future__ import annotations

from bot.cases.transcripts import add_line
from bot.context import Context
from bot.db.models import InboxMessage
from bot.training import inbox


def test_a_chinese_message_lands_in_the_inbox_redacted_and_grouped(context: Context) -> None:
    said = [inbox.Said("我叫陳大文，電話９１２３ ４５６７，身份證A123456（７），條鏈甩咗點算", "nlu_fallback", 0.3,
                       None),
            inbox.Said("我叫李志明，電話+852 6123 4567，身份證Z765432(1)，條鏈甩咗點算", "ask_repair", 0.4, None),
            inbox.Said("我係想問黃金幾錢", "ask_price", 0.5, None)]  # fmt: skip
    with context.sessions() as session, session.begin():
        assert inbox.capture_unsure(session, said, "web-zh", 0.6, context.now(), known=["陳大文"]) == 3
    with context.sessions() as session:
        texts = [m.text for m in session.query(InboxMessage).order_by(InboxMessage.id).all()]
        groups = {g.text: g for g in inbox.open_groups(session)}
    assert texts == [*["我叫[NAME]，電話[PHONE]，身份證[HKID]，條鏈甩咗點算"] * 2, "我係想問黃金幾錢"]
    assert groups["我叫[NAME]，電話[PHONE]，身份證[HKID]，條鏈甩咗點算"].count == 2


def test_a_chinese_name_from_the_form_is_taken_out_of_a_low_rated_line(context: Context) -> None:
    said = [inbox.Said("大文話隻錶停咗，陳大文嘅電郵係amy@example.com", "nlu_fallback", 0.2, None),
            inbox.Said("陳大文", "inform", 0.9, "customer_name")]  # fmt: skip
    with context.sessions() as session, session.begin():
        assert inbox.capture_low_rating(session, 1, said, "web-zh2", context.now(), ["陳大文"], below=0.6) == 1
    with context.sessions() as session:
        assert [m.text for m in session.query(InboxMessage).all()] == ["[NAME]話隻錶停咗，[NAME]嘅電郵係[EMAIL]"]


def test_a_flagged_chinese_line_is_kept_redacted(context: Context) -> None:
    with context.sessions() as session, session.begin():
        line = add_line(session, "web-zh3", "customer", "我係陳小姐，打91234567搵我，唔係錶帶係錶扣")
        inbox.flag_line(session, line.id, "web-zh3", inbox.Said("x", "ask_warranty", 0.7, None), context.now())
    with context.sessions() as session:
        assert [m.text for m in session.query(InboxMessage).all()] == ["我係[NAME]，打[PHONE]搵我，唔係錶帶係錶扣"]
