"""The detail panel of one fact: value and qualifier, where it sits, how it was
derived, the report's words in their paragraph, and the paragraph's other facts."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from components import ids
from components.formula import describe_formula
from components.page import MAX_MEMBERS, more_note
from components.text import status_marker
from components.urlstate import ViewState, to_search
from data import Dataset
from data.provenance import COUNT, RATIO, hedge_word
from data.report import facts_between, paragraph_at
from data.schemas import FactSchema as F
from data.schemas import ItemSchema as I
from data.schemas import OutlineSchema as O
from data.schemas import label_column
from data.vocabulary import VOCABULARY
from figures.charts import WITHOUT_BASIS
from i18n import t
from i18n.format import fact_quantity, quoted, section_heading, unit_label

CONTEXT = 120  # characters of the paragraph shown on each side of the excerpt
# The panel lists at most this many of a paragraph's other facts, and of a list's
# members, and says how many more there are: a large table must not make a panel
# of megabytes.
MAX_OTHERS = 30


def _link(fact: dict, lang: str, origin: str) -> html.Button:
    value = fact_quantity(fact, lang)
    return html.Button(
        [
            f"{fact[label_column(lang)]}：{value}"
            if lang == "zh"
            else f"{fact[label_column(lang)]}: {value}",
            status_marker(fact, lang),
        ],
        id=ids.fact_link(fact[F.id], origin),
        className="fact-link",
        type="button",
    )


def _row(label: str, value) -> html.Tr:
    return html.Tr([html.Th(label, scope="row"), html.Td(value)])


def _members(members, lang: str) -> list:
    """A list's members in order (the first MAX_MEMBERS), with how many more."""
    shown = members.head(MAX_MEMBERS)
    parts = [
        html.Div(
            t("detail.members", lang, count=len(members)), className="fw-semibold"
        ),
        html.Ol(
            [
                html.Li(
                    [
                        html.Span(m[label_column(lang)]),
                        html.Q(
                            quoted(m[I.excerpt]),
                            className="member-excerpt",
                            lang="zh-CN",
                        ),
                    ]
                )
                for m in shown.to_dict("records")
            ],
            className="mb-0",
        ),
        more_note(len(shown), len(members), lang, "detail.members_more"),
    ]
    return [part for part in parts if part is not None]


def _derivation(dataset: Dataset, fact: dict, lang: str) -> list:
    formula = fact[F.formula]
    if count := COUNT.match(formula):
        return [
            _row(
                t("detail.formula", lang),
                t("detail.count_formula", lang, label=fact[label_column(lang)]),
            ),
            html.Tr(html.Td(_members(dataset.members(count["list"]), lang), colSpan=2)),
        ]
    if ratio := RATIO.match(formula):
        inputs = [dataset.fact(ratio["num"]), dataset.fact(ratio["den"])]
        return [
            _row(
                t("detail.formula", lang),
                [describe_formula(dataset, fact, lang), html.Br(), html.Code(formula)],
            ),
            _row(
                t("detail.inputs", lang),
                html.Div(
                    [_link(f, lang, "detail-input") for f in inputs],
                    className="d-flex flex-column align-items-start gap-1",
                ),
            ),
        ]
    return []


def _excerpt_in_paragraph(dataset: Dataset, fact: dict) -> html.Blockquote:
    paragraph = paragraph_at(dataset.report, fact[F.start])
    start, end = fact[F.start], fact[F.start] + len(fact[F.excerpt])
    left = max(paragraph.start, start - CONTEXT)
    right = min(paragraph.end, end + CONTEXT)
    return html.Blockquote(
        [
            "…" if left > paragraph.start else "",
            dataset.report[left:start],
            html.Mark(fact[F.excerpt]),
            dataset.report[end:right],
            "…" if right < paragraph.end else "",
        ],
        className="detail-excerpt",
        lang="zh-CN",
    )


def make_detail(
    dataset: Dataset, fact_id: str, lang: str, report: str | None = None
) -> tuple[str, list]:
    """The panel's title and body for ``fact_id`` (of the library's ``report``)."""
    fact = dataset.fact(fact_id)
    outline = dataset.outline.set_index(O.section)
    section = fact[F.section]
    title_column = O.title_en if lang == "en" else O.title_zh
    section_title = outline.loc[section, title_column]
    word = hedge_word(fact[F.excerpt], fact[F.qualifier])
    key = f"detail.qualifier.{fact[F.qualifier]}" + ("_list" if word == "等" else "")
    qualifier = t(key, lang, word=word)
    rows = [
        _row(
            t("detail.value", lang),
            html.Span(
                [
                    html.Strong(
                        fact_quantity(fact, lang),
                        className="detail-value",
                    ),
                    html.Span(f" ({qualifier})", className="text-muted"),
                    status_marker(fact, lang),
                ]
            ),
        ),
        _row(t("detail.unit", lang), unit_label(fact[F.unit], lang)),
        _row(t("detail.section", lang), section_heading(section, section_title, lang)),
        _row(t("detail.theme", lang), VOCABULARY.theme_name(fact[F.theme], lang)),
        _row(t("detail.kind", lang), t(f"detail.{fact[F.kind]}", lang)),
        *_derivation(dataset, fact, lang),
    ]
    paragraph = paragraph_at(dataset.report, fact[F.start])
    others = facts_between(dataset.facts, paragraph.start, paragraph.end)
    others = others[~others[F.id].isin(WITHOUT_BASIS) & (others[F.id] != fact_id)]
    total = len(others)
    others = others.head(MAX_OTHERS).to_dict("records")
    body = [
        html.Table(html.Tbody(rows), className="table table-sm detail-table"),
        html.H4(t("detail.excerpt", lang), className="h6 mt-3"),
        _excerpt_in_paragraph(dataset, fact),
        dcc.Link(
            t("detail.show_in_report", lang),
            href="/source"
            + to_search(ViewState(lang=lang, report=report))
            + f"#src-{fact_id}",
            className="show-in-report",
        ),
        html.H4(t("detail.same_paragraph", lang), className="h6 mt-4"),
        html.Div(
            [_link(f, lang, "detail-paragraph") for f in others],
            className="d-flex flex-column align-items-start gap-1",
        )
        if others
        else html.P(t("detail.none_in_paragraph", lang), className="text-muted"),
        more_note(len(others), total, lang, "detail.more"),
    ]
    return fact[label_column(lang)], [part for part in body if part is not None]


def make_detail_panel() -> dbc.Offcanvas:
    """The empty panel in the shell; the navigation callback fills and opens it."""
    return dbc.Offcanvas(
        html.Div(id=ids.DETAIL_BODY),
        id=ids.DETAIL,
        is_open=False,
        placement="end",
        scrollable=True,
        keyboard=True,
        className="detail-panel",
    )
