"""The Source page: the whole report, every captured fact highlighted and clickable;
then "About the data": what the tables hold, which of the report's numerals they
cite and why each of the others is left out."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from babel.lists import format_list
from dash import html

from components import ids
from components.page import make_chart_grid, make_page_header, more_note
from components.tables import MAX_TABLE_ROWS
from data import Dataset
from data.report import LEFT_OUT_REASONS, SpanIndex, paragraphs, segments
from data.schemas import FactSchema as F
from data.schemas import OutlineSchema as O
from data.schemas import label_column
from figures.charts import numeral_rows
from i18n import BABEL_LOCALE, t
from i18n.format import format_number

ABOUT_ID = "about-data"
# A highlighted piece of the report names at most this many of the facts whose
# excerpts cover it (in its tooltip), then how many more: large tables repeat an
# excerpt thousands of times.
MAX_MARK_LABELS = 5


def anchor_id(fact_id: str) -> str:
    """The element id a "show in report" link scrolls to."""
    return f"src-{fact_id}"


def _coverage_line(dataset: Dataset, facts: pd.DataFrame, lang: str) -> html.P:
    """How many of the report's numerals the tables cite, and what the others are."""
    rows = numeral_rows(dataset, dataset.facts)  # the tables, whatever the filters
    captured, total = int(rows["captured"].sum()), len(rows)
    left_out = rows[~rows["captured"]]
    reasons = [r for r in LEFT_OUT_REASONS if r in set(left_out["reason"])]
    key = "about.coverage" if reasons else "about.coverage_all"
    return html.P(
        t(
            key,
            lang,
            captured=format_number(captured, lang),
            total=format_number(total, lang),
            rest=format_number(len(left_out), lang),
            reasons=format_list(
                [t(f"about.reason.{r}", lang) for r in reasons],
                locale=BABEL_LOCALE[lang],
            ),
        ),
        className="coverage-share",
    )


def _left_out_table(dataset: Dataset, facts: pd.DataFrame, lang: str):
    """Every numeral no fact cites, with its words around it and why it is left
    out; None when every numeral is cited."""
    rows = numeral_rows(dataset, dataset.facts)
    left_out = rows[~rows["captured"]]
    if left_out.empty:
        return None
    header = html.Thead(
        html.Tr(
            [
                html.Th(t(f"about.col.{name}", lang), scope="col")
                for name in ("numeral", "context", "reason")
            ]
        )
    )
    shown = left_out.head(MAX_TABLE_ROWS)
    body = html.Tbody(
        [
            html.Tr(
                [
                    html.Td(row["text"], lang="zh-CN"),
                    html.Td(row["context"], lang="zh-CN"),
                    html.Td(t(f"about.reason.{row['reason']}", lang)),
                ],
                className="numeral-row",
            )
            for row in shown.to_dict("records")
        ]
    )
    parts = [
        html.Summary(t("about.left_out", lang, count=len(left_out))),
        html.Div(
            dbc.Table([header, body], size="sm", striped=True, className="mb-0"),
            className="table-responsive",
        ),
        more_note(len(shown), len(left_out), lang, "about.left_out_capped"),
    ]
    return html.Details(
        [part for part in parts if part is not None], className="left-out mb-3"
    )


def _mark_title(fact_ids: tuple[str, ...], covering: int, labels, lang: str) -> str:
    """The labels of the facts that cover a piece of the report (at most
    MAX_MARK_LABELS), then how many more there are."""
    title = " / ".join(labels[fact_id] for fact_id in fact_ids)
    if covering > len(fact_ids):
        more = t(
            "source.mark_more",
            lang,
            count=format_number(covering - len(fact_ids), lang),
        )
        title = f"{title} / {more}"
    return title


# The Source page shows at most this many characters of a report (a long report
# of the genre has some 60,000); a longer text is cut after a whole paragraph.
MAX_SHOWN_CHARACTERS = 200_000


def shown_paragraphs(rest: list) -> list:
    """The paragraphs the Source page shows: all, or those within
    MAX_SHOWN_CHARACTERS."""
    last = rest[0].start + MAX_SHOWN_CHARACTERS if rest else 0
    return [paragraph for paragraph in rest if paragraph.end <= last]


def _text_capped(report: str, rest: list, shown: list, lang: str):
    """A note naming how much of a very long report is not shown (else None)."""
    if len(shown) == len(rest):
        return None
    left = len(report) - (shown[-1].end if shown else rest[0].start)
    return html.P(
        t(
            "source.text_capped",
            lang,
            shown=format_number(len(shown), lang),
            total=format_number(len(rest), lang),
            characters=format_number(left, lang),
        ),
        className="text-muted more-note",
    )


def _paragraph(
    paragraph,
    facts: SpanIndex,
    labels: dict[str, str],
    lang: str,
    anchored: set[str],
    headings: set[int],
) -> html.Div:
    children = []
    pieces = segments(paragraph.text, paragraph.start, facts, limit=MAX_MARK_LABELS)
    for number, piece in enumerate(pieces):
        if not piece.fact_ids:
            children.append(piece.text)
            continue
        fact_id = piece.fact_ids[0]  # the shortest excerpt covering this piece
        # A span, not a <button>: a button is laid out as one block and cannot
        # break across lines, which left gaps and put 。 at the head of a line.
        button = html.Span(
            piece.text,
            role="button",
            tabIndex="0",
            className="fact-mark",
            id=ids.fact_link(fact_id, f"src-{paragraph.start}-{number}"),
            title=_mark_title(piece.fact_ids, piece.covering, labels, lang),
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
    shown = shown_paragraphs(rest)
    anchored: set[str] = set()
    labels = dict(zip(facts[F.id].tolist(), facts[label_column(lang)].tolist()))
    spans = SpanIndex(facts)
    return html.Div(
        [
            make_page_header(
                t("page.source.title", lang), t("page.source.intro", lang)
            ),
            html.Article(
                [
                    html.H2(title.text, className="h4 report-title text-center"),
                    *[
                        _paragraph(p, spans, labels, lang, anchored, headings)
                        for p in shown
                    ],
                    _text_capped(dataset.report, rest, shown, lang),
                ],
                className="report-text",
                lang="zh-CN",
            ),
            html.Section(
                [
                    html.H2(t("about.heading", lang), className="h4 section-heading"),
                    html.P(t("about.intro", lang), className="text-muted"),
                    _coverage_line(dataset, facts, lang),
                    _left_out_table(dataset, facts, lang),
                    make_chart_grid(
                        dataset, "source", charts, facts, lang, highlight, mode=mode
                    ),
                ],
                id=ABOUT_ID,
                className="about-data",
            ),
        ],
        className="source",
    )
