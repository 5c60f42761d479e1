"""The rows behind a chart, as an HTML table; fact rows open the detail panel."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import html

from components import ids
from data.schemas import FactSchema as F
from data.schemas import label_column
from i18n import t
from i18n.format import fact_quantity, format_number, section_name

# Columns shown on screen (the CSV has every column of the chart's rows).
FACT_VIEW = ("label", F.value, F.section, F.kind, F.excerpt)
NUMERAL_VIEW = ("text", "context", "script", "captured")
MAX_TABLE_ROWS = 200  # on screen; the CSV has every row
QUOTATIONS = {F.excerpt, "text", "context"}  # the report's own words


def _cell(row: dict, column: str, lang: str, origin: str):
    if column == "label":
        suffix = t("chart.derived_suffix", lang) if row[F.kind] == "derived" else ""
        return html.Button(
            row[label_column(lang)] + suffix,
            id=ids.fact_link(row[F.id], origin),
            className="fact-link",
            type="button",
        )
    if column == F.value:
        text = fact_quantity(row, lang)
        return text if "members" not in row else f"{text} ({row['members']})"
    if column == F.section:
        return section_name(row[F.section], lang)
    if column == F.kind:
        return t(f"kind.{row[F.kind]}", lang)
    if column == "script":
        return t(f"chart.coverage.{row['script']}", lang)
    if column == "captured":
        return t("table.yes" if row["captured"] else "table.no", lang)
    return str(row[column])


def _header(column: str, lang: str) -> str:
    return t(
        "column.label_en"
        if column == "label" and lang == "en"
        else "column.label_zh"
        if column == "label"
        else f"column.{column}",
        lang,
    )


def make_rows_table(rows: pd.DataFrame, lang: str, key: str) -> html.Div:
    """A compact, striped table of ``rows``; the caption says how many there are."""
    view = FACT_VIEW if F.id in rows.columns else NUMERAL_VIEW
    records = rows.head(MAX_TABLE_ROWS).to_dict("records")
    caption = (
        t("table.caption", lang, count=len(records))
        if len(rows) <= MAX_TABLE_ROWS
        else t(
            "table.capped",
            lang,
            shown=format_number(len(records), lang),
            total=format_number(len(rows), lang),
        )
    )
    return html.Div(
        dbc.Table(
            [
                html.Caption(caption),
                html.Thead(
                    html.Tr([html.Th(_header(c, lang), scope="col") for c in view])
                ),
                html.Tbody(
                    [
                        html.Tr(
                            [
                                html.Td(
                                    _cell(r, c, lang, f"table-{key}-{n}"),
                                    lang="zh-CN" if c in QUOTATIONS else None,
                                )
                                for c in view
                            ]
                        )
                        for n, r in enumerate(records)
                    ]
                ),
            ],
            striped=True,
            hover=True,
            size="sm",
            className="rows-table mb-0",
        ),
        className="table-responsive",
    )
