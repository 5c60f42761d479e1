"""The application shell: URL, navigation bar, filter bar, page, detail panel."""

from __future__ import annotations

from dataclasses import replace

import dash_bootstrap_components as dbc
from dash import dcc, html

from components import ids
from components.detail import make_detail_panel
from components.filterbar import make_filter_bar
from components.urlstate import MODES, ViewState, to_search, view_only
from i18n import HTML_LANG, LANGUAGES, t


def make_navbar(pages, path: str, state: ViewState) -> dbc.Container:
    """Brand, a link per page (keeping language and filters), the language switch."""
    lang = state.lang
    keep = to_search(view_only(state))
    other = next(code for code in LANGUAGES if code != lang)
    other_mode = next(mode for mode in MODES if mode != state.mode)
    return dbc.Container(
        [
            dbc.NavbarBrand(t("app.title", lang), href="/" + keep),
            html.Nav(
                dbc.Nav(
                    [
                        *[
                            dbc.NavItem(
                                dbc.NavLink(
                                    t(f"nav.{page.name}", lang),
                                    href=page.path + keep,
                                    active=page.path == path,
                                )
                            )
                            for page in pages
                        ],
                        dbc.NavItem(
                            dbc.NavLink(
                                t(f"nav.mode.{other_mode}", lang),
                                className="mode-link",
                                href=path + to_search(replace(state, mode=other_mode)),
                            )
                        ),
                        dbc.NavItem(
                            dbc.NavLink(
                                html.Span(
                                    t("nav.language", lang), lang=HTML_LANG[other]
                                ),
                                className="language-link",
                                href=path + to_search(replace(state, lang=other)),
                            )
                        ),
                    ],
                    navbar=True,
                    className="flex-wrap",
                ),
                className="ms-auto",
                **{"aria-label": t("nav.main", lang)},
            ),
        ],
        fluid=True,
        className="flex-wrap",
    )


def make_shell() -> html.Div:
    """The static frame; the navigation callback fills everything in it."""
    return html.Div(
        id=ids.ROOT,
        className="app-root",
        children=[
            dcc.Location(id=ids.URL, refresh=False),
            html.A(
                id=ids.SKIP_LINK,
                href="#main",
                className="visually-hidden-focusable skip-link",
            ),
            dbc.Navbar(id=ids.NAVBAR, color="primary", dark=True, className="mb-3"),
            html.Div(id=ids.PRINT_HEADER, className="print-only print-header"),
            html.Div(id=ids.PRINT_FOOTER, className="print-only print-footer"),
            dbc.Container(
                [
                    html.Div(id=ids.NOTICE, role="status"),
                    make_filter_bar(),
                    html.Main(
                        dcc.Loading(
                            html.Div(id=ids.PAGE),
                            id=ids.PAGE_LOADING,
                            type="default",
                            delay_show=300,
                        ),
                        id=ids.MAIN,
                        tabIndex=-1,
                    ),
                ],
                fluid="xxl",
                className="pb-5",
            ),
            make_detail_panel(),
            dcc.Download(id=ids.DOWNLOAD),
            dcc.Store(id=ids.SCROLL_DONE),
        ],
    )
