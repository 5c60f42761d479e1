"""Read the numbers a Chinese sentence states, in Arabic or Chinese numerals.

Used to prove that a stated fact's value really appears in its excerpt:
"发放调查问卷236份" states 236, "兵分四路" states 4, "3万多字" states 30000,
"为期半年" states 0.5, "三十周年" states 30.
"""

from __future__ import annotations

import re

_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_LARGE_UNITS = {"万": 10_000, "亿": 100_000_000}

# Digits may be full-width (３３．５) and grouped by thousands (1,200).
_ARABIC = r"\d{1,3}(?:,\d{3})+(?:[.．]\d+)?|\d+(?:[.．]\d+)?"
_CHINESE = (  # 五十五点五 and 三点五万亿: a decimal part written in words
    "[零〇一二两三四五六七八九十百千万亿]+"
    "(?:点[零〇一二两三四五六七八九]+(?:万亿|万|亿)?)?"
)
NUMBER_TOKEN = re.compile(rf"({_ARABIC})(万亿|[万亿]?)|({_CHINESE})|(半)")
_MAGNITUDES = {"万": 10_000, "亿": 100_000_000, "万亿": 10**12}


ASCII_WHOLE_NUMBER = re.compile(r"[0-9]+")


def whole_number(text: str) -> int | None:
    """``text`` as a whole number when it is ASCII digits only, else None: the one
    rule for numbers typed into an address or a setting. ``str.isdigit`` would
    also accept ² or ５, which ``int`` then rejects or reads as another number."""
    return int(text) if ASCII_WHOLE_NUMBER.fullmatch(text) else None


def parse_chinese_integer(text: str) -> int:
    """Value of a run of Chinese numerals: "三十" → 30, "十七" → 17, "两" → 2."""
    if not text or any(
        ch not in _DIGITS and ch not in _SMALL_UNITS and ch not in _LARGE_UNITS
        for ch in text
    ):
        raise ValueError(f"not a Chinese numeral: {text!r}")
    # 亿 multiplies everything before it (两万亿 is 2 × 10¹²), 万 what follows
    # the last 亿 (两亿三千万 is 230,000,000).
    yi_total, wan_total, section, digit, last_unit = 0, 0, 0, None, 0
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _SMALL_UNITS:
            section += (1 if digit is None else digit) * _SMALL_UNITS[ch]
            digit, last_unit = None, _SMALL_UNITS[ch]
        elif ch == "万":
            wan_total = (wan_total + section + (digit or 0) or 1) * _LARGE_UNITS[ch]
            section, digit, last_unit = 0, None, _LARGE_UNITS[ch]
        else:
            before = yi_total + wan_total + section + (digit or 0)
            yi_total = (before or 1) * _LARGE_UNITS[ch]
            wan_total, section, digit, last_unit = 0, 0, None, _LARGE_UNITS[ch]
    if digit and len(text) > 1 and text[-2] in "百千万亿":
        # A last digit right after 百/千/万/亿 counts in the next unit down:
        # 两千六 is 2600, 一万二 is 12000 (a units digit is written after 零).
        digit *= last_unit // 10
    return yi_total + wan_total + section + (digit or 0)


def parse_chinese_number(text: str) -> float:
    """Value of Chinese numerals that may have a decimal part and a magnitude
    after it: "五十五点五" → 55.5, "三点五万亿" → 3.5 × 10¹², "两万亿" → 2 × 10¹²."""
    whole, point, rest = text.partition("点")
    if not point:
        return float(parse_chinese_integer(text))
    magnitude = re.search("(?:万亿|万|亿)$", rest)
    decimals = rest[: magnitude.start()] if magnitude else rest
    if not decimals or any(ch not in _DIGITS for ch in decimals):
        raise ValueError(f"not a Chinese numeral: {text!r}")
    value = float(
        f"{parse_chinese_integer(whole)}."
        + "".join(str(_DIGITS[ch]) for ch in decimals)
    )
    return value * (_MAGNITUDES[magnitude.group()] if magnitude else 1)


def numbers_in(text: str) -> list[float]:
    """Every number stated in ``text``, in order of appearance."""
    found: list[float] = []
    for match in NUMBER_TOKEN.finditer(text):
        arabic, multiplier, chinese, half = match.groups()
        if arabic is not None:
            digits = arabic.replace(",", "").replace("．", ".")
            found.append(float(digits) * (_MAGNITUDES[multiplier] if multiplier else 1))
        elif chinese is not None:
            found.append(parse_chinese_number(chinese))
        elif half is not None:
            found.append(0.5)
    return found


def states_value(text: str, value: float) -> bool:
    """True when ``text`` states ``value`` as a whole number, not a digit inside one."""
    tolerance = 1e-9 * max(1.0, abs(value))  # 33.5万亿 is 3.35e13, give or take
    return any(abs(number - value) <= tolerance for number in numbers_in(text))
