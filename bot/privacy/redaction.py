"""Personal data taken out of free text before it is kept anywhere it need not be (the NLU inbox first).

``redact`` replaces email addresses, Hong Kong identity card numbers, card numbers, phone numbers,
addresses and names with a placeholder such as ``[PHONE]``, in English, Chinese or both mixed in one line.
Values the customer typed into a form (their name, contact, address) are passed as ``known`` and replaced
wherever they appear again. It errs on the side of removing too much: a redacted example can be edited, a
leaked one cannot. The shop's own addresses, phone numbers and email (``Policy.own_contacts``, in both
languages) are no one's personal data: passed as ``shop``, they are left readable ("call our hotline on
2888 1234", "we are at 68 Queen's Road Central", "旺角彌敦道688號").

Transcripts keep what the customer typed, so the patterns read a view of the text made as the assistant's
own (``bot.shop.language.normalise``: full-width ９１２３ and （７） half-width, zero-width characters out,
Simplified characters Traditional) and replace the characters that view came from. Chinese names are
found from a list of Hong Kong surnames: after an introduction ("我叫陳大文", "本人李志明", "姓陳"), or before a
title ("陳生", "黃太", "何小姐", "陳sir"); words that begin with a surname ("何時", "黃金", "馬上", "周末") are
not names.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from bot.shop.language import HAN, has_chinese, normalise

PLACEHOLDERS = ("[EMAIL]", "[HKID]", "[CARD]", "[PHONE]", "[ADDRESS]", "[NAME]")
_PLACEHOLDER = re.compile(r"\[(EMAIL|HKID|CARD|PHONE|ADDRESS|NAME)\]")

_INVISIBLE = re.compile("[\u200b-\u200f\u2060-\u2064\ufeff\u00ad]")
_LATIN = r"A-Za-z0-9_\u00c0-\u024f"  # not \w: in Python it takes Chinese characters too
_EMAIL = re.compile(rf"[{_LATIN}.%+-]+@[{_LATIN}-]+(?:\.[{_LATIN}-]+)+")
_HKID = re.compile(r"(?<![0-9])[A-Za-z]{1,2}\d{6}\s*(?:\(\s*[0-9Aa]\s*\)|[0-9Aa](?![0-9]))")
_CARD = re.compile(r"(?<!\d)\d(?:[ -]?\d){12,18}(?!\d)")
_PHONE = re.compile(
    r"(?<![0-9+])(?:\+?\s?852[\s-]?|\(\s?\+?852\s?\)[\s-]?)?[2-9]\d{3}[\s-]?\d{4}(?!\d)"
    r"|(?<![0-9+])\+\d[\d\s-]{7,16}\d(?!\d)"
)
_STREET = (
    r"road|rd|street|st|avenue|ave|lane|path|terrace|drive|square|circuit|crescent|highway|boulevard|"
    r"estate|court|mansion|building|bldg|tower|house|garden|gardens|centre|center|plaza"
)
_ADDRESS = re.compile(
    rf"(?:(?:flat|room|rm|unit|block|blk)\s*[\w-]{{1,5}}[,\s]*)?(?:\d{{1,3}}\s*/\s*f[,\s]*)?"
    rf"\d{{1,4}}[a-z]?(?:-\d{{1,4}})?,?\s+(?:[A-Z][\w']*\s+){{0,4}}(?:{_STREET})\b"
    rf"|(?:flat|room|rm|unit)\s*[\w-]{{1,5}},?\s*(?:\d{{1,3}}\s*/\s*f|floor\s*\d{{1,3}})"
    rf"|\b\d{{1,3}}\s*/\s*f\b",
    re.IGNORECASE,
)
# 彌敦道[700號3樓B室]: the house number on, with the floor and flat after it; a flat anywhere (3樓B室, A座12樓).
_FLAT_ZH = r"(?:[A-Za-z0-9]{1,3}\s*座\s*)?\d{1,3}\s*(?:字樓|樓|/F)\s*[A-Za-z0-9]{1,4}\s*室"
_ADDRESS_ZH = re.compile(
    rf"[道路街](?:[東西南北中])?\s*(?P<at>\d{{1,4}}(?:\s*[-至]\s*\d{{1,4}})?\s*號(?:[^\s,，。]{{0,12}}?{_FLAT_ZH})?)"
    rf"|(?P<flat>(?:[A-Za-z0-9]{{1,3}}\s*座\s*)?\d{{1,3}}\s*(?:字樓|樓)\s*[A-Za-z0-9]{{1,4}}\s*室"
    rf"|[A-Za-z0-9]{{1,3}}\s*座\s*\d{{1,3}}\s*(?:字樓|樓))"
)
_NOT_A_STREET = ("知道", "難道", "味道", "頻道", "報道", "管道", "渠道", "通道", "一路", "順路", "走路", "網路",
                 "線路", "電路", "思路", "上路", "出路", "迷路", "半路")  # fmt: skip
_NOT_A_NAME = r"(?!(?:and|but|or|my|i|is|im|the|from|please|pls|here|at|in|on|with|to|for|about)\b)"
_NAME_INTRO = re.compile(
    rf"\b(?:my name is|my name's|i am called|name:)\s+(?P<name>(?:(?:mr|mrs|ms|miss|dr)\.?\s+)?"
    rf"(?:{_NOT_A_NAME}[a-z'-]+(?:\s+{_NOT_A_NAME}[a-z'-]+){{0,3}}|[{HAN}]{{2,4}}))",
    re.IGNORECASE,
)
_STREET_WORD = re.compile(rf"\b(?:{_STREET})\b", re.IGNORECASE)
_UNIT_BEFORE = re.compile(r"(?:flat|room|rm|unit|block|blk)\s*$", re.IGNORECASE)

# Hong Kong surnames; left out are those that are mostly everyday words (文 方 高 石 田 車 易 利 龍 區 金 ...).
_COMPOUND_SURNAMES = "司徒 歐陽 上官 司馬 諸葛 端木 慕容 皇甫 公孫 夏侯 令狐 尉遲 長孫".split()
_SURNAMES = ("陳李張黃何林吳劉梁鄭謝羅郭曾馬葉鄧蔡許袁周蘇潘余盧楊朱莫麥胡譚王趙孫鍾鄺廖江洪范唐姚彭徐岑湯柯賴歐關"
             "杜溫邱丘伍簡薛鄒冼翁尹呂嚴駱霍邵蕭沈曹宋蔣魏韋鮑黎阮龐倪卓孔馮顏崔侯傅聶閻詹")  # fmt: skip
# Words that begin with a surname: shop words, places, brands, everyday words.
_SURNAME_WORDS = frozenset(
    "何時 何處 何解 何必 何況 何以 何等 何謂 何在 何妨 黃金 黃色 黃銅 黃鑽 黃玉 黃昏 黃牛 黃大仙 黃埔 "
    "黃竹坑 林林 林立 馬上 馬會 馬達 馬路 馬鞍山 馬灣 馬頭圍 馬蹄 張單 張卡 張紙 張票 張收據 張發票 "
    "張證書 張保養卡 葉子 周末 週末 周年 周圍 周日 周期 周到 周邊 周全 周一 周二 周三 周四 周五 周六 "
    "周生生 周大福 王牌 王子 王國 朱古力 許多 許可 許願 曾經 謝謝 謝瑞麟 陳列 陳舊 鄭重 羅馬 胡亂 莫非 "
    "孫仔 孫女 潘多拉 潘朵拉 蘇打 關係 關於 關門 關閉 關注 溫度 溫馨 簡單 簡介 簡直 簡訊 歐洲 歐元 "
    "歐米茄 江湖 唐人 唐樓 何文田 麥當勞 鍾意 孔雀 嚴重 嚴格 卓越 龐大 杜絕 柯士甸 羅湖 蘇屋 宋皇臺 黎明 "
    "顏色 侯王".split()
)
# The character before a surname that makes the two one word (或許, 上周, 氣溫, 有關, 多謝, 行李, 如何).
_WORD_BEFORE = {
    "許": "或也允少些期讚默准稱", "周": "上下本每呢一四圓今", "溫": "氣體高低保加室水恆常升降",
    "關": "有相海開機玄難攸無把", "林": "森樹竹園叢", "王": "國天親帝霸歌球", "葉": "茶樹落綠紅金竹",
    "湯": "飲喝煲熱", "馬": "人騎斑賽木寶兵", "曾": "未不何", "江": "長", "簡": "精", "伍": "隊入落退",
    "黃": "金蛋", "楊": "白", "梁": "橋棟", "羅": "包網", "蘇": "復紫", "胡": "糊", "陳": "新鋪", "李": "行",
    "張": "緊開擴主誇慌", "何": "如任為幾奈", "謝": "多感答道致酬凋", "郭": "城", "余": "其多剩", "麥": "小燕",
    "孫": "子外兒", "唐": "荒", "歐": "西北東", "翁": "漁富", "嚴": "莊森威戒", "孔": "毛鼻", "顏": "容",
}  # fmt: skip
_SURNAME = "(?:" + "|".join(_COMPOUND_SURNAMES) + f"|[{_SURNAMES}])"
_NOT_GIVEN = (
    "嘅既的呀啊吖㗎喇啦囉咩呢嗎吧喎噃嘛想要係是同和與跟問去嚟來"
    "你我佢他她唔不冇沒有在就都也而又但及或咗了過緊住嗰個隻條件今"
)
_GIVEN = rf"(?:(?![{_NOT_GIVEN}])[{HAN}])"  # a given name's character: not a particle, pronoun or verb
# 生 and 太 are titles (陳生, 黃太) unless a word goes on: 生日, 生意, 周生生; 太貴, 太細, 太子.
_NOT_AFTER_SANG = "生日意產活效命病氣銹鏽果字肖鮮菜熟硬疏存長成物涯動"
_NOT_AFTER_TAI = (
    "子陽空平多少貴大細小長短鬆緊重輕遲早耐慢快高低忙舊殘差難好"
    "靚醜厚薄闊窄鹹甜熱凍冷暗亮過誇假夠易麻煩複擔傷心急吵嘈簡老深淺濃淡粗滑硬軟"
)
_TITLE = (
    r"(?:先生|小姐|女士|太太|姑娘|醫生|老師|師傅|經理|主任)"
    rf"|生(?![{_NOT_AFTER_SANG}])|太(?![{_NOT_AFTER_TAI}])"
    r"|\s?(?i:sir|miss|madam)(?![A-Za-z])"
)
_NAME_ZH = rf"{_SURNAME}(?:{_TITLE}|{_GIVEN}{{1,2}}(?:先生|小姐|女士|太太)?)?"
_INTRO_ZH = "|".join(
    "我的名字是 我的名字叫 我的名字係 我嘅名係 我個名叫 我個名係 名字係 名字是 "
    "我名叫 我叫 我係 我是 本人 姓名 叫我 我就係".split()
)
_CHINESE_NAME = re.compile(
    rf"(?:{_INTRO_ZH})\s*[:：]?\s*(?P<name>{_NAME_ZH})"
    rf"|(?:我的名字是|我嘅名係|我個名叫|我個名係|我名叫|我叫|本人|姓名)\s*[:：]?\s*"
    rf"(?P<latin>[A-Za-z][A-Za-z'-]*(?:\s[A-Z][A-Za-z'-]*){{0,3}})"
    rf"|(?<![貴百同])姓\s*(?P<surname>{_SURNAME})"
)
_NAME_GROUPS = ("name", "latin", "surname")
_TITLED_NAME = re.compile(rf"(?P<name>{_SURNAME}(?:{_GIVEN}{{1,2}}(?:先生|小姐|女士|太太|姑娘)|{_TITLE}))")


@dataclass(frozen=True)
class _Own:
    """The shop's own contacts, in the forms they are compared in."""

    emails: frozenset[str]
    phones: frozenset[str]  # the digits, without 852
    addresses: tuple[str, ...]  # folded


