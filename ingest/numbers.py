"""Find the numerals of a Chinese report, with their offsets and values: Arabic
digits (full-width too, 1,200 grouped), magnitudes after them (3万, 33.5万亿),
Chinese numerals (两, 一百零七, 两千六, through cn2an), 半, and 百分之….

This module only reads numbers; whether a numeral states a quantity, a date or a
name is decided by the modules that use it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import cn2an

WIDE_DIGITS = str.maketrans("０１２３４５６７８９．", "0123456789.")
ARABIC = (
    r"[0-9０-９]{1,3}(?:,[0-9０-９]{3})+(?![0-9０-９])(?:[.．][0-9０-９]+)?"
    r"|[0-9０-９]+(?:[.．][0-9０-９]+)?"
)
CHINESE_DIGITS = "零〇一二两三四五六七八九"
CHINESE = (  # 五十五点五 and 三点五万亿: a decimal part written in words
    f"[{CHINESE_DIGITS}十百千万亿]+(?:点[{CHINESE_DIGITS}]+(?:万亿|万|亿)?)?"
)
MAGNITUDES = {"万": 1e4, "亿": 1e8, "万亿": 1e12}
# A magnitude alone is a number only after a hedge (逾千人, 近万人); elsewhere it
# is an idiom (千家万户, 百姓).
ROUND = {"百": 100, "千": 1000, "万": 10_000}
ROUND_HEDGES = ("逾", "近", "约", "超过")
TOKEN = re.compile(
    rf"(?P<percent>百分之)(?P<pnum>{ARABIC}|{CHINESE})"
    rf"|(?P<arabic>{ARABIC})(?P<mag>万亿|[万亿])?"
    rf"|(?P<chinese>{CHINESE})"
    r"|(?P<half>半)"
)


@dataclass(frozen=True)
class Numeral:
    """A numeral at ``start:end`` of the text. ``value`` counts whole units
    (3万 is 30000); ``base`` is the number before its magnitude (3 of 3万)."""

    start: int
    end: int
    text: str
    value: float
    base: float
    magnitude: str  # "", 万, 亿 or 万亿
    arabic: bool
    percent: bool = False  # written 百分之…


def arabic_value(text: str) -> float:
    """3 / ３ / 1,200 / 33.5 / ３３．５ as a float."""
    return float(text.translate(WIDE_DIGITS).replace(",", ""))


def chinese_value(text: str) -> float | None:
    """A run of Chinese numerals as a count, or None when it is not one: digits
    written one by one (七八个 is seven or eight, 二〇〇九 a year), a magnitude
    alone (千家万户, 百姓), or what cn2an cannot read (十一五)."""
    if "点" in text:
        return _decimal_value(text)
    units = [ch for ch in text if ch in "十百千万亿"]
    if len(text) > 1 and not units:
        return None
    if units and len(units) == len(text) and text != "十":
        return None
    try:
        return float(cn2an.cn2an(text, "normal"))
    except (ValueError, KeyError, IndexError, TypeError):
        return None


def _decimal_value(text: str) -> float | None:
    """五十五点五 → 55.5, 三点五万亿 → 3.5 × 10¹² (cn2an reads the number, the
    magnitude after its decimals is multiplied out here)."""
    head, magnitude = _split_magnitude(text)
    whole = head.partition("点")[0]
    if whole not in ("零", "〇") and chinese_value(whole) is None:
        return None  # 七八点五 is no number
    try:
        value = float(cn2an.cn2an(head, "normal"))
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    return value * MAGNITUDES.get(magnitude, 1)


def _split_magnitude(text: str) -> tuple[str, str]:
    """'三万' → ('三', '万'): a Chinese run's trailing magnitude, when it has
    a number before it."""
    for magnitude in ("万亿", "亿", "万"):
        head = text[: -len(magnitude)]
        if text.endswith(magnitude) and head and head[-1] in CHINESE_DIGITS + "十百千":
            return head, magnitude
    return text, ""


def numerals(text: str) -> list[Numeral]:
    """Every numeral of ``text`` that reads as a number, in order."""
    found: list[Numeral] = []
    for match in TOKEN.finditer(text):
        start, end = match.span()
        if match["percent"]:
            number = match["pnum"]
            arabic = re.fullmatch(ARABIC, number) is not None
            if arabic:
                value = arabic_value(number)
            elif (value := chinese_value(number)) is None:
                continue
            found.append(
                Numeral(start, end, match[0], value, value, "", arabic, percent=True)
            )
        elif match["arabic"]:
            base = arabic_value(match["arabic"])
            magnitude = match["mag"] or ""
            value = base * MAGNITUDES.get(magnitude, 1)
            found.append(Numeral(start, end, match[0], value, base, magnitude, True))
        elif match["chinese"]:
            value = chinese_value(match["chinese"])
            if (
                value is None
                and match["chinese"] in ROUND
                and text[max(0, start - 2) : start].endswith(ROUND_HEDGES)
            ):
                value = float(ROUND[match["chinese"]])  # 逾千人, 近万人
            if value is None:
                continue
            head, magnitude = _split_magnitude(match["chinese"])
            base = value / MAGNITUDES[magnitude] if magnitude else value
            found.append(Numeral(start, end, match[0], value, base, magnitude, False))
        else:
            found.append(Numeral(start, end, "半", 0.5, 0.5, "", False))
    return found
