"""The values of an item row as people write them: codes such as Ⅷ—025 or
VIII-25, levels such as 省级, batches such as 第三批, categories by either name."""

from __future__ import annotations

import re
import unicodedata

from django.utils.translation import gettext as _

from inheritors.models import IchLevel, IchListing
from inheritors.models.items import NUMERALS
from lms.ich import IchCategory

LEVEL_WORDS = {
    IchLevel.NATIONAL: {"national", "国家级", "国家"},
    IchLevel.PROVINCIAL: {"provincial", "省级", "省", "自治区级"},
    IchLevel.MUNICIPAL: {"municipal", "市级", "市", "州级", "地市级", "市州级"},
    IchLevel.COUNTY: {"county", "县级", "县", "区级", "县区级"},
}
TYPE_WORDS = {
    IchListing.Type.NEW: {"", "new", "新增", "新增项目"},
    IchListing.Type.EXTENSION: {"extension", "扩展", "扩展项目"},
}
# Category names as listed since 2008, and the five names used in 2006.
CATEGORY_NAMES = {
    "民间文学": "I",
    "传统音乐": "II",
    "民间音乐": "II",
    "传统舞蹈": "III",
    "民间舞蹈": "III",
    "传统戏剧": "IV",
    "传统戏曲": "IV",
    "曲艺": "V",
    "传统体育、游艺与杂技": "VI",
    "杂技与竞技": "VI",
    "传统美术": "VII",
    "民间美术": "VII",
    "传统技艺": "VIII",
    "传统手工技艺": "VIII",
    "传统医药": "IX",
    "民俗": "X",
}
CHINESE_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九十")}
_ROMAN_CODE = re.compile(r"^(X|IX|VIII|VII|VI|V|IV|III|II|I)-([0-9]{1,4})$", re.ASCII)


def normalise_code(text: str) -> str:
    """Ⅷ-25 from "Ⅷ—25", "VIII-25", "Ⅷ－025" and the like."""
    ascii_form = unicodedata.normalize("NFKC", text).upper().replace(" ", "")
    ascii_form = re.sub(r"[‐‑‒–—―－-]+", "-", ascii_form)
    match = _ROMAN_CODE.match(ascii_form)
    if not match:
        raise ValueError
    return f"{NUMERALS[match.group(1)]}-{int(match.group(2))}"


def parse_number(text: str) -> int:
    text = unicodedata.normalize("NFKC", text).strip().removeprefix("第")
    text = text.removesuffix("批")
    if re.fullmatch(r"[0-9]{1,6}", text, re.ASCII):
        return int(text)
    if text and all(c in CHINESE_DIGITS for c in text):
        if text == "十":
            return 10
        if text.startswith("十"):
            return 10 + CHINESE_DIGITS[text[1]]
        if len(text) == 1:
            return CHINESE_DIGITS[text]
        if len(text) == 2 and text.endswith("十"):
            return CHINESE_DIGITS[text[0]] * 10
    raise ValueError


def parse_choice(text: str, words: dict[str, set[str]]) -> str:
    key = unicodedata.normalize("NFKC", text).strip().lower()
    for value, accepted in words.items():
        if key in accepted:
            return value
    raise ValueError


def parse_category(text: str, code: str) -> str:
    from_code = next(
        cat for cat, numeral in NUMERALS.items() if code.startswith(numeral)
    )
    if not text:
        return from_code
    key = unicodedata.normalize("NFKC", text).strip()
    category = CATEGORY_NAMES.get(key) or (
        key.upper() if key.upper() in NUMERALS else ""
    )
    if not category:
        raise ValueError(
            _("%(value)s is not one of the 10 categories.") % {"value": text}
        )
    if category != from_code:
        raise ValueError(
            _("The category %(category)s does not match the code %(code)s.")
            % {"category": IchCategory(category).label, "code": code}
        )
    return category