def _digits(phone: str) -> str:
    digits = re.sub(r"\D", "", phone)
    return digits[3:] if len(digits) > 8 and digits.startswith("852") else digits


def _folded(address: str) -> str:
    return " ".join(address.lower().replace("\u2019", "'").split())


@lru_cache(maxsize=8)
def _own(shop: tuple[str, ...]) -> _Own:
    values = [_view(v)[0].strip() for v in shop]
    emails = {v.lower() for v in values if _EMAIL.fullmatch(v)}
    phones = {_digits(v) for v in values if _PHONE.fullmatch(v)}
    addresses = tuple(_folded(v) for v in values if v.lower() not in emails and _digits(v) not in phones)
    return _Own(frozenset(emails), frozenset(phones), addresses)


@lru_cache(maxsize=64)
def _view(text: str) -> tuple[str, tuple[int, ...]]:
    """``text`` as the patterns read it, and for each of its characters the index in ``text`` it came from."""
    pieces = ["" if _INVISIBLE.fullmatch(c) else unicodedata.normalize("NFKC", c) for c in text]
    owner = tuple(index for index, piece in enumerate(pieces) for _ in piece)
    view = "".join(pieces)
    if has_chinese(view):
        traditional = normalise(view)
        if len(traditional) == len(view):  # a surname is kept as written: 余 is not 餘, 周 not 週
            view = "".join(o if o in _SURNAMES else t for o, t in zip(view, traditional))
    return view, owner


