"""The library page: every report, with its numbers and how many are reviewed,
each title a link to its dashboard."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from components.page import make_page_header
from components.urlstate import ViewState, to_search
from i18n import catalog, t

LIBRARY_PATH = "/library"
COLUMNS = ("title", "organisation", "kind", "period", "facts", "reviewed")


def kind_name(kind: str, lang: str) -> str:
    """A report's kind as a reader names it (the catalog's name for a kind it
    knows, else the kind as the library holds it)."""
    return catalog(lang).get(f"report_kind.{kind}", kind)


def entry_title(entry, lang: str) -> str:
    return entry.title_en if lang == "en" else entry.title_zh


def report_link(entry, state: ViewState, path: str = "/") -> str:
    """The address of ``entry``'s dashboard, keeping the language and scheme."""
    return path + to_search(
        ViewState(lang=state.lang, mode=state.mode, report=entry.slug)
    )


def make_library_page(entries: tuple, state: ViewState) -> html.Div:
    """The table of the library's reports (or why there is none)."""
    lang = state.lang
    header = make_page_header(t("library.title", lang), t("library.intro", lang))
    if not entries:
        return html.Div(
            [
                header,
                html.P(t("library.single", lang), className="text-muted"),
            ],
            className="library",
        )
    none = t("library.none", lang)
    rows = [
        html.Tr(
            [
                html.Td(
                    dcc.Link(entry_title(entry, lang), href=report_link(entry, state))
                ),
                html.Td(entry.organisation or none),
                html.Td(kind_name(entry.kind, lang) if entry.kind else none),
                html.Td(entry.period or none),
                html.Td(f"{entry.facts:,}", className="text-end"),
                html.Td(f"{entry.reviewed:,}", className="text-end"),
            ]
        )
        for entry in entries
    ]
    head = html.Thead(
        html.Tr(
            [
                html.Th(
                    t(f"library.column.{name}", lang),
                    scope="col",
                    className="text-end" if name in ("facts", "reviewed") else None,
                )
                for name in COLUMNS
            ]
        )
    )
    return html.Div(
        [
            header,
            dbc.Table(
                [head, html.Tbody(rows)],
                striped=True,
                hover=True,
                responsive=True,
                className="library-table",
            ),
        ],
        className="library",
    )
