"""The application shell: URL, navigation bar, filter bar, page, detail panel."""

from __future__ import annotations

from dataclasses import replace

import dash_bootstrap_components as dbc
from dash import dcc, html

from components import ids
from components.detail import make_detail_panel
from components.filterbar import make_filter_bar
from components.library import LIBRARY_PATH, entry_title, report_link
from components.urlstate import MODES, ViewState, to_search, view_only
from i18n import HTML_LANG, LANGUAGES, t

# From this Bootstrap breakpoint up, the navigation links stand in the bar; below
# it (phones, portrait tablets) they fold behind the menu button.
NAV_EXPAND = "lg"


def make_report_menu(
    entries: tuple, state: ViewState, current: str = ""
) -> dbc.DropdownMenu | None:
    """The report switcher: each report of the library (the one shown marked),
    then the library page. None when the dashboard serves one folder's report."""
    if not entries:
        return None
    lang = state.lang
    titles = [entry_title(entry, lang) for entry in entries]
    items = [
        dbc.DropdownMenuItem(
            # Reports of one title (every year's 政府工作报告) are told apart by
            # their names in the address.
            f"{title} · {entry.slug}" if titles.count(title) > 1 else title,
            href=report_link(entry, state),
            active=entry.slug == current,
            className="text-wrap report-item",
        )
        for entry, title in zip(entries, titles)
    ]
    items += [
        dbc.DropdownMenuItem(divider=True),
        dbc.DropdownMenuItem(
            t("nav.reports_all", lang),
            href=LIBRARY_PATH + to_search(view_only(state)),
        ),
    ]
    return dbc.DropdownMenu(
        items,
        label=t("nav.reports", lang),
        nav=True,
        in_navbar=True,
        align_end=True,
        className="report-menu",
    )


def make_navbar(
    pages, path: str, state: ViewState, entries: tuple = (), current: str = ""
) -> html.Nav:
    """A link per page (keeping report, language and filters), the report
    switcher, the scheme and language switches: what the menu button shows and
    hides on a narrow screen."""
    lang = state.lang
    menu = make_report_menu(entries, state, current)
    keep = to_search(view_only(state))
    other = next(code for code in LANGUAGES if code != lang)
    other_mode = next(mode for mode in MODES if mode != state.mode)
    return html.Nav(
        dbc.Nav(
            [
                *[
                    dbc.NavItem(
                        dbc.NavLink(
                            page.label(lang),
                            href=page.path + keep,
                            active=page.path == path,
                        )
                    )
                    for page in pages
                ],
                *([menu] if menu is not None else []),
                dbc.NavItem(
                    dbc.NavLink(
                        t(f"nav.mode.{other_mode}", lang),
                        className="mode-link",
                        href=path + to_search(replace(state, mode=other_mode)),
                    )
                ),
                dbc.NavItem(
                    dbc.NavLink(
                        html.Span(t("nav.language", lang), lang=HTML_LANG[other]),
                        className="language-link",
                        href=path + to_search(replace(state, lang=other)),
                    )
                ),
            ],
            navbar=True,
            className="flex-wrap",
        ),
        **{"aria-label": t("nav.main", lang)},
    )


def navbar_frame(state: ViewState, title: str | None = None) -> dict[str, str]:
    """What the bar around the links says: the title (the report's dashboard, a
    link to its overview keeping language and filters) and the menu button's
    name."""
    return {
        "brand": title or t("app.title", state.lang),
        "home": "/" + to_search(view_only(state)),
        "menu": t("nav.menu", state.lang),
    }


def _make_bar() -> dbc.Navbar:
    # A plain button styled as Bootstrap's toggler: dbc.NavbarToggler names itself
    # "Toggle navigation" in English whatever the page's language, and does not
    # say whether the menu is open.
    return dbc.Navbar(
        dbc.Container(
            [
                dbc.NavbarBrand(id=ids.NAV_BRAND, href="/"),
                html.Button(
                    html.Span(className="navbar-toggler-icon"),
                    id=ids.NAV_TOGGLER,
                    className="navbar-toggler",
                    type="button",
                    **{"aria-controls": ids.NAV_COLLAPSE, "aria-expanded": "false"},
                ),
                dbc.Collapse(
                    html.Div(
                        [html.Div(id=ids.NAVBAR), html.Div(id=ids.ACCOUNT)],
                        className="ms-auto d-lg-flex align-items-center",
                    ),
                    id=ids.NAV_COLLAPSE,
                    is_open=False,
                    navbar=True,
                ),
            ],
            fluid=True,
        ),
        color="primary",
        dark=True,
        expand=NAV_EXPAND,
        className="mb-3",
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
            _make_bar(),
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
                            # Only a new page hides the page: a chart's table
                            # filling in, or a button's first answer, does not.
                            target_components={ids.PAGE: "children"},
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


def make_validation_layout() -> html.Div:
    """Every component a callback names: the shell, and the frames of the pages
    whose own callbacks (the review page's, the library's upload form) name
    fixed ids."""
    from components.library import make_upload_form
    from components.review import make_review_frame

    state = ViewState()
    return html.Div(
        [make_shell(), make_review_frame(state), make_upload_form(state.lang)]
    )