def _replace(
    text: str,
    pattern: re.Pattern[str],
    placeholder: str,
    *,
    groups: tuple[str, ...] = (),
    keep: Callable[[re.Match[str]], bool] = lambda match: False,
    again_inside: bool = False,
) -> str:
    """``text`` with what ``pattern`` finds in its view replaced, unless ``keep`` says to keep it.

    Args:
        text: what was said.
        pattern: what to find.
        placeholder: what replaces it.
        groups: the named groups to replace, the first that matched (the whole match if none are given).
        keep: whether a match stays as it is.
        again_inside: look again from the character after a kept match's start, not after its end
            ("黃金陳小姐": not 黃金, but 陳小姐).
    """
    view, owner = _view(text)
    pieces: list[str] = []
    done = at = 0
    while (match := pattern.search(view, at)) is not None:
        start, end = next(
            (match.span(g) for g in groups if g in pattern.groupindex and match.group(g) is not None), match.span()
        )
        if keep(match):
            at = match.start() + 1 if again_inside else max(match.end(), at + 1)
            continue
        if end > start and owner[start] >= done:
            pieces += [text[done : owner[start]], placeholder]
            done = owner[end - 1] + 1
        at = max(match.end(), at + 1)
    return "".join(pieces) + text[done:]


def _not_a_chinese_name(match: re.Match[str]) -> bool:
    group = next(g for g in _NAME_GROUPS if g in match.re.groupindex and match.group(g) is not None)
    start = match.start(group)
    view = match.string
    if group != "latin" and any(view.startswith(word, start) for word in _SURNAME_WORDS):
        return True
    return match.re is _TITLED_NAME and start > 0 and view[start - 1] in _WORD_BEFORE.get(view[start], "")


