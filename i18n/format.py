"""Numbers as a reader of each language expects them, qualifier included.

Chinese: 3万多字, 近10家, ≥97%. English: 30,000+ characters, about 10, ≥97%.
Number formatting is Babel's (CLDR data), not hand-written rules.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from babel.dates import format_date as babel_format_date
from babel.numbers import format_compact_decimal, format_decimal

from data.provenance import hedge_word
from data.vocabulary import VOCABULARY
from i18n import BABEL_LOCALE, t

CHINESE_DIGITS = "〇一二三四五六七八九"
COMPACT_FROM = 10_000  # 3万 reads better than 30,000 in Chinese


HALF = 0.5
# Units whose number a sentence writes with its unit in every language (a sentence
# of the English catalog names the other units itself: "{opinions} opinions").
UNIT_IN_SENTENCE = {"percent", "years", "calendar_month"}

# Units that English writes before the number: the ninth month is "month 9".
NAMED_BEFORE_NUMBER = {"calendar_month"}


STATED_DIGITS_MAX = 6  # decimals a stated number may show (3.35, 0.125)


def stated_digits(value: float, kind: str = "stated") -> int:
    """How many decimals to show: a stated number as many as it has (3.35万亿元
    is never shown as 3.4), a derived one (an average) one."""
    if kind != "stated":
        return 1
    text = f"{float(value):.{STATED_DIGITS_MAX}f}".rstrip("0")
    return len(text.partition(".")[2])


def format_number(value: float, lang: str, digits: int = 1) -> str:
    """A bare number: 236, 13.4, 0.5, 3万 (zh) / 30,000 (en); at most ``digits``
    decimals."""
    locale = BABEL_LOCALE[lang]
    if lang == "zh" and value >= COMPACT_FROM and float(value).is_integer():
        return format_compact_decimal(value, locale=locale, fraction_digits=1)
    return format_decimal(
        value, locale=locale, format="#,##0." + "#" * max(digits, 1)
    )


def format_value(value: float, qualifier: str, lang: str, digits: int = 1) -> str:
    """The number with its qualifier (近, ≥, 多) — without the unit."""
    return t(
        f"qualifier.{qualifier}", lang, value=format_number(value, lang, digits)
    )


def unit_label(unit: str, lang: str) -> str:
    """The unit as written after a number: 人次, 份, % / person-times, copies, %."""
    return VOCABULARY.unit_name(unit, lang)


# English counts large numbers in thousands of thousands, Chinese in 万 (10⁴) and
# 亿 (10⁸): a scaled unit (亿元) is written in English in its base unit with the
# English word for the scale (123.4亿元 is 12.34 billion yuan), every stated digit
# kept.
ENGLISH_SCALES = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"))


def english_scale(value: float, unit: str) -> tuple[float, str, int]:
    """(number, words after it, decimals) of ``value`` ``unit`` (a scaled unit)
    as English writes it: "12.34", "billion yuan", 2."""
    row = VOCABULARY.units[unit]
    total = Decimal(str(value)) * Decimal(str(row["scale"]))
    base = unit_label(str(row["base"]), "en")
    number, words = total, base
    for size, word in ENGLISH_SCALES:
        if total >= size:
            number, words = total / size, f"{word} {base}"
            break
    number = number.normalize()
    return float(number), words, max(0, -number.as_tuple().exponent)


def format_quantity(
    value: float,
    unit: str,
    qualifier: str,
    lang: str,
    measure: str = "",
    digits: int = 1,
) -> str:
    """Number, qualifier and unit: "≥97%", "3万多字", "about 10 organisations".
    In Chinese, ``measure`` (the report's own measure word: 条, 场, 份…) replaces
    the unit's generic word. Half a year and a calendar month are written as words
    (半年 / half a year, September), as the report and a reader write them."""
    if unit == "years" and value == HALF and qualifier == "exact":
        return t("unit.half_year", lang)
    if unit == "calendar_month" and lang != "zh" and float(value).is_integer():
        return babel_format_date(
            date(2000, int(value), 1), format="MMMM", locale=BABEL_LOCALE[lang]
        )
    # 左右 follows the whole quantity (7%左右, 3个左右), not the bare number.
    after = qualifier == "about_around" and lang == "zh"
    label = measure if (measure and lang == "zh") else unit_label(unit, lang)
    if lang != "zh" and VOCABULARY.units[unit]["scale"] > 1:
        value, label, digits = english_scale(value, unit)
    number = format_value(value, "exact" if after else qualifier, lang, digits)
    if after:
        return t("qualifier.about_around", lang, value=f"{number}{label}")
    if unit == "percent" or lang == "zh":
        return f"{number}{label}"
    if unit in NAMED_BEFORE_NUMBER:  # "month 9", not "9 month"
        return f"{label} {number}"
    return f"{number} {label}"


# "More than" as the report words it: 20余次, 超过300家, 逾千人 (多 by default).
MORE_THAN_WORDS = {"余": "more_than_yu", "超过": "more_than_over", "逾": "more_than_yi"}


def hedge(fact: Mapping) -> str:
    """The qualifier as the report words it: "about" is 近 (nearly) only where the
    report writes 近; 约 and 来 are "about_approx" (约), 左右 "about_around"; "more
    than" is 多 unless the report writes 余, 超过 or 逾."""
    qualifier = fact["qualifier"]
    excerpt = str(fact.get("excerpt", "") or "")
    if qualifier == "more_than":
        return MORE_THAN_WORDS.get(hedge_word(excerpt, qualifier), qualifier)
    if qualifier != "about":
        return qualifier
    if "近" in excerpt or not excerpt:
        return "about"
    return "about_around" if "左右" in excerpt else "about_approx"


def fact_quantity(fact: Mapping, lang: str) -> str:
    """A fact's number as the report counts it: value, qualifier, measure word."""
    return format_quantity(
        fact["value"],
        fact["unit"],
        hedge(fact),
        lang,
        fact.get("measure", "") or "",
        stated_digits(fact["value"], fact.get("kind", "stated")),
    )


def sentence_quantity(fact: Mapping, lang: str) -> str:
    """A fact's number inside a sentence of the catalog: with its measure word in
    Chinese (22条); in English the number alone, the sentence naming what it counts
    (22 specific measures), except percentages and times (≥97%, half a year)."""
    if lang == "zh" or fact["unit"] in UNIT_IN_SENTENCE:
        return fact_quantity(fact, lang)
    digits = stated_digits(fact["value"], fact.get("kind", "stated"))
    return format_value(fact["value"], hedge(fact), lang, digits)


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


def section_cited(section: str, lang: str) -> str:
    """A section as a citation names it: "一、2"; "section 1.2", "Introduction"."""
    name = section_name(section, lang)
    return name if section == "0" else t("section.cited", lang, name=name)


def section_heading(section: str, title: str, lang: str) -> str:
    """A section cited with its title: "一、2 坚持理论学习…", "1.2 Theoretical
    study…"; the unnumbered introduction by its title alone."""
    return title if section == "0" else f"{section_name(section, lang)} {title}"


def _one_quotation(text: str) -> bool:
    """Whether ``text`` is a single quotation: “…” whose first mark closes at the
    end (not “五个一天”活动, nor “二集中”、“五突出”)."""
    if not text.startswith("“"):
        return False
    depth = 0
    for index, char in enumerate(text):
        depth += {"“": 1, "”": -1}.get(char, 0)
        if depth == 0:
            return index == len(text) - 1
    return False


def quoted(excerpt: str) -> str:
    """The excerpt in quotation marks, unless it is one quotation already. Marks
    inside it become single ones, as Chinese nests quotations:
    “五个一天”活动 → “‘五个一天’活动”."""
    if _one_quotation(excerpt):
        return excerpt
    return "“" + excerpt.replace("“", "‘").replace("”", "’") + "”"


def format_percent(share: float, lang: str) -> str:
    """A share (0–1) as a percentage with one decimal: 51.7%."""
    return (
        format_decimal(share * 100, locale=BABEL_LOCALE[lang], format="#,##0.#") + "%"
    )


def format_date(day: date, lang: str) -> str:
    """A date as the language writes it: 2026年11月25日 / 25 November 2026."""
    return babel_format_date(day, format="long", locale=BABEL_LOCALE[lang])
