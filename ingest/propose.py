"""Propose a report's tables from its text: the outline, the stated quantities,
the enumerations (each also a fact counting its members), and the dates.

The tables have the columns of the curated ones (data.schemas) and pass the same
rules (data.provenance); every fact is ``status`` "proposed" until an editor has
reviewed it.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_right
from dataclasses import dataclass

import pandas as pd

from data.schemas import MEASURE, STATUS, FactSchema, ItemSchema, OutlineSchema
from data.vocabulary import VOCABULARY
from ingest.dates import find_dates
from ingest.lists import find_lists
from ingest.outline import build_outline
from ingest.quantities import find_quantities

FACT_COLUMNS = [
    FactSchema.id,
    FactSchema.section,
    FactSchema.theme,
    FactSchema.label_zh,
    FactSchema.label_en,
    FactSchema.value,
    FactSchema.unit,
    FactSchema.qualifier,
    FactSchema.kind,
    FactSchema.formula,
    FactSchema.excerpt,
    FactSchema.start,
    STATUS,
    MEASURE,
]
ITEM_COLUMNS = [
    ItemSchema.list_id,
    ItemSchema.position,
    ItemSchema.label_zh,
    ItemSchema.label_en,
    ItemSchema.excerpt,
    ItemSchema.start,
]
OUTLINE_COLUMNS = [
    OutlineSchema.section,
    OutlineSchema.level,
    OutlineSchema.parent,
    OutlineSchema.number,
    OutlineSchema.title_zh,
    OutlineSchema.title_en,
    OutlineSchema.start,
    OutlineSchema.end,
]
DATE_COLUMNS = ["text", "start", "year", "month"]
DEFAULT_THEME = "general"


@dataclass(frozen=True)
class Proposal:
    """The proposed tables of one report."""

    facts: pd.DataFrame
    items: pd.DataFrame
    outline: pd.DataFrame
    dates: pd.DataFrame


class _Sections:
    """The deepest section holding an offset, and each section's titles."""

    def __init__(self, outline) -> None:
        self.levels = {
            level: sorted(
                (s.start, s.end, s.section) for s in outline if s.level == level
            )
            for level in (1, 2)
        }
        self.starts = {
            level: [r[0] for r in rows] for level, rows in self.levels.items()
        }
        self.titles = {s.section: s.title_zh for s in outline}
        self.parents = {s.section: s.parent for s in outline}

    def at(self, offset: int) -> str:
        for level in (2, 1):
            index = bisect_right(self.starts[level], offset) - 1
            if index >= 0:
                start, end, section = self.levels[level][index]
                if start <= offset < end:
                    return section
        return "0"

    def heading_text(self, section: str) -> str:
        parent = self.parents.get(section, "")
        return self.titles.get(section, "") + self.titles.get(parent, "")


def theme_of(*texts: str) -> str:
    """The first theme whose Chinese name the texts write (调查研究, 征求意见…),
    else "general"."""
    for theme, row in VOCABULARY.themes.items():
        if theme != DEFAULT_THEME and any(row["name_zh"] in text for text in texts):
            return theme
    return DEFAULT_THEME


def propose(text: str) -> Proposal:
    """The proposed facts, list members, outline and dates of the report ``text``."""
    outline = build_outline(text)
    sections = _Sections(outline)
    dates = find_dates(text)
    enumerations = find_lists(text)
    quantities = find_quantities(text, [(d.start, d.end) for d in dates], enumerations)
    facts, items = [], []
    numbered: dict[str, int] = {}

    def next_id(prefix: str, *content: object) -> str:
        # Named by what the fact says (its words and value), not by its place:
        # a new version of the report with a number added before it keeps every
        # other fact's id, so a shared link (?fact=) still opens the same fact.
        digest = hashlib.sha256("\x1f".join(map(str, content)).encode())
        key = f"{prefix}_{digest.hexdigest()[:10]}"
        numbered[key] = numbered.get(key, 0) + 1
        return key if numbered[key] == 1 else f"{key}_{numbered[key]}"

    for quantity in quantities:
        section = sections.at(quantity.start)
        facts.append(
            {
                FactSchema.id: next_id(
                    "fact", quantity.excerpt, quantity.value, quantity.unit
                ),
                FactSchema.section: section,
                FactSchema.theme: theme_of(
                    sections.heading_text(section), quantity.excerpt
                ),
                FactSchema.label_zh: quantity.label,
                FactSchema.label_en: quantity.label,
                FactSchema.value: quantity.value,
                FactSchema.unit: quantity.unit,
                FactSchema.qualifier: quantity.qualifier,
                FactSchema.kind: "stated",
                FactSchema.formula: "",
                FactSchema.excerpt: quantity.excerpt,
                FactSchema.start: quantity.start,
                STATUS: "proposed",
                MEASURE: quantity.measure,
            }
        )
    for enumeration in enumerations:
        first = enumeration.members[0]
        section = sections.at(first.start)
        list_id = next_id(
            "list", *(member.excerpt for member in enumeration.members)
        )
        label = enumeration.lead or first.label
        facts.append(
            {
                FactSchema.id: list_id,
                FactSchema.section: section,
                FactSchema.theme: theme_of(sections.heading_text(section), label),
                FactSchema.label_zh: label,
                FactSchema.label_en: label,
                FactSchema.value: float(len(enumeration.members)),
                FactSchema.unit: "items",
                FactSchema.qualifier: "exact",
                FactSchema.kind: "derived",
                FactSchema.formula: f"count({list_id})",
                FactSchema.excerpt: first.excerpt,
                FactSchema.start: first.start,
                STATUS: "proposed",
                MEASURE: "",
            }
        )
        items += [
            {
                ItemSchema.list_id: list_id,
                ItemSchema.position: member.position,
                ItemSchema.label_zh: member.label,
                ItemSchema.label_en: member.label,
                ItemSchema.excerpt: member.excerpt,
                ItemSchema.start: member.start,
            }
            for member in enumeration.members
        ]
    facts_frame = pd.DataFrame(facts, columns=FACT_COLUMNS)
    facts_frame = facts_frame.sort_values(FactSchema.start, kind="stable").reset_index(
        drop=True
    )
    return Proposal(
        facts=facts_frame.astype(
            {FactSchema.value: "float64", FactSchema.start: "int64"}
        ),
        items=pd.DataFrame(items, columns=ITEM_COLUMNS).astype(
            {ItemSchema.position: "int64", ItemSchema.start: "int64"}
        ),
        outline=pd.DataFrame(
            [
                {column: getattr(section, column) for column in OUTLINE_COLUMNS}
                for section in outline
            ],
            columns=OUTLINE_COLUMNS,
        ).astype(
            {
                OutlineSchema.level: "int64",
                OutlineSchema.start: "int64",
                OutlineSchema.end: "int64",
            }
        ),
        dates=pd.DataFrame(
            [(d.text, d.start, d.year, d.month) for d in dates], columns=DATE_COLUMNS
        ).astype({"start": "int64", "year": "Int64", "month": "Int64"}),
    )