def _known_patterns(known: Iterable[str]) -> list[re.Pattern[str]]:
    values = {_view(v)[0].strip() for v in known if v}
    for value in list(values):  # a Chinese name's given name on its own: 陳大文 → 大文
        surname = re.match(_SURNAME, value)
        if surname and re.fullmatch(f"[{HAN}]{{3,4}}", value) and len(value) - surname.end() >= 2:
            values.add(value[surname.end() :])
    pieces = (re.findall(rf"[{HAN}]|[^\s{HAN}]+", value) for value in sorted(values, key=len, reverse=True))
    return [re.compile(r"\s*".join(map(re.escape, p)), re.IGNORECASE) for p in pieces if len("".join(p)) >= 2]


def redact(text: str, known: Iterable[str] = (), shop: Iterable[str] = ()) -> str:
    """``text`` with personal data replaced by placeholders.

    Args:
        text: what was said.
        known: values the customer gave in forms, replaced wherever they appear.
        shop: the shop's own addresses, phone numbers and email, left as they are; a customer's flat or floor
            at the shop's address is still taken out.
    """
    own = _own(tuple(shop))
    compact = tuple(address.replace(" ", "") for address in own.addresses)

    def own_address(match: re.Match[str]) -> bool:
        said = _folded(match.group(0))
        whole = re.compile(rf"(?<!\w){re.escape(said)}(?!\w)")  # "8 Queen's Road" is not the shop's "68 Queen's Road"
        return (_STREET_WORD.search(said) is not None and _UNIT_BEFORE.search(match.string[: match.start()]) is None
                and any(whole.search(address) for address in own.addresses))  # fmt: skip

    def own_or_not_an_address_zh(match: re.Match[str]) -> bool:
        if match.group("at") is None:
            return False
        view, start = match.string, match.start()
        if view[max(0, start - 1) : start + 1] in _NOT_A_STREET:
            return True
        said = view[max(0, start - 2) : match.end()].replace(" ", "")  # 彌敦道688號, not 彌敦道68號
        return any(said in address for address in compact)

    result = _replace(text, _EMAIL, "[EMAIL]", keep=lambda m: m.group(0).lower() in own.emails)
    result = _replace(result, _HKID, "[HKID]")
    result = _replace(result, _CARD, "[CARD]")
    result = _replace(result, _PHONE, "[PHONE]", keep=lambda m: _digits(m.group(0)) in own.phones)
    result = _replace(result, _ADDRESS, "[ADDRESS]", keep=own_address)
    result = _replace(result, _ADDRESS_ZH, "[ADDRESS]", groups=("at", "flat"), keep=own_or_not_an_address_zh)
    result = _replace(result, _NAME_INTRO, "[NAME]", groups=("name",))
    for pattern in (_CHINESE_NAME, _TITLED_NAME):
        result = _replace(result, pattern, "[NAME]", groups=_NAME_GROUPS, keep=_not_a_chinese_name, again_inside=True)
    for pattern in _known_patterns(known):  # after the patterns: a phone stays [PHONE]
        result = _replace(result, pattern, "[NAME]")
    return result


def has_placeholder(text: str) -> bool:
    """Whether ``text`` still holds a redaction placeholder."""
    return _PLACEHOLDER.search(text) is not None
