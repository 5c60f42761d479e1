"""One-sentence text summaries of each chart, generated from the rows it draws,
for screen readers (and anyone who prefers words to bars)."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from data.schemas import UNITS, label_column
from data.schemas import FactSchema as F
from data.vocabulary import VOCABULARY
from figures.charts import RECTIFICATION_STAGES
from i18n import t
from i18n.format import fact_quantity, format_value


def _quantity(row: dict | pd.Series, lang: str) -> str:
    return fact_quantity(row, lang)


def _largest(rows: pd.DataFrame, lang: str) -> str:
    row = rows.loc[rows[F.value].idxmax()]
    key = "summary.single" if len(rows) == 1 else "summary.largest"
    return t(key, lang, label=row[label_column(lang)], value=_quantity(row, lang))


def _panels(rows: pd.DataFrame, lang: str) -> str:
    parts = [
        t(
            "summary.part",
            lang,
            unit=VOCABULARY.unit_axis(unit, lang),
            text=_largest(rows[rows[F.unit] == unit], lang),
        )
        for unit in UNITS
        if unit in set(rows[F.unit])
    ]
    return t(
        "summary.panels",
        lang,
        count=len(rows),
        parts=t("summary.separator", lang).join(parts),
    )


def _themes(rows: pd.DataFrame, lang: str) -> str:
    counts = rows.groupby(F.theme).size()
    top = counts.idxmax()
    return t(
        "summary.themes",
        lang,
        count=len(rows),
        theme=VOCABULARY.theme_name(top, lang),
        most=int(counts.max()),
    )


def _lists(rows: pd.DataFrame, lang: str) -> str:
    row = rows.loc[rows["members"].idxmax()]
    return t(
        "summary.lists",
        lang,
        count=len(rows),
        label=row[label_column(lang)],
        value=format_value(row["members"], row[F.qualifier], lang),
    )


def _percentages(rows: pd.DataFrame, lang: str) -> str:
    return t("summary.separator", lang).join(
        t(
            "summary.single",
            lang,
            label=row[label_column(lang)],
            value=_quantity(row, lang),
        )
        for row in rows.sort_values(F.start).to_dict("records")
    )


def _flow(rows: pd.DataFrame, lang: str) -> str:
    stages = {row[F.id]: row for row in rows.to_dict("records")}
    steps = [
        t(
            "summary.single",
            lang,
            label=stages[s][label_column(lang)],
            value=_quantity(stages[s], lang),
        )
        for s in RECTIFICATION_STAGES
        if s in stages
    ]
    return t("summary.flow", lang, steps=" → ".join(steps))


def _coverage(rows: pd.DataFrame, lang: str) -> str:
    parts = []
    for script in ("arabic", "chinese"):
        part = rows[rows["script"] == script]
        parts.append(
            t(
                "summary.coverage_part",
                lang,
                script=t(f"chart.coverage.{script}", lang),
                total=len(part),
                captured=int(part["captured"].sum()),
            )
        )
    return t("summary.separator", lang).join(parts)


SUMMARIES: dict[str, Callable[[pd.DataFrame, str], str]] = {
    "figures": _panels,
    "consultation": _panels,
    "changes": _panels,
    "themes": _themes,
    "lists": _lists,
    "percentages": _percentages,
    "flow": _flow,
    "coverage": _coverage,
}


def summarise(key: str, rows: pd.DataFrame, lang: str) -> str:
    """What chart ``key`` shows, in one or two sentences of ``lang``."""
    if rows.empty:
        return t("chart.empty", lang)
    return SUMMARIES[key](rows, lang)
