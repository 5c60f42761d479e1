"""The application shell: the URL, the navigation bar, a notice area and the page."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html

from components import ids
from i18n import DEFAULT_LANGUAGE, LANGUAGES, t


def language_href(pathname: str, lang: str) -> str:
    """The same page in the other language."""
    other = next(code for code in LANGUAGES if code != lang)
    return f"{pathname}?lang={other}"


def make_navbar(pathname: str, lang: str) -> dbc.Container:
    """Brand, page links and the language switch for the current page."""
    return dbc.Container(
        [
            dbc.NavbarBrand(t("app.title", lang), href=f"/?lang={lang}"),
            dbc.Nav(
                [
                    dbc.NavItem(
                        dbc.NavLink(
                            t("nav.overview", lang),
                            href=f"/?lang={lang}",
                            active=pathname == "/",
                        )
                    ),
                    dbc.NavItem(
                        dbc.NavLink(
                            t("nav.language", lang),
                            id=ids.LANGUAGE_LINK,
                            href=language_href(pathname, lang),
                        )
                    ),
                ],
                navbar=True,
                className="ms-auto",
            ),
        ],
        fluid=True,
    )


def make_shell() -> html.Div:
    """The static frame; the page callback fills the navbar, the notice and the page."""
    return html.Div(
        [
            dcc.Location(id=ids.URL, refresh=False),
            dbc.Navbar(
                make_navbar("/", DEFAULT_LANGUAGE),
                id=ids.NAVBAR,
                color="primary",
                dark=True,
                className="mb-3",
            ),
            dbc.Container(
                [
                    html.Div(id=ids.NOTICE, role="status"),
                    dcc.Loading(
                        html.Div(id=ids.PAGE),
                        id=ids.PAGE_LOADING,
                        type="default",
                        delay_show=200,
                    ),
                ],
                fluid="xxl",
                className="pb-5",
            ),
        ]
    )
