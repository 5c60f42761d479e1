"""Rules across tables: every excerpt is the report's own words at its offset,
every stated value appears in its excerpt, every derived value follows from its
formula, every fact sits in the section it names."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from data.numerals import states_value
from data.schemas import FactSchema as F
from data.schemas import ItemSchema as I
from data.schemas import OutlineSchema as O
from data.vocabulary import VOCABULARY

COUNT = re.compile(r"^count\((?P<list>[a-z][a-z0-9_]*)\)$")
RATIO = re.compile(r"^(?P<num>[a-z][a-z0-9_]*) / (?P<den>[a-z][a-z0-9_]*)$")
TOLERANCE = 5e-4


@dataclass(frozen=True)
class Problem:
    """One broken rule, located as precisely as the rule allows."""

    file: str
    line: int | None
    column: str | None
    rule: str
    row_id: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.row_id:
            where += f" (id={self.row_id})"
        if self.column:
            where += f", column '{self.column}'"
        return f"{where}: {self.rule}"


def _line(index: int) -> int:
    """The physical line of a row: the loader indexes each table by it."""
    return int(index)


def _rows(table: pd.DataFrame):
    """(index, row as a dict) for each row, from plain lists: iterrows builds a
    Series per row, which takes minutes on a table of a hundred thousand rows."""
    columns = list(table.columns)
    values = zip(*(table[column].tolist() for column in columns))
    return zip(table.index, (dict(zip(columns, row)) for row in values))


def _some(values: list, shown: int = 8) -> str:
    """A list as a message quotes it: the first few, then how many more."""
    head = ", ".join(str(value) for value in values[:shown])
    more = len(values) - shown
    return f"[{head}, … and {more:,} more]" if more > 0 else f"[{head}]"


def _excerpt_problems(
    name: str, table: pd.DataFrame, report: str, id_column: str | None
) -> list[Problem]:
    problems = []
    for index, row in _rows(table):
        start, excerpt = int(row["start"]), row["excerpt"]
        actual = report[start : start + len(excerpt)]
        if actual != excerpt:
            where = report.find(excerpt)
            hint = (
                f"; the excerpt first occurs at {where}"
                if where >= 0
                else "; the excerpt does not occur in the report at all"
            )
            problems.append(
                Problem(
                    name,
                    _line(index),
                    "excerpt",
                    f"excerpt is not the report's text at start={start} "
                    f"(the report has {actual!r} there){hint}",
                    row[id_column] if id_column else None,
                )
            )
    return problems


# The report's hedges: a qualifier other than "exact" needs one of its words in
# the excerpt, and a hedge next to a number needs its qualifier.
HEDGE_WORDS = {
    "about": ("近", "约", "左右", "来"),
    "more_than": ("多", "余", "超过", "逾"),
    "at_least": ("以上", "等", "不少于"),
    "at_most": ("以内", "不超过"),
}
NUMERAL = "[0-9０-９一二三四五六七八九十两百千万]"
HEDGED_NUMBER = {
    # 二十来个 / 10来个: 来 after a round number is "about"
    "about": re.compile(f"(?:近|约){NUMERAL}|[0-9０-９]左右|(?:[十百千]|0)来"),
    "more_than": re.compile(
        f"{NUMERAL}余|[十百千万]多|(?<!不)超过{NUMERAL}|逾{NUMERAL}"
    ),
    "at_least": re.compile(f"[0-9０-９%％]以上|不少于{NUMERAL}"),
    "at_most": re.compile(f"[0-9０-９%％]以内|不超过{NUMERAL}"),
}


def hedge_word(excerpt: str, qualifier: str) -> str:
    """The report's own word for ``qualifier`` in ``excerpt`` (约 for 约90%, 左右
    for 7%左右, 逾 for 逾千人); "" for an exact number."""
    words = sorted(HEDGE_WORDS.get(qualifier, ()), key=len, reverse=True)
    return next((word for word in words if word in excerpt), "")


def qualifier_problem(excerpt: str, qualifier: str) -> str | None:
    """Why ``qualifier`` misreads the hedge of ``excerpt`` (近10 is about 10,
    97%以上 at least 97%, 3万多 more than 30,000), or None."""
    words = HEDGE_WORDS.get(qualifier)
    if words and not any(word in excerpt for word in words):
        return (
            f"qualifier {qualifier} needs the report's hedge in the excerpt "
            f"({' / '.join(words)}); {excerpt!r} has none"
        )
    for hedge, pattern in HEDGED_NUMBER.items():
        if hedge != qualifier and (found := pattern.search(excerpt)):
            if qualifier == "at_least" and hedge == "more_than":
                continue  # "…等多种形式": an open list, not 多 after a number
            return (
                f"the excerpt hedges its number ({found.group()!r}): the "
                f"qualifier must be {hedge}, not {qualifier}"
            )
    return None


def _fact_problems(facts: pd.DataFrame, items: pd.DataFrame) -> list[Problem]:
    problems = []
    values = dict(zip(facts[F.id], facts[F.value]))
    counts = items.groupby(I.list_id).size().to_dict()
    for index, row in _rows(facts):
        line, fid, formula = _line(index), row[F.id], row[F.formula].strip()

        def problem(column: str, rule: str, line=line, fid=fid) -> None:
            problems.append(Problem("facts.csv", line, column, rule, fid))

        if hedge := qualifier_problem(row[F.excerpt], row[F.qualifier]):
            problem(F.qualifier, hedge)
        if row[F.kind] == "stated":
            if formula:
                problem(F.formula, "a stated fact has no formula (leave it empty)")
            # 33.5万亿元 states 33.5 in trillions of yuan: the value in its unit,
            # or that value times the unit's scale, is what the excerpt says.
            scale = float(VOCABULARY.units.get(row[F.unit], {}).get("scale", 1))
            if not (
                states_value(row[F.excerpt], row[F.value])
                or states_value(row[F.excerpt], row[F.value] * scale)
            ):
                problem(
                    F.value,
                    f"the excerpt {row[F.excerpt]!r} does not state "
                    f"the value {row[F.value]:g}",
                )
            continue
        if count := COUNT.match(formula):
            list_id = count["list"]
            if list_id not in counts:
                problem(
                    F.formula,
                    f"count({list_id}) names a list with no rows in items.csv",
                )
            elif counts[list_id] != row[F.value]:
                problem(
                    F.value,
                    f"items.csv lists {counts[list_id]} members of "
                    f"{list_id}, but value is {row[F.value]:g}",
                )
        elif ratio := RATIO.match(formula):
            missing = [ref for ref in (ratio["num"], ratio["den"]) if ref not in values]
            if missing:
                problem(F.formula, f"names unknown fact id(s): {', '.join(missing)}")
            elif values[ratio["den"]] == 0:
                problem(F.formula, "divides by a fact whose value is 0")
            else:
                expected = values[ratio["num"]] / values[ratio["den"]]
                if abs(expected - row[F.value]) > TOLERANCE:
                    problem(
                        F.value,
                        f"{formula} = {expected:g}, but value is {row[F.value]:g}",
                    )
        else:
            problem(
                F.formula,
                "a derived fact needs a formula: 'count(list_id)' or "
                f"'fact_id / fact_id'; found {formula!r}",
            )
    return problems


def _item_problems(facts: pd.DataFrame, items: pd.DataFrame) -> list[Problem]:
    problems = []
    orphans = items[~items[I.list_id].isin(set(facts[F.id]))]
    for index, list_id in zip(orphans.index, orphans[I.list_id]):
        problems.append(
            Problem(
                "items.csv",
                _line(index),
                I.list_id,
                f"list {list_id!r} has no counting fact in facts.csv",
            )
        )
    # Positions run 1..n exactly when the smallest is 1, the largest is n and
    # none repeats; only the lists that break this are looked at row by row.
    lines = pd.Series(items.index, index=items.index)
    summary = (
        items[I.position]
        .groupby(items[I.list_id])
        .agg(["min", "max", "nunique", "size"])
    )
    summary["line"] = lines.groupby(items[I.list_id]).min()
    broken = summary[
        (summary["min"] != 1)
        | (summary["max"] != summary["size"])
        | (summary["nunique"] != summary["size"])
    ]
    for list_id, row in zip(broken.index, broken.to_dict("records")):
        positions = sorted(items.loc[items[I.list_id] == list_id, I.position])
        problems.append(
            Problem(
                "items.csv",
                _line(row["line"]),
                I.position,
                f"positions of list {list_id!r} must run 1..n "
                f"without gaps; found {_some(positions)}",
            )
        )
    return problems


def _outline_problems(report: str, outline: pd.DataFrame) -> list[Problem]:
    problems = []
    sections = set(outline[O.section])
    levels = dict(zip(outline[O.section], outline[O.level]))
    spans = {
        row[O.section]: (int(row[O.start]), int(row[O.end]))
        for row in outline.to_dict("records")
    }

    def problem(line: int, column: str, rule: str) -> None:
        problems.append(Problem("outline.csv", line, column, rule))

    for index, row in _rows(outline):
        line, start, end = _line(index), int(row[O.start]), int(row[O.end])
        section, parent = row[O.section], row[O.parent]
        if end <= start or end > len(report):
            problem(
                line,
                O.end,
                f"end must be after start and within the report "
                f"({len(report)} characters)",
            )
        if parent == section:
            problem(line, O.parent, f"section {section!r} cannot be its own parent")
        elif parent and parent not in sections:
            problem(line, O.parent, f"parent {parent!r} is not a section")
        elif row[O.level] == 1 and parent:
            problem(line, O.parent, "a section of level 1 has no parent")
        elif row[O.level] == 2 and not parent:
            problem(line, O.parent, "a section of level 2 needs a parent of level 1")
        elif row[O.level] == 2 and levels[parent] != 1:
            problem(line, O.parent, f"parent {parent!r} is not of level 1")
        elif parent:
            outer_start, outer_end = spans[parent]
            if not (outer_start <= start and end <= outer_end):
                problem(
                    line,
                    O.parent,
                    f"the section ({start}–{end}) must lie inside its parent "
                    f"{parent!r} ({outer_start}–{outer_end})",
                )
        if row[O.number]:
            heading = row[O.number] + row[O.title_zh]
            if report[start : start + len(heading)] != heading:
                problem(
                    line,
                    O.title_zh,
                    f"the report at start={start} does not begin with the heading "
                    f"{heading!r}",
                )
    # Sections of one level never overlap: each offset has one section per level,
    # so a fact's section is never a matter of which row comes first.
    for _level, group in outline.groupby(O.level):
        ordered = group.sort_values([O.start, O.end], kind="stable")
        previous = None
        for index, row in _rows(ordered):
            start, end = int(row[O.start]), int(row[O.end])
            if previous is not None and start < previous[2]:
                before = previous[0]
                problem(
                    _line(previous[1]),
                    O.end,
                    f"section {before!r} ({previous[3]}–{previous[2]}) overlaps "
                    f"section {row[O.section]!r} ({start}–{end}); sections of one "
                    "level must not overlap",
                )
            if previous is None or end >= previous[2]:
                previous = (row[O.section], index, end, start)
    return problems


def section_at(outline: pd.DataFrame, offset: int) -> str | None:
    """The deepest section of the outline that contains character ``offset``."""
    return sections_at(outline, [offset])[0]


SECTIONS_AT_ONCE = 8192  # offsets compared with every section in one array


def sections_at(outline: pd.DataFrame, offsets) -> list[str | None]:
    """``section_at`` for many offsets at once (the deepest, then the last
    starting, section holding each), compared as arrays, not row by row."""
    ordered = outline.sort_values([O.level, O.start], kind="stable")
    starts = ordered[O.start].to_numpy(dtype="int64")
    ends = ordered[O.end].to_numpy(dtype="int64")
    names = ordered[O.section].tolist()
    wanted = np.asarray(list(offsets), dtype="int64")
    if not names:
        return [None] * len(wanted)
    found: list[str | None] = []
    for first in range(0, len(wanted), SECTIONS_AT_ONCE):
        chunk = wanted[first : first + SECTIONS_AT_ONCE, None]
        inside = (starts <= chunk) & (chunk < ends)
        last = inside.shape[1] - 1 - np.argmax(inside[:, ::-1], axis=1)
        found += [
            names[n] if any_ else None
            for n, any_ in zip(last.tolist(), inside.any(axis=1).tolist())
        ]
    return found


def _section_problems(facts: pd.DataFrame, outline: pd.DataFrame) -> list[Problem]:
    problems = []
    offsets = sorted(set(facts[F.start].astype("int64").tolist()))
    sections = dict(zip(offsets, sections_at(outline, offsets)))
    for index, row in _rows(facts):
        actual = sections[int(row[F.start])]
        if actual != row[F.section]:
            problems.append(
                Problem(
                    "facts.csv",
                    _line(index),
                    F.section,
                    f"the excerpt sits in section {actual!r}, not {row[F.section]!r}",
                    row[F.id],
                )
            )
    return problems


def check_provenance(
    report: str, facts: pd.DataFrame, items: pd.DataFrame, outline: pd.DataFrame
) -> list[Problem]:
    """Every cross-table and report-text rule; an empty list means all hold."""
    return (
        _outline_problems(report, outline)
        + _excerpt_problems("facts.csv", facts, report, F.id)
        + _excerpt_problems("items.csv", items, report, None)
        + _fact_problems(facts, items)
        + _item_problems(facts, items)
        + _section_problems(facts, outline)
    )
