"""Questions about the report text: paragraphs, where facts fall, which numerals
are captured. Pure functions over the report and the validated tables."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from heapq import merge
from itertools import islice

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
    """Facts whose excerpt starts within [start, end), in report order (then in
    the tables' order)."""
    inside = facts[(facts[F.start] >= start) & (facts[F.start] < end)]
    return inside.sort_values(F.start, kind="stable")


def spans_of(facts: pd.DataFrame) -> list[tuple[int, int, str]]:
    """(start, end, fact id) of each fact's excerpt, read from plain lists (a row
    at a time is slow on large tables)."""
    starts = facts[F.start].tolist()
    ends = [a + len(e) for a, e in zip(starts, facts[F.excerpt].tolist())]
    return list(zip(starts, ends, facts[F.id].tolist()))


def facts_overlapping(facts: pd.DataFrame, start: int, end: int) -> pd.DataFrame:
    """Facts whose excerpt shares at least one character with [start, end)."""
    ends = facts[F.start] + facts[F.excerpt].str.len()
    return facts[(facts[F.start] < end) & (ends > start)]


@dataclass(frozen=True)
class Segment:
    """A run of report text and the facts whose excerpts cover all of it: the
    first ``len(fact_ids)`` of them, shortest excerpt first, out of ``covering``."""

    start: int
    end: int
    text: str
    fact_ids: tuple[str, ...]
    covering: int = 0


class SpanIndex:
    """Every fact's excerpt span, sorted by start: the spans overlapping a stretch
    of the report found by bisection, not by filtering the table again for each
    paragraph (a long report has thousands)."""

    def __init__(self, facts: pd.DataFrame) -> None:
        self.spans = sorted(spans_of(facts))
        self.starts = [a for a, _, _ in self.spans]
        self.longest = max((b - a for a, b, _ in self.spans), default=0)

    def overlapping(self, start: int, end: int) -> list[tuple[int, int, str]]:
        """The spans that share at least one character with [start, end)."""
        first = bisect_left(self.starts, start - self.longest)
        last = bisect_left(self.starts, end)
        return [span for span in self.spans[first:last] if span[1] > start]


def segments(
    text: str,
    offset: int,
    facts: pd.DataFrame | SpanIndex,
    limit: int | None = None,
) -> list[Segment]:
    """Cut ``text`` (found at ``offset`` in the report) wherever an excerpt starts or
    ends; each piece lists the facts covering it, shortest excerpt first (at most
    ``limit`` of them, with how many there are). ``facts``: the table, or its
    SpanIndex when many stretches of one report are cut."""
    end = offset + len(text)
    spans = (
        facts.overlapping(offset, end)
        if isinstance(facts, SpanIndex)
        else spans_of(facts_overlapping(facts, offset, end))
    )
    # Facts that share an excerpt's place are one span: large tables repeat them.
    by_span: dict[tuple[int, int], list[str]] = {}
    for a, b, fact_id in spans:
        by_span.setdefault((a, b), []).append(fact_id)
    by_span = {span: sorted(ids) for span, ids in by_span.items()}
    cuts = {offset, end}
    for a, b in by_span:
        cuts |= {min(max(a, offset), end), min(max(b, offset), end)}
    ordered = sorted(cuts)
    pieces = []
    for a, b in zip(ordered, ordered[1:]):
        lengths: dict[int, list[list[str]]] = {}
        for (sa, sb), ids in by_span.items():
            if sa <= a and b <= sb:
                lengths.setdefault(sb - sa, []).append(ids)
        total = sum(len(ids) for group in lengths.values() for ids in group)
        # Shortest excerpt first, then by id, as far as ``limit`` asks.
        chosen = islice(
            (fid for length in sorted(lengths) for fid in merge(*lengths[length])),
            limit,
        )
        text_of = text[a - offset : b - offset]
        pieces.append(Segment(a, b, text_of, tuple(chosen), total))
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
    # A numeral [s, e) is captured when some excerpt starting at or before s ends
    # at or after e: the furthest end among the excerpts starting by s decides.
    furthest: dict[int, int] = {}
    for a, b, _ in spans_of(facts):
        furthest[a] = max(b, furthest.get(a, b))
    starts = sorted(furthest)
    reach, best = [], -1
    for a in starts:
        best = max(best, furthest[a])
        reach.append(best)
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
        at = bisect_right(starts, match.start())
        captured = at > 0 and reach[at - 1] >= match.end()
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
