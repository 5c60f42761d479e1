"""Numbers as a reader of each language expects them, qualifier included.

Chinese: 3万余字, 约10家, ≥97%. English: 30,000+ characters, about 10, ≥97%.
Number formatting is Babel's (CLDR data), not hand-written rules.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from babel.dates import format_date as babel_format_date
from babel.numbers import format_compact_decimal, format_decimal

from i18n import BABEL_LOCALE, t

CHINESE_DIGITS = "〇一二三四五六七八九"
COMPACT_FROM = 10_000  # 3万 reads better than 30,000 in Chinese


# Units that English writes before the number: the ninth month is "month 9".
NAMED_BEFORE_NUMBER = {"calendar_month"}


def format_number(value: float, lang: str) -> str:
    """A bare number: 236, 13.4, 0.5, 3万 (zh) / 30,000 (en)."""
    locale = BABEL_LOCALE[lang]
    if lang == "zh" and value >= COMPACT_FROM and float(value).is_integer():
        return format_compact_decimal(value, locale=locale, fraction_digits=1)
    return format_decimal(value, locale=locale, format="#,##0.#")


def format_value(value: float, qualifier: str, lang: str) -> str:
    """The number with its qualifier (约, ≥, 余) — without the unit."""
    return t(f"qualifier.{qualifier}", lang, value=format_number(value, lang))


def unit_label(unit: str, lang: str) -> str:
    """The unit as written after a number: 人次, 份, % / person-times, copies, %."""
    return t(f"unit.{unit}", lang)


def format_quantity(
    value: float, unit: str, qualifier: str, lang: str, measure: str = ""
) -> str:
    """Number, qualifier and unit: "≥97%", "3万余字", "about 10 organisations".
    In Chinese, ``measure`` (the report's own measure word: 条, 场, 份…) replaces
    the unit's generic word."""
    number = format_value(value, qualifier, lang)
    label = measure if (measure and lang == "zh") else unit_label(unit, lang)
    if unit == "percent" or lang == "zh":
        return f"{number}{label}"
    if unit in NAMED_BEFORE_NUMBER:  # "month 9", not "9 month"
        return f"{label} {number}"
    return f"{number} {label}"


def fact_quantity(fact: Mapping, lang: str) -> str:
    """A fact's number as the report counts it: value, qualifier, measure word."""
    return format_quantity(
        fact["value"],
        fact["unit"],
        fact["qualifier"],
        lang,
        fact.get("measure", "") or "",
    )


def section_name(section: str, lang: str) -> str:
    """How a section is cited: 一、2 in Chinese (as the report numbers it), 1.2 in
    English; the unnumbered parts by name."""
    if section == "0":
        return t("section.intro", lang)
    top, _, sub = section.partition(".")
    if sub in ("lessons", "shortcomings"):
        sub = t(f"section.{sub}", lang)
        return (
            f"{CHINESE_DIGITS[int(top)]}、{sub}" if lang == "zh" else f"{top} ({sub})"
        )
    if lang != "zh":
        return section
    chinese = CHINESE_DIGITS[int(top)]
    return f"{chinese}、{sub}" if sub else chinese


def quoted(excerpt: str) -> str:
    """The excerpt in quotation marks, unless the report's words already carry them."""
    if excerpt.startswith("“") and excerpt.endswith("”"):
        return excerpt
    return f"“{excerpt}”"


def format_percent(share: float, lang: str) -> str:
    """A share (0–1) as a percentage with one decimal: 51.7%."""
    return (
        format_decimal(share * 100, locale=BABEL_LOCALE[lang], format="#,##0.#") + "%"
    )


def format_date(day: date, lang: str) -> str:
    """A date as the language writes it: 2026年11月25日 / 25 November 2026."""
    return babel_format_date(day, format="long", locale=BABEL_LOCALE[lang])
