"""Every chart of the dashboard: which rows it draws and how.

A chart's ``rows`` are exactly what its "view as table" and CSV show; its ``build``
draws those rows. Both are pure: Dataset + filtered facts in, DataFrame/Figure out.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from data import Dataset
from data.report import left_out_reason, numerals
from data.schemas import MEASURE, units_of_kind
from data.schemas import FactSchema as F
from figures import builders

FACT_COLUMNS = (
    F.id,
    F.section,
    F.theme,
    F.label_zh,
    F.label_en,
    F.value,
    F.unit,
    F.qualifier,
    F.kind,
    F.formula,
    F.excerpt,
    F.start,
    MEASURE,
)
NUMERAL_COLUMNS = ("start", "text", "script", "captured", "reason", "context")
NOT_DRAWN_AS_BARS = {"percentages", "time"}  # a percentage is not a bar beside counts
RECTIFICATION_STAGES = ("opinions", "problem_areas", "measures")
# The overview's consultation chart: how many people, meetings, units, documents.
CONSULTATION_KINDS = ("people", "meetings", "organisations", "documents")
# Derived facts kept in the tables and the detail panel but never drawn or shown as
# a headline figure: the report does not say how the 15 opinions map onto the 6
# problem areas, so an average of opinions per area has no basis in it.
WITHOUT_BASIS = frozenset({"opinions_per_area"})
# A chart needs at least this many marks: a single value is a number with its
# sentence (a card), never a chart with one bar.
MIN_MARKS = 2

# More bars than this make no readable chart (and a slow page): a chart draws the
# first MAX_MARKS rows and says so; its table and CSV keep them all.
MAX_MARKS = 60
Rows = Callable[[Dataset, pd.DataFrame], pd.DataFrame]
Build = Callable[[pd.DataFrame, str, frozenset[str]], go.Figure]


@dataclass(frozen=True)
class ChartSpec:
    """A chart: ``key`` names its id and its catalog entries (chart.<key>.title…).
    ``one_mark_per_row`` charts draw a bar per row, so they draw at most MAX_MARKS."""

    key: str
    rows: Rows
    build: Build
    columns: tuple[str, ...] = FACT_COLUMNS
    one_mark_per_row: bool = False
    marks: Callable[[pd.DataFrame], int] = len  # how many marks ``rows`` draw

    def drawable(self, rows: pd.DataFrame) -> bool:
        """Whether ``rows`` make a chart: at least MIN_MARKS marks to compare."""
        return self.marks(rows) >= MIN_MARKS

    def drawn(self, rows: pd.DataFrame) -> pd.DataFrame:
        """The rows the chart draws: all of them, or the first MAX_MARKS."""
        return rows.head(MAX_MARKS) if self.one_mark_per_row else rows

    def figure(
        self, rows: pd.DataFrame, lang: str, highlight: frozenset[str]
    ) -> go.Figure:
        """The chart of ``rows`` (the table and CSV keep every row)."""
        return self.build(self.drawn(rows), lang, highlight)


def _list_counts(dataset: Dataset, facts: pd.DataFrame) -> pd.DataFrame:
    lists = facts[facts[F.id].isin(dataset.list_ids)]
    return lists.assign(members=lists[F.id].map(dataset.list_sizes))


def named_counts(facts: pd.DataFrame) -> pd.Series:
    """Counts that are part of a name ("五突出", “五个一天”活动, 三项主要职能): the
    report writes them in Chinese numerals, as names of sets; the number measures
    nothing, so it is no headline figure and no bar beside quantities."""
    is_items = facts[F.unit] == "items"
    in_words = ~facts[F.excerpt].str.contains(r"\d", regex=True)
    return is_items & (facts[F.kind] == "stated") & in_words


def context_facts(facts: pd.DataFrame) -> pd.Series:
    """Dates, lengths and anniversaries: context told as text, not headline figures."""
    return facts[F.unit].isin(units_of_kind({"time"}))


def headline_facts(dataset: Dataset, facts: pd.DataFrame) -> pd.DataFrame:
    """The facts a page shows as numbers: not lists or names (shown with their
    members), not context, and not a derived number without basis."""
    is_list = facts[F.id].isin(dataset.list_ids)
    skipped = facts[F.id].isin(WITHOUT_BASIS)
    return facts[~is_list & ~skipped & ~named_counts(facts) & ~context_facts(facts)]


def quantities(dataset: Dataset, facts: pd.DataFrame) -> pd.DataFrame:
    """The headline facts that bars may compare: not percentages."""
    rows = headline_facts(dataset, facts)
    return rows[~rows[F.unit].isin(units_of_kind(NOT_DRAWN_AS_BARS))]


# Items are whatever the report counts (opinions, areas, measures): two counts of
# items are different things, so they never share an axis.
NOT_COMPARED = {"items"}


def _figures(dataset: Dataset, facts: pd.DataFrame) -> pd.DataFrame:
    """Quantities that share their unit with another: bars compare like with like."""
    rows = quantities(dataset, facts)
    rows = rows[~rows[F.unit].isin(NOT_COMPARED)]
    shared = rows[F.unit].map(rows[F.unit].value_counts()) >= MIN_MARKS
    return rows[shared]


def _consultation(dataset: Dataset, facts: pd.DataFrame) -> pd.DataFrame:
    rows = _figures(dataset, facts[facts[F.theme] == "consultation"])
    return rows[rows[F.unit].isin(units_of_kind(CONSULTATION_KINDS))]


# A percentage the report states as a change (增长8.7%, 涨幅3%, 下降5%) is no part
# of a whole: it is never drawn against the rest of a 0–100% scale. Told by the
# report's own words in its excerpt; a share (比重, 比例, 覆盖面, …率) stays a share.
CHANGE_WORDS = re.compile("增长|下降|增速|涨幅|上涨|降低|回落|下调|减少|增加|降幅")
SHARE_WORDS = re.compile("比重|比例|覆盖|满意|占|率(?!先)")


def is_change(excerpt: str) -> bool:
    """Whether a percentage's excerpt states a change rather than a share."""
    return bool(CHANGE_WORDS.search(excerpt)) and not SHARE_WORDS.search(excerpt)


