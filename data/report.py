"""Questions about the report text: paragraphs, where facts fall, which numerals
are captured. Pure functions over the report and the validated tables."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from data.numerals import NUMBER_TOKEN
from data.schemas import FactSchema as F

# A Chinese numeral counts as a quantity in the coverage figure when a measure word
# or a counted noun follows it (两次, 四路, 三大, 五个); ordinals such as 一是, 第一
# or 七届四次 are counted too and show up as not captured, which is the truth.
MEASURE_WORDS = "个次场家份条项路大型周年届万多倍人字"


@dataclass(frozen=True)
class Paragraph:
    start: int
    end: int
    text: str


def paragraphs(report: str) -> list[Paragraph]:
    """The report's non-empty lines, with their offsets."""
    found, offset = [], 0
    for line in report.split("\n"):
        if line.strip():
            found.append(Paragraph(offset, offset + len(line), line))
        offset += len(line) + 1
    return found


def paragraph_at(report: str, offset: int) -> Paragraph:
    """The paragraph that holds character ``offset``."""
    for paragraph in paragraphs(report):
        if paragraph.start <= offset < paragraph.end:
            return paragraph
    raise ValueError(f"offset {offset} is not inside any paragraph")


def facts_between(facts: pd.DataFrame, start: int, end: int) -> pd.DataFrame:
    """Facts whose excerpt starts within [start, end), in report order."""
    inside = facts[(facts[F.start] >= start) & (facts[F.start] < end)]
    return inside.sort_values(F.start)


@dataclass(frozen=True)
class Segment:
    """A run of report text and the facts whose excerpts cover all of it."""

    start: int
    end: int
    text: str
    fact_ids: tuple[str, ...]


def segments(text: str, offset: int, facts: pd.DataFrame) -> list[Segment]:
    """Cut ``text`` (found at ``offset`` in the report) wherever an excerpt starts or
    ends; each piece lists the facts covering it, shortest excerpt first."""
    spans = [
        (row[F.start], row[F.start] + len(row[F.excerpt]), row[F.id])
        for row in facts.to_dict("records")
    ]
    end = offset + len(text)
    cuts = {offset, end}
    for a, b, _ in spans:
        cuts |= {min(max(a, offset), end), min(max(b, offset), end)}
    ordered = sorted(cuts)
    pieces = []
    for a, b in zip(ordered, ordered[1:]):
        covering = sorted(
            (sb - sa, fid) for sa, sb, fid in spans if sa <= a and b <= sb
        )
        pieces.append(
            Segment(
                a, b, text[a - offset : b - offset], tuple(fid for _, fid in covering)
            )
        )
    return pieces


@dataclass(frozen=True)
class Numeral:
    start: int
    text: str
    arabic: bool
    captured: bool


def numerals(report: str, facts: pd.DataFrame) -> list[Numeral]:
    """Every Arabic numeral, and every Chinese numeral followed by a measure word,
    with whether it lies inside some fact's excerpt."""
    spans = [
        (row[F.start], row[F.start] + len(row[F.excerpt]))
        for row in facts.to_dict("records")
    ]
    found = []
    for match in NUMBER_TOKEN.finditer(report):
        arabic = match.group(1) is not None
        after = report[match.end() : match.end() + 1]
        if not arabic and not (match.group(3) and after and after in MEASURE_WORDS):
            continue
        if (
            arabic
            and after == "、"
            and (match.start() == 0 or report[match.start() - 1] == "\n")
        ):
            continue  # "1、" heading numbers
        captured = any(a <= match.start() and match.end() <= b for a, b in spans)
        found.append(Numeral(match.start(), match.group(0), arabic, captured))
    return found


# Why a numeral of the report is not cited by any fact, in the order tried.
LEFT_OUT_REASONS = ("quoted_name", "session", "date", "phrase", "other")
_SESSION_AFTER = ("届", "大", "次全会", "次会议", "次全体会议", "中全会")


def _inside_quotes(report: str, offset: int) -> bool:
    """Whether ``offset`` sits between “ and ” on its line: a name in quotes."""
    line_start = report.rfind("\n", 0, offset) + 1
    before = report[line_start:offset]
    return before.count("“") > before.count("”")


def left_out_reason(report: str, numeral: Numeral) -> str:
    """Why ``numeral`` is no fact: part of a quoted name (“算一次帐”), a session's
    or congress's name (七届四次全会, 十七大), a date or anniversary, a phrase
    with 一 (一条一条, 一个新水平), or other."""
    after = report[numeral.start + len(numeral.text) :]
    before = report[max(0, numeral.start - 1) : numeral.start]
    if _inside_quotes(report, numeral.start):
        return "quoted_name"
    if after.startswith(_SESSION_AFTER) or before == "届":
        return "session"
    if after.startswith(("周年", "年", "月", "日")):
        return "date"
    if numeral.text == "一":
        return "phrase"
    return "other"
