"""Personal data requests on a real database (SQLite and PostgreSQL): a case of its own due in 40 days, an opt-out
of marketing at once, the data protection officer's export and correction, each audited."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from bot.cases.intake import Contact
from bot.cases.service import CaseReceipt, record_consent
from bot.cases.transcripts import add_line
from bot.context import Context
from bot.db.models import Case
from bot.errors import InvalidAnswer, NoConsent, NotYourQueue
from bot.privacy import audit, data_export, data_requests
from bot.privacy.data_requests import DataRequest, lodge_data_request, may_send_marketing
from bot.shop.business_hours import format_moment
from bot.shop.policy import Policy
from tests.staffing import NOW, lodge, staff

PHONE = Contact("phone", "91234567")  # the phone of the complaints ``lodge`` makes


def request(ctx: Context, kind: str, conversation: str = "dsar-1", *, consent: bool = True,
            details: str = "", contact: Contact = PHONE) -> str:  # fmt: skip
    with ctx.sessions() as s, s.begin():
        record_consent(s, conversation, ctx.policy.privacy.collection_statement.version, consent)
    with ctx.sessions() as s, s.begin():
        asked = DataRequest(kind, "Chan Tai Man", contact, details)
        return lodge_data_request(s, asked, intake_key=f"k-{conversation}", conversation_id=conversation,
                                  policy=ctx.policy, vault=ctx.vault, now=NOW).reference  # fmt: skip


def case(ctx: Context, reference: str) -> Case:
    with ctx.sessions() as s:
        found = s.scalars(select(Case).where(Case.reference == reference)).one()
        _ = found.events  # loaded while the session is open
        return found


@pytest.mark.parametrize(
    ("said", "kind"),
    [
        ("I want a copy of the personal data you hold about me", "data_access"),
        ("please correct my phone number, it is wrong", "data_correction"),
        ("delete my data", "data_deletion"),
        ("stop sending me marketing SMS", "marketing_opt_out"),
        ("unsubscribe me from the newsletter and delete my email from it", "marketing_opt_out"),
    ],
)
def test_what_the_customer_asks_for_is_read_from_their_words(said: str, kind: str) -> None:
    assert data_requests.parse_kind(said) == kind


def test_an_unclear_request_is_asked_again_with_the_choices() -> None:
    with pytest.raises(InvalidAnswer, match="a copy of your data, to correct it, to delete it") as raised:
        data_requests.parse_kind("hmm")
    assert raised.value.hint_in("zh") == "你想索取你的個人資料副本、更正資料、刪除資料，還是停止接收直接推廣訊息？"


@pytest.mark.parametrize(
    ("said", "kind"),
    [
        ("我想查閱你哋持有我嘅個人資料", "data_access"),
        ("請提供我的個人資料副本", "data_access"),
        ("我想索取我嘅資料", "data_access"),
        ("我個電話號碼錯咗，想改正", "data_correction"),
        ("請更正我的電郵地址", "data_correction"),
        ("幫我刪除我嘅資料", "data_deletion"),
        ("唔好再send推廣訊息俾我", "marketing_opt_out"),
        ("我要退訂電子報，並刪除我的電郵", "marketing_opt_out"),
    ],
)
def test_what_the_customer_asks_for_is_read_from_their_chinese_words(said: str, kind: str) -> None:
    assert data_requests.parse_kind(said) == kind


def test_what_to_correct_or_delete_may_be_short_in_chinese_but_not_empty() -> None:
    assert data_requests.parse_details("全部") == "全部"
    assert data_requests.parse_details("電話改為61234567") == "電話改為61234567"
    with pytest.raises(InvalidAnswer) as raised:
        data_requests.parse_details("刪")
    assert raised.value.hint_in("zh") == "請簡單說明需要更改或刪除哪些資料，以及應改成甚麼。"
    with pytest.raises(InvalidAnswer, match="in a few words"):
        data_requests.parse_details("all")


def test_declining_the_statement_is_answered_in_both_languages(policy: Policy) -> None:
    english = data_requests.declined_answer(policy, language="en")
    assert english.startswith("Understood — I won't take any personal details, and nothing has been saved.")
    chinese = data_requests.declined_answer(policy, language="zh")
    assert chinese.startswith("明白，我不會收集任何個人資料，亦沒有儲存任何資料。")
    assert f"本店保障資料主任（{policy.privacy.dpo_contact}）" in chinese


RECEIPT = CaseReceipt("CS-7Q4K-92XD", "Data Protection Officer", NOW, NOW + dt.timedelta(days=40), True,
                      "data_protection_officer")  # fmt: skip


def test_the_receipt_says_who_answers_by_when_in_both_languages(policy: Policy) -> None:
    asked = DataRequest("data_access", "陳大文", PHONE, "")
    english = data_requests.receipt_answer(asked, RECEIPT, policy, language="en")
    assert english.startswith(
        "Thank you, 陳大文. Your request for a copy of the personal data we hold about you is recorded as case "
        "CS-7Q4K-92XD. Our Data Protection Officer will contact you by "
    )
    chinese = data_requests.receipt_answer(asked, RECEIPT, policy, language="zh")
    assert chinese == (
        "謝謝你，陳大文。你要求取得我們所持有關於你的個人資料副本，已記錄為個案CS-7Q4K-92XD。本店保障資料主任會於"
        f"{format_moment(NOW, policy, 'zh')}前聯絡你，並於{format_moment(RECEIPT.resolve_by, policy, 'zh')}前回覆，"
        "即《個人資料（私隱）條例》容許的40日期限內。在發送任何資料前，我們或會請你確認身份。"
    )


def test_an_opt_out_is_confirmed_in_both_languages(policy: Policy) -> None:
    asked = DataRequest("marketing_opt_out", "陳大文", PHONE, "")
    assert data_requests.receipt_answer(asked, RECEIPT, policy, language="en") == (
        "Done, 陳大文: from now on we will not send direct marketing to 91234567. Your request is recorded as case "
        "CS-7Q4K-92XD."
    )
    assert data_requests.receipt_answer(asked, RECEIPT, policy, language="zh") == (
        "陳大文，已為你辦妥：由現在起，我們不會再向91234567發送直接推廣訊息。你的要求已記錄為個案CS-7Q4K-92XD。"
    )


def test_no_personal_data_is_asked_before_the_statement_and_declining_asks_no_more() -> None:
    declined = "declined"
    asked = data_requests.questions({}, declined)
    assert asked.index("privacy_consent") < asked.index("customer_name") < asked.index("contact")
    assert data_requests.questions({"data_request_kind": "data_access", "privacy_consent": declined}, declined) == [
        "data_request_kind", "privacy_consent"
    ]  # fmt: skip
    assert "data_request_details" in data_requests.questions({"data_request_kind": "data_correction"}, declined)
    assert "data_request_details" not in data_requests.questions({"data_request_kind": "data_access"}, declined)


def test_an_access_request_is_a_case_for_the_data_protection_officer_due_in_40_days(context: Context) -> None:
    reference = request(context, "data_access")
    made = case(context, reference)
    assert (made.category, made.desired_outcome, made.assigned_role, made.status) == (
        "privacy", "data_access", "data_protection_officer", "new"
    )  # fmt: skip
    assert made.resolve_by - NOW == dt.timedelta(days=40)
    assert [e.kind for e in made.events] == ["created"]
    assert json.loads(made.events[0].detail)["due_in_days"] == 40
    assert request(context, "data_access") == reference  # the same submission again: still one case


def test_no_request_is_kept_without_an_accepted_statement(context: Context) -> None:
    with pytest.raises(NoConsent):
        request(context, "data_access", consent=False)


def test_an_opt_out_of_marketing_takes_effect_at_once(context: Context) -> None:
    with context.sessions() as s:
        assert may_send_marketing(s, context.vault, PHONE)
    reference = request(context, "marketing_opt_out")
    with context.sessions() as s:
        assert not may_send_marketing(s, context.vault, PHONE)
        assert may_send_marketing(s, context.vault, Contact("phone", "98765432"))
    made = case(context, reference)
    assert made.status == "resolved" and [e.kind for e in made.events] == ["created", "marketing_opt_out_applied"]


def test_the_export_holds_everything_about_the_customer_and_is_audited(context: Context) -> None:
    complaint = lodge(context, "web-1")
    with context.sessions() as s, s.begin():
        add_line(s, "web-1", "customer", "My bracelet broke, I am Chan Tai Man")
    reference = request(context, "data_access")
    officer = staff(context, "dora", "data_protection_officer")
    with context.sessions() as s, s.begin():
        made = s.scalars(select(Case).where(Case.reference == reference)).one()
        document = data_export.export(s, made, officer, policy=context.policy, vault=context.vault, now=NOW)
    text = data_export.as_file(document).decode()
    assert [c["reference"] for c in document["cases"]] == [complaint, reference]
    assert document["cases"][0]["name given"] == "Chan Tai Man" and document["cases"][0]["phone given"] == "91234567"
    assert document["cases"][0]["what was said"] == "The clasp broke the day after I bought it."
    assert "My bracelet broke, I am Chan Tai Man" in text
    assert document["direct marketing"] == "no opt-out recorded"
    with context.sessions() as s:
        [entry] = audit.entries(s, reference)
    assert (entry.who, entry.action) == ("Dora (Data Protection Officer)", "exported_personal_data")
    assert [e.kind for e in case(context, reference).events] == ["created", "personal_data_exported"]


def test_only_the_data_protection_officer_exports_or_corrects_and_only_for_a_data_request(context: Context) -> None:
    complaint = lodge(context, "web-1", amount=300, outcome="repair")  # a customer service officer's case
    reference = request(context, "data_correction", details="my phone is now 6123 4567")
    officer, clerk = (
        staff(context, "dora", "data_protection_officer"),
        staff(context, "amy", "customer_service_officer"),
    )
    with context.sessions() as s:
        made = s.scalars(select(Case).where(Case.reference == reference)).one()
        other = s.scalars(select(Case).where(Case.reference == complaint)).one()
        with pytest.raises(NotYourQueue):
            data_export.export(s, made, clerk, policy=context.policy, vault=context.vault, now=NOW)
        with pytest.raises(NotYourQueue):
            data_requests.correct(s, other, officer, "contact", "61234567", policy=context.policy,
                                  vault=context.vault, now=NOW)  # fmt: skip
        s.rollback()
        assert audit.entries(s) == []


def test_a_correction_changes_every_record_of_the_customer_and_says_so_without_the_values(context: Context) -> None:
    complaint = lodge(context, "web-1")
    reference = request(context, "data_correction", details="my phone is now 6123 4567")
    officer = staff(context, "dora", "data_protection_officer")
    with context.sessions() as s, s.begin():
        made = s.scalars(select(Case).where(Case.reference == reference)).one()
        with pytest.raises(InvalidAnswer):
            data_requests.correct(s, made, officer, "contact", "not a phone", policy=context.policy,
                                  vault=context.vault, now=NOW)  # fmt: skip
        assert data_requests.correct(s, made, officer, "contact", "6123 4567", policy=context.policy,
                                     vault=context.vault, now=NOW) == 2  # fmt: skip
    for ref in (complaint, reference):
        corrected = case(context, ref)
        assert context.vault.decrypt(corrected.contact_encrypted) == "61234567"
        assert corrected.events[-1].kind == "personal_data_corrected"
        assert "6123" not in corrected.events[-1].detail
    with context.sessions() as s:
        [entry] = audit.entries(s, reference)
        assert entry.action == "corrected_personal_data" and "6123" not in entry.why


def test_an_opt_out_follows_the_customer_to_their_corrected_number(context: Context) -> None:
    request(context, "marketing_opt_out", "dsar-1")
    reference = request(context, "data_correction", "dsar-2", details="my phone is now 6123 4567")
    officer = staff(context, "dora", "data_protection_officer")
    with context.sessions() as s, s.begin():
        made = s.scalars(select(Case).where(Case.reference == reference)).one()
        data_requests.correct(s, made, officer, "contact", "61234567", policy=context.policy, vault=context.vault,
                              now=NOW)  # fmt: skip
    with context.sessions() as s:
        assert not may_send_marketing(s, context.vault, Contact("phone", "61234567"))


def test_a_completed_request_says_what_was_done(context: Context) -> None:
    reference = request(context, "data_access")
    officer = staff(context, "dora", "data_protection_officer")
    with context.sessions() as s, s.begin():
        made = s.scalars(select(Case).where(Case.reference == reference)).one()
        with pytest.raises(InvalidAnswer):
            data_requests.complete(s, made, officer, "  ", policy=context.policy, now=NOW)
        data_requests.complete(s, made, officer, "Copy sent by email on 24 Nov", policy=context.policy, now=NOW)
    done = case(context, reference)
    assert done.status == "resolved" and done.events[-1].kind == "request_completed"