def _percent_facts(facts: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    rows = facts[facts[F.unit] == "percent"]
    return rows, rows[F.excerpt].map(is_change).astype(bool)


def _percentages(dataset: Dataset, facts: pd.DataFrame) -> pd.DataFrame:
    """The shares: each on the whole 0–100% scale."""
    rows, changes = _percent_facts(facts)
    return rows[~changes]


def _changes(dataset: Dataset, facts: pd.DataFrame) -> pd.DataFrame:
    """The rates of change: compared with each other, not with 100%."""
    rows, changes = _percent_facts(facts)
    return rows[changes]


OPEN_QUALIFIERS = ("at_least", "more_than")


def percent_marks(rows: pd.DataFrame) -> int:
    """The bullet's segments: each rate, its open band and the rest of the scale."""
    values, open_ended = rows[F.value], rows[F.qualifier].isin(OPEN_QUALIFIERS)
    return int(len(rows) + ((values < 100) | open_ended).sum())


def _stages(dataset: Dataset, facts: pd.DataFrame) -> pd.DataFrame:
    return facts[facts[F.id].isin(RECTIFICATION_STAGES)]


def numeral_rows(dataset: Dataset, facts: pd.DataFrame) -> pd.DataFrame:
    """The report's numerals, each with whether one of ``facts`` captures it."""
    found = numerals(dataset.report, facts)
    return pd.DataFrame(
        [
            (
                n.start,
                n.text,
                "arabic" if n.arabic else "chinese",
                n.captured,
                "" if n.captured else left_out_reason(dataset.report, n),
                dataset.report[max(0, n.start - 8) : n.start + len(n.text) + 8].replace(
                    "\n", " "
                ),
            )
            for n in found
        ],
        columns=list(NUMERAL_COLUMNS),
    )


PER_ROW = {"one_mark_per_row": True}
CHARTS: dict[str, ChartSpec] = {
    spec.key: spec
    for spec in (
        ChartSpec("consultation", _consultation, builders.unit_panels, **PER_ROW),
        ChartSpec("figures", _figures, builders.unit_panels, **PER_ROW),
        ChartSpec(
            "themes",
            lambda dataset, facts: facts,
            builders.facts_by_theme,
            marks=lambda rows: rows.groupby([F.theme, F.kind]).ngroups,
        ),
        ChartSpec(
            "lists",
            _list_counts,
            builders.list_sizes,
            columns=(*FACT_COLUMNS, "members"),
            **PER_ROW,
        ),
        ChartSpec(
            "percentages",
            _percentages,
            builders.percentages,
            marks=percent_marks,
            **PER_ROW,
        ),
        ChartSpec("changes", _changes, builders.unit_panels, **PER_ROW),
        ChartSpec(
            "flow",
            _stages,
            lambda rows, lang, hl: builders.flow(rows, RECTIFICATION_STAGES, lang, hl),
        ),
        ChartSpec(
            "coverage",
            # Which numerals the tables cite is a fact about the tables, not about
            # the filtered view: a filter never turns a cited numeral into "left out".
            lambda dataset, facts: numeral_rows(dataset, dataset.facts),
            builders.coverage,
            columns=NUMERAL_COLUMNS,
            marks=lambda rows: rows.groupby(["script", "captured"]).ngroups,
        ),
    )
}
