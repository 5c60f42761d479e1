"""pandera schemas for the tables; their attributes double as column names.

``FactSchema.value`` is the string ``"value"``, so code names columns through the
schema and a misspelt column fails at import, not in a browser.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from data.vocabulary import VOCABULARY

# Themes, units and unit kinds are vocabularies in data/*.csv (data/vocabulary.py),
# in the order they are shown.
THEMES = tuple(VOCABULARY.themes)
UNITS = tuple(VOCABULARY.units)
# A column of the facts: the report's measure word for the value (条, 场, 份…).
# The loader reads it from the excerpt (data/measure.py) when a table lacks it;
# "" when the report writes none.
MEASURE = "measure"
QUALIFIERS = ("exact", "about", "at_least", "more_than", "at_most")
# A fact proposed by the extractor until an editor has reviewed it; the bundled
# tables are curated, so a table without the column is reviewed.
STATUS = "status"
STATUSES = ("proposed", "reviewed")
# What a unit measures, for the "unit kind" filter (every unit has exactly one kind).
UNIT_KINDS: dict[str, str] = {
    unit: str(row["kind"]) for unit, row in VOCABULARY.units.items()
}
UNIT_KIND_ORDER = tuple(VOCABULARY.unit_kinds)
KINDS = ("stated", "derived")

SLUG = r"^[a-z][a-z0-9_]{0,63}$"
SECTION = r"^\d{1,3}(\.(\d{1,3}|[a-z]{1,24}))?$"
# Longest cell of each kind, in characters: an excerpt is a phrase of the report,
# a label names a fact in a tick or a card, a title names a section.
EXCERPT_MAX = 80
LABEL_MAX = 120
TITLE_MAX = 160
FORMULA_MAX = 140  # 'fact_id / fact_id' with two ids of 64 characters
NUMBER_MAX = 8  # 一、 1、
MEASURE_MAX = 8  # 人次, 个百分点
LABEL = {"min_value": 1, "max_value": LABEL_MAX}
TITLE = {"min_value": 1, "max_value": TITLE_MAX}
EXCERPT = {"min_value": 1, "max_value": EXCERPT_MAX}


class FactSchema(pa.DataFrameModel):
    """One row per quantitative statement of the report, or a number derived from it."""

    id: Series[str] = pa.Field(unique=True, str_matches=SLUG)
    section: Series[str] = pa.Field(str_matches=SECTION)
    theme: Series[str] = pa.Field(isin=THEMES)
    label_zh: Series[str] = pa.Field(str_length=LABEL)
    label_en: Series[str] = pa.Field(str_length=LABEL)
    value: Series[float] = pa.Field(ge=0)
    unit: Series[str] = pa.Field(isin=UNITS)
    qualifier: Series[str] = pa.Field(isin=QUALIFIERS)
    kind: Series[str] = pa.Field(isin=KINDS)
    formula: Series[str] = pa.Field(str_length={"max_value": FORMULA_MAX})
    excerpt: Series[str] = pa.Field(str_length=EXCERPT)
    start: Series[int] = pa.Field(ge=0)
    status: Series[str] | None = pa.Field(isin=STATUSES)
    measure: Series[str] | None = pa.Field(str_length={"max_value": MEASURE_MAX})

    @pa.check("value", name="finite")
    @classmethod
    def finite(cls, value: Series[float]) -> Series[bool]:
        """'inf' and '1e400' read as numbers; no count or rate is infinite."""
        return pd.Series(np.isfinite(value), index=value.index)

    class Config:
        strict = True
        coerce = True


class ItemSchema(pa.DataFrameModel):
    """One row per member of a list the report enumerates (the five "one-day" days…)."""

    list_id: Series[str] = pa.Field(str_matches=SLUG)
    position: Series[int] = pa.Field(ge=1)
    label_zh: Series[str] = pa.Field(str_length=LABEL)
    label_en: Series[str] = pa.Field(str_length=LABEL)
    excerpt: Series[str] = pa.Field(str_length=EXCERPT)
    start: Series[int] = pa.Field(ge=0)

    class Config:
        strict = True
        coerce = True
        unique = ["list_id", "position"]


class OutlineSchema(pa.DataFrameModel):
    """The report's outline: 一、/1、 headings, plus the two unnumbered closing
    paragraphs of 二 (empty ``number``; their title is a label, not the report's)."""

    section: Series[str] = pa.Field(unique=True, str_matches=SECTION)
    level: Series[int] = pa.Field(isin=[1, 2])
    parent: Series[str] = pa.Field(str_length={"max_value": 32})
    number: Series[str] = pa.Field(str_length={"max_value": NUMBER_MAX})
    title_zh: Series[str] = pa.Field(str_length=TITLE)
    title_en: Series[str] = pa.Field(str_length=TITLE)
    start: Series[int] = pa.Field(ge=0)
    end: Series[int] = pa.Field(ge=0)

    class Config:
        strict = True
        coerce = True


# How a report describes its own pages (pages.csv; none: a page per top-level
# section of its outline). A page's view says how it is drawn: the overview as a
# briefing (key points, the course, the story deck) or as a report's charts, a
# part of the report (the facts of its themes), the Source page, the deck.
VIEWS = ("briefing", "overview", "part", "source", "present")
# The overview is at "/", the Source page and the deck at their own paths (pages
# and exports link to them); a part anywhere else.
VIEW_PATHS = {
    "briefing": "/",
    "overview": "/",
    "source": "/source",
    "present": "/present",
}
RESERVED_PATHS = ("/library",)
PAGE_PATH = r"^/([a-z][a-z0-9_-]{0,39})?$"
THEME_LIST = r"^([a-z][a-z0-9_]{0,63}( [a-z][a-z0-9_]{0,63})*)?$"


class PageSchema(pa.DataFrameModel):
    """The pages of a report that describes its own, in the navigation bar's order;
    ``themes``: the themes a part shows, separated by spaces (empty: every theme)."""

    page: Series[str] = pa.Field(unique=True, str_matches=SLUG)
    path: Series[str] = pa.Field(unique=True, str_matches=PAGE_PATH)
    view: Series[str] = pa.Field(isin=VIEWS)
    themes: Series[str] = pa.Field(str_matches=THEME_LIST)

    class Config:
        strict = True
        coerce = True


def label_column(lang: str) -> str:
    """The label column for ``lang`` (facts and items share the names)."""
    return FactSchema.label_en if lang == "en" else FactSchema.label_zh


def units_of_kind(kinds) -> list[str]:
    """Every unit whose kind (UNIT_KINDS) is one of ``kinds``: filtering by unit
    then needs no per-row lookup."""
    return [unit for unit, kind in UNIT_KINDS.items() if kind in kinds]
