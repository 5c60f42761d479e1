"""Dates are context, not quantities: 2009年, 二〇〇九年, 去年9月下旬, 3月15日,
2018—2022年. Each is kept with its text and offset, its year and month when the
report writes them (a relative year such as 去年 leaves the year empty)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.numbers import arabic_value, chinese_value

_YEAR = r"[0-9０-９]{4}|[〇零一二三四五六七八九]{4}"
_MONTH = r"[0-9０-９]{1,2}|十[一二]?|[一二三四五六七八九]"
_DAY = r"[0-9０-９]{1,2}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九]"
DATE = re.compile(
    r"(?P<relative>去年|今年|明年|上年|前年|当年|同年|次年)?"
    rf"(?:(?P<year>{_YEAR})年(?!代))?"
    rf"(?:(?P<month>{_MONTH})月(?:份)?)?"
    rf"(?:(?P<day>{_DAY})[日号])?"
    r"(?P<part>上旬|中旬|下旬|初|底|末)?"
)
# A year that starts a range ends before the dash: 2018—2022年.
RANGE_START = re.compile(
    rf"(?P<year>[0-9０-９]{{4}})(?=\s*[—–\-~～至到]\s*(?:{_YEAR})年)"
    rf"|(?<![0-9０-９])(?P<month>[0-9０-９]{{1,2}})(?=[—–\-~～至到](?:{_MONTH})月)"
)
FIRST_YEAR, LAST_YEAR = 1900, 2100


@dataclass(frozen=True)
class Date:
    start: int
    end: int
    text: str
    year: int | None
    month: int | None


def _number(text: str | None) -> int | None:
    if not text:
        return None
    if text[0] in "〇零一二三四五六七八九" and len(text) == 4:  # 二〇〇九
        digits = "".join(
            str("〇一二三四五六七八九".index(c)) if c != "零" else "0" for c in text
        )
        return int(digits)
    if text[0].isdigit():
        return int(arabic_value(text))
    value = chinese_value(text)
    return None if value is None else int(value)


def find_dates(text: str) -> list[Date]:
    """Every date of ``text``, in order."""
    found: list[Date] = []
    for match in RANGE_START.finditer(text):
        year, month = _number(match["year"]), _number(match["month"])
        if (year and FIRST_YEAR <= year <= LAST_YEAR) or (month and month <= 12):
            found.append(Date(match.start(), match.end(), match[0], year, month))
    for match in DATE.finditer(text):
        if not (match["year"] or match["month"]):
            continue
        if (
            match.start("month" if match["month"] else "year") > 0
            and text[match.start("month" if match["month"] else "year") - 1] in "第个"
        ):
            continue  # 第3月 / 3个月 are not dates
        year, month = _number(match["year"]), _number(match["month"])
        if match["year"] and not (year and FIRST_YEAR <= year <= LAST_YEAR):
            continue  # 5000年 is a length of time
        if match["month"] and not (month and 1 <= month <= 12):
            continue
        found.append(
            Date(
                match.start(),
                match.end(),
                match[0],
                year if match["year"] else None,
                month,
            )
        )
    return sorted(found, key=lambda date: date.start)
