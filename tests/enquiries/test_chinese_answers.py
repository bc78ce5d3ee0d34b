"""Enquiries asked in Chinese are answered in Hong Kong Chinese, with the same facts as in English."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.context import Context
from bot.db.models import Order, Product, RepairJob
from bot.enquiries import aftersales, catalogue, orders, proof, shop_info, stores
from bot.shop.dates import WEEKDAY_NAMES_ZH
from bot.shop.policy import Policy
from tests.enquiries.chinese import english_in

MONDAY = dt.date(2026, 11, 23)


def test_opening_hours_on_a_chinese_day(policy: Policy) -> None:
    sunday = stores.opening_answer(policy, "mong_kok", "旺角星期日開唔開？", MONDAY, language="zh")
    assert (
        sunday
        == "旺角分店11月29日（星期日）營業時間為11:00至22:00。\n地址：九龍旺角彌敦道688號地下，電話：+852 2888 1103。"
    )
    christmas = stores.opening_answer(policy, "central", "聽日開唔開", dt.date(2026, 12, 24), language="zh")
    assert christmas.startswith("中環分店明天（12月25日，星期五，聖誕節）休息。")
    today = stores.opening_answer(policy, None, "今日幾點閂門", MONDAY, language="zh")
    assert today.splitlines()[0] == "中環分店今天（11月23日，星期一）營業時間為10:00至20:00。"
    assert len(today.splitlines()) == 4 and not english_in(today)


def test_a_chinese_date_or_next_weeks_day_is_the_day_asked_about(policy: Policy) -> None:
    assert stores.requested_day("12月25日開唔開", MONDAY) == dt.date(2026, 12, 25)
    assert stores.requested_day("1月1號開唔開", MONDAY) == dt.date(2027, 1, 1)
    assert stores.requested_day("下星期一開唔開", MONDAY) == dt.date(2026, 11, 30)
    assert stores.requested_day("禮拜六幾點開", MONDAY) == dt.date(2026, 11, 28)
    assert stores.requested_day("後日", MONDAY) == dt.date(2026, 11, 25)
    assert stores.requested_day("旺角營業時間", MONDAY) is None
    christmas = stores.opening_answer(policy, "sha_tin", "聖誕節12月25號開唔開", dt.date(2026, 12, 20), language="zh")
    assert christmas.startswith("沙田分店12月25日（星期五，聖誕節）休息。")
    assert "即將來臨的公眾假期：12月25日聖誕節、12月26日聖誕節後第一個周日" in christmas


def test_the_week_and_the_branches_in_chinese(policy: Policy) -> None:
    week = stores.opening_answer(policy, "mong_kok", "旺角營業時間", MONDAY, language="zh")
    assert week.startswith(
        "旺角分店：星期一至四 10:00至22:00；星期五至六 10:00至22:30；星期日 11:00至22:00；公眾假期 11:00至21:00。"
    )
    central = stores.opening_answer(policy, "central", "中環營業時間", dt.date(2026, 12, 20), language="zh")
    assert central.startswith("中環分店：星期一至六 10:00至20:00；星期日休息；公眾假期休息。")
    assert "即將來臨的公眾假期：12月25日聖誕節" in central and not english_in(central)
    branches = stores.branches_answer(policy, None, language="zh")
    assert branches.splitlines()[1] == "尖沙咀分店：九龍尖沙咀廣東道17號1樓112號舖，電話：+852 2888 1102"
    assert not english_in(branches)


@pytest.mark.parametrize(
    ("text", "service", "brand", "said"),
    [
        ("換Seiko電池幾錢？", None, None, "更換手錶電池（Seiko）：HK$180。"),
        ("換精工電池幾錢？", None, None, "更換手錶電池（Seiko）：HK$180。"),
        ("奧米茄換電池要幾錢", None, None, "更換手錶電池（Omega）：HK$880。"),
        ("我隻錶想換電池", "battery replacement", "Tissot", "更換手錶電池（Tissot）：HK$380。"),
        ("勞力士抹油幾錢", None, None, "機械錶全面保養（抹油）（Rolex）：HK$4,800。"),
        ("改戒指圈幾錢", None, None, "改戒指圈：HK$280。所需時間：5個工作天（購買後30天內免費）。任何分店均可代收。"),
        ("洗首飾收唔收錢", None, None, "首飾清潔及拋光：免費。"),
    ],
)
def test_chinese_words_find_the_service_and_the_brand(
    policy: Policy, text: str, service: str | None, brand: str | None, said: str
) -> None:
    answer = aftersales.repair_service_answer(policy, text, service, brand, language="zh")
    assert answer.startswith(said) and not english_in(answer, "Seiko", "Omega", "Tissot", "Rolex")


def test_service_prices_in_chinese(policy: Policy) -> None:
    vary = aftersales.repair_service_answer(policy, "換電池幾錢？", None, None, language="zh")
    assert vary.endswith("任何分店均可代收。價錢視乎品牌而定，告訴我你的手錶品牌便可報上準確價錢。")
    menu = aftersales.repair_service_answer(policy, "你哋有咩服務", None, None, language="zh")
    assert menu.startswith("本店的服務及收費：\n• 更換手錶電池：HK$100起，即場約30分鐘")
    assert "• 機械錶全面保養（抹油）：HK$1,200起，4至6星期" in menu and not english_in(menu)
    clock = aftersales.repair_service_answer(policy, "幾點鐘開始可以維修", None, None, language="zh")
    assert clock.startswith("首飾維修"), "幾點鐘 is a time, not a clock"


def test_warranty_in_chinese(policy: Policy) -> None:
    watch = aftersales.warranty_answer(policy, None, "手錶保用幾耐？", language="zh")
    assert watch.splitlines() == [
        "保用條款：",
        "• 手錶：保用24個月，涵蓋機芯的製造缺陷，按品牌國際保用；"
        "不包括錶面玻璃、錶帶、電池、未旋緊錶冠引致的入水損壞及意外損壞。",
        "請保留單據或保用證；會員亦可以電話號碼查到購買紀錄。",
    ]
    assert "• 手錶：保用24個月" in aftersales.warranty_answer(policy, None, "精工有冇保養", language="zh")
    ring = aftersales.warranty_answer(policy, None, "戒指有冇保用", language="zh")
    assert "• 戒指、頸鏈、吊墜、手鏈、手鐲、耳環及鏈：保用12個月" in ring and "手錶" not in ring


def test_orders_in_chinese(context: Context) -> None:
    with context.sessions() as s:
        order = s.get(Order, "10023")
        assert order is not None and order.expected_on is not None
        expected = (
            f"{order.expected_on.month}月{order.expected_on.day}日（{WEEKDAY_NAMES_ZH[order.expected_on.weekday()]}）"
        )
        assert orders.order_status_answer(s, "10023", language="zh") == (
            f"訂單10023（Seiko Presage Cocktail Time）已經由順豐速運發貨，追蹤編號SF1402339952，預計{expected}送達。"
        )
        assert orders.order_status_answer(s, "19999", language="zh") == (
            "找不到訂單19999。訂單編號共5位數字，載於確認電郵。"
        )
        assert orders.order_change_answer(s, context.policy, "10031", language="zh").startswith(
            "訂單10031正在準備中，仍可免費取消或更改送貨地址。"
            "網店團隊會為你辦理：你可以要求轉接職員，或致電+852 2888 1234。"
        )
        too_late = orders.order_change_answer(s, context.policy, "10023", language="zh")
        assert too_late.startswith("訂單10023已經發貨，已不能更改。你可於收貨後7天內退貨（未經佩戴") and not english_in(
            too_late
        )
        assert orders.order_change_answer(s, context.policy, "10035", language="zh") == "訂單10035已經取消。"
        ask = orders.order_change_answer(s, context.policy, None, language="zh")
        assert ask == (
            "網上訂單在發貨前可免費取消；發貨後請於收貨7天內退貨。"
            "請告訴我訂單編號（5位數字，例如10023），我會查看還可以更改甚麼。"
        )


def test_order_dates_are_written_the_chinese_way(context: Context) -> None:
    with context.sessions() as s, s.begin():
        order = s.get(Order, "10023")
        assert order is not None
        order.status, order.delivered_on = "delivered", MONDAY
    with context.sessions() as s:
        assert orders.order_status_answer(s, "10023", language="zh") == (
            "訂單10023（Seiko Presage Cocktail Time）已於11月23日（星期一）送達。"
        )
        assert (
            orders.order_status_answer(s, "10023", language="en")
            == "Order 10023 (Seiko Presage Cocktail Time) was delivered on Mon 23 Nov."
        )


def test_repair_jobs_in_chinese(context: Context) -> None:
    policy = context.policy
    with context.sessions() as s, s.begin():
        for number, expected in (("R-2044", dt.date(2026, 11, 28)), ("R-2060", MONDAY)):
            job = s.get(RepairJob, number)
            assert job is not None
            job.expected_on = expected
    with context.sessions() as s:
        ready = aftersales.repair_status_answer(s, policy, "維修單R-2031好未？", MONDAY, language="zh")
        assert ready == (
            "維修單R-2031（Omega Seamaster, full service）已可於旺角分店（九龍旺角彌敦道688號地下）領取。"
            "請帶同維修收據。"
        )
        workshop = aftersales.repair_status_answer(s, policy, "R2044", MONDAY, language="zh")
        assert workshop == (
            "維修單R-2044（18K gold necklace, broken clasp）正在工場維修，"
            "預計11月28日（星期六）完成，可於中環分店領取。"
        )
        quote = aftersales.repair_status_answer(s, policy, "r-2052", MONDAY, language="zh")
        assert quote == (
            "維修單R-2052（Longines HydroConquest, not keeping time）已完成檢查，正等候你確認報價（HK$2,600）。"
            "請致電+852 2888 1102確認。"
        )
        today = aftersales.repair_status_answer(s, policy, "R-2060", MONDAY, language="zh")
        assert today and today.endswith("已收妥，正等候送往工場，預計今天完成，可於沙田分店領取。")
        unknown = aftersales.repair_status_answer(s, policy, "我張維修單係R-9999", MONDAY, language="zh")
        assert unknown == "找不到維修單號R-9999。請核對維修收據上的單號（格式如R-2031）。"
        assert aftersales.repair_status_answer(s, policy, "ORDER 2031", MONDAY, language="en") is None


def test_refunds_in_chinese(context: Context) -> None:
    with context.sessions() as s:
        processing = aftersales.refund_status_answer(s, "我嘅退款去到邊", "10018", language="zh") or ""
        assert processing.startswith("退款RF-5001（HK$5,450，經Visa信用卡退還）正由銀行處理，預計")
        assert processing.endswith("或之前收到。") and "年" in processing
        paid = aftersales.refund_status_answer(s, "退款RF-5007", None, language="zh") or ""
        assert paid.startswith("退款RF-5007（HK$1,050，經轉數快退還）已經支付，支付日期為")
        assert paid.endswith("。銀行最多需時3個工作天顯示。")
        unknown = aftersales.refund_status_answer(s, "RF-9999", None, language="zh")
        assert unknown == "找不到這個號碼的退款紀錄。請核對退款確認上的退款編號（RF-1234）或訂單編號。"


def test_products_found_by_chinese_words(context: Context) -> None:
    with context.sessions() as s:
        names = [p.name for p in s.query(Product)]
        bracelet = catalogue.product_answer(
            s, context.policy, product_type=None, brand=None, material=None, text="有冇18K金手鏈？", language="zh"
        )
        assert (
            bracelet
            == "本店現有：\n• 18K gold tennis bracelet with diamonds（BR-18K-040）：HK$21,800，現貨：尖沙咀及網店"
        )
        rolex = catalogue.product_answer(
            s, context.policy, product_type=None, brand=None, material=None, text="有冇勞力士", language="zh"
        )
        assert "Rolex Oyster Perpetual 41（W-ROL-100）：HK$52,800，現貨：中環" in rolex
        bangle = catalogue.product_answer(
            s, context.policy, product_type=None, brand=None, material=None, text="足金手鈪幾錢", language="zh"
        )
        assert "999.9 gold dragon and phoenix bangle（B-999-030）：按當日金價以重量計價" in bangle
        assert not english_in(bangle, *names)
        by_entity = catalogue.product_answer(
            s, context.policy, product_type="watch", brand=None, material=None, text="有冇手錶", language="zh"
        )
        assert by_entity.endswith("…還有6件；告訴我品牌、材質或預算，我可以幫你收窄範圍。")
        assert not english_in(by_entity, *names)
        none = catalogue.product_answer(
            s, context.policy, product_type="bracelet", brand="Patek Philippe", material=None, text="", language="zh"
        )
        assert none == (
            "目前的貨品目錄中找不到Patek Philippe手鏈。"
            "職員可以為你向品牌查詢訂貨：請致電+852 2888 1234，或要求轉接職員。"
        )


def test_gold_board_in_chinese(context: Context) -> None:
    with context.sessions() as s:
        board = catalogue.gold_price_answer(s, context.policy, language="zh")
    lines = board.splitlines()
    assert lines[0].startswith("金價表（更新於") and lines[0].endswith("）：")
    assert lines[1:] == [
        "• 999.9足金：每兩賣出價HK$39,850，回收價HK$36,210",
        "• 999.9足金：每克賣出價HK$1,068，回收價HK$971",
        "• 18K金：每克賣出價HK$842，回收價HK$640",
        "• Pt950鉑金：每克賣出價HK$430，回收價HK$265",
    ]


def test_shop_policies_in_chinese(policy: Policy) -> None:
    returns = shop_info.returns_answer(policy, language="zh")
    assert returns.startswith("貨品未經佩戴，連同原裝單據、標籤、證書及包裝，可於7天內退貨或14天內換貨。")
    assert "以下貨品不設退貨：耳環、已刻字或已改圈的貨品、訂造貨品及按重量計價的999.9足金。" in returns
    refund = shop_info.refund_request_answer(policy, language="zh")
    assert refund.startswith("購買後7天內") and "由職員決定是否退款" in refund
    delivery = shop_info.delivery_answer(policy, language="zh")
    assert "• 順豐速運送貨上門（香港島、九龍、新界及離島）：HK$60（滿HK$2,000免運費），1至2個工作天" in delivery
    assert "• 任何分店自取（全部四間分店）：免費，" in delivery and delivery.endswith("須簽收。")
    octopus = shop_info.payment_answer(policy, "八達通得唔得？", language="zh")
    assert octopus.startswith("可以，本店接受八達通。本店接受Visa、Mastercard、American Express、銀聯")
    assert "八達通每次消費上限為HK$3,000。分期付款：購物滿HK$3,000" in octopus
    assert shop_info.payment_answer(policy, "可唔可以用支付寶同微信", language="zh").startswith(
        "可以，本店接受AlipayHK及WeChat Pay HK。"
    )
    assert shop_info.payment_answer(policy, "有冇分期", language="zh").startswith("本店接受Visa")
    jade = shop_info.certificate_answer(policy, "翡翠有冇證書？", None, language="zh")
    assert jade == "本店所有翡翠均為天然A貨（未經處理），並附HOKLAS認可化驗所的證書。"
    assert shop_info.certificate_answer(policy, "用現金買鑽石有冇證書", None, language="zh").startswith("0.30卡")
    assert len(shop_info.certificate_answer(policy, "有冇證書", None, language="zh").splitlines()) == 4
    privacy = shop_info.privacy_answer(policy, language="zh")
    assert privacy.endswith("如要查閱或改正你的資料，請致函privacy@goldenharbour.example.hk，我們會於40天內回覆。")
    data = shop_info.personal_data_request_answer(policy, language="zh")
    assert "保障資料主任（privacy@goldenharbour.example.hk）" in data and "40天" in data
    for answer in (returns, refund, delivery, privacy, data):
        assert not english_in(answer), answer


def test_english_answers_are_unchanged(policy: Policy) -> None:
    assert shop_info.returns_answer(policy, language="en") == (
        "You can return an item within 7 days or exchange it within 14 days, unworn, with the original receipt, tags "
        "and certificates, and the packaging. Refunds go to the original payment method within 14 working days; cash "
        "purchases are refunded by FPS or cheque. Not returnable: earrings, engraved or resized items, custom orders, "
        "999.9 gold priced by weight. Online orders can be cancelled free of charge until they are dispatched; after "
        "dispatch, return them within 7 days of delivery."
    )
    assert shop_info.payment_answer(policy, "do you take octopus?", language="en").startswith(
        "Yes, we accept Octopus. We accept Visa"
    )
    assert aftersales.repair_service_answer(policy, "battery for my omega", None, None, language="en") == (
        "Watch battery replacement for a Omega: HK$880. Turnaround: 30 minutes while you wait (brands needing a "
        "pressure test, 3 working days). Any branch can take it in."
    )
    assert stores.opening_answer(
        policy, "central", "are you open tomorrow", dt.date(2026, 12, 24), language="en"
    ).startswith("Central is closed tomorrow (Friday 25 Dec) (Christmas Day).\nG/F, 68 Queen's Road Central")


def test_the_proof_is_asked_for_in_chinese() -> None:
    assert proof.ask(proof.Subject("ask_order_status", "10023"), language="zh") == (
        "為保障你的私隱，請告訴我訂單10023所登記電話號碼的最後4位數字（或完整號碼）。"
    )
    assert proof.Subject("ask_refund_status", "10018").describe("zh") == "訂單10018的退款"
    assert proof.Subject("ask_refund_status", "RF-5001").describe("zh") == "退款RF-5001"
    assert proof.Subject("ask_repair_status", "R-2031").describe("zh") == "維修單R-2031"
    assert proof.Subject("ask_repair_status", "R-2031").describe("en") == "repair job R-2031"
