"""The Source page: the whole report, every captured fact highlighted and clickable,
with the share of the report's numerals that the tables capture."""

from __future__ import annotations

import pandas as pd
from dash import html

from components import ids
from components.page import make_chart_grid, make_page_header
from data import Dataset
from data.report import paragraphs, segments
from data.schemas import FactSchema as F
from data.schemas import OutlineSchema as O
from data.schemas import label_column
from figures.charts import numeral_rows
from i18n import t
from i18n.format import format_percent


def anchor_id(fact_id: str) -> str:
    """The element id a "show in report" link scrolls to."""
    return f"src-{fact_id}"


def _coverage_line(dataset: Dataset, facts: pd.DataFrame, lang: str) -> html.P:
    rows = numeral_rows(dataset, facts)
    captured, total = int(rows["captured"].sum()), len(rows)
    share = format_percent(captured / total if total else 0, lang)
    return html.P(
        t("chart.coverage.share", lang, share=share, captured=captured, total=total),
        className="coverage-share fw-semibold",
    )


def _paragraph(
    dataset: Dataset,
    paragraph,
    facts: pd.DataFrame,
    lang: str,
    anchored: set[str],
    headings: set[int],
) -> html.Div:
    labels = dict(zip(facts[F.id], facts[label_column(lang)]))
    children = []
    for number, piece in enumerate(segments(paragraph.text, paragraph.start, facts)):
        if not piece.fact_ids:
            children.append(piece.text)
            continue
        fact_id = piece.fact_ids[0]  # the shortest excerpt covering this piece
        button = html.Button(
            piece.text,
            type="button",
            className="fact-mark",
            id=ids.fact_link(fact_id, f"src-{paragraph.start}-{number}"),
            title=" / ".join(labels[f] for f in piece.fact_ids),
        )
        if fact_id not in anchored:
            anchored.add(fact_id)
            button = html.Span(button, id=anchor_id(fact_id), className="fact-anchor")
        children.append(button)
    tag = html.H2 if paragraph.start in headings else html.P
    return tag(
        children,
        className="report-heading h6" if tag is html.H2 else "report-paragraph",
    )


def make_source_page(
    dataset: Dataset,
    charts: tuple[str, ...],
    lang: str,
    facts: pd.DataFrame,
    highlight: frozenset[str],
    mode: str = "light",
) -> html.Div:
    """The report, paragraph by paragraph, with the filtered facts highlighted."""
    top = dataset.outline[
        (dataset.outline[O.level] == 1) & (dataset.outline[O.number] != "")
    ]
    headings = set(top[O.start].astype(int))  # 一、二、三、 stand on lines of their own
    title, *rest = paragraphs(dataset.report)
    anchored: set[str] = set()
    return html.Div(
        [
            make_page_header(
                t("page.source.title", lang), t("page.source.intro", lang)
            ),
            make_chart_grid(
                dataset,
                "source",
                charts,
                facts,
                lang,
                highlight,
                extras={"coverage": _coverage_line(dataset, facts, lang)},
                mode=mode,
            ),
            html.Article(
                [
                    html.H2(title.text, className="h4 report-title text-center"),
                    *[
                        _paragraph(dataset, p, facts, lang, anchored, headings)
                        for p in rest
                    ],
                ],
                className="report-text",
                lang="zh-CN",
            ),
        ],
        className="source",
    )
