"""Which page a URL shows and everything the navigation callback puts on screen."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from components.detail import make_detail
from components.filterbar import dropdown_labels, filter_options, make_chips
from components.layout import make_navbar
from components.overview import make_overview, report_title
from components.part import make_part_page
from components.present import make_deck
from components.source import make_source_page
from components.text import quotation
from components.urlstate import Rejected, ViewState, to_search
from data import Dataset
from data.filters import Filters, apply_filters
from data.schemas import FactSchema as F
from figures.charts import CHARTS
from i18n import HTML_LANG, t, t_parts
from i18n.format import format_date


@dataclass(frozen=True)
class PageSpec:
    """A page: its name (nav.<name>, page.<name>.…), path, themes and charts."""

    name: str
    path: str
    themes: tuple[str, ...] | None  # None: every theme
    charts: tuple[str, ...] = ()


# A part's charts are offered where its facts may make one; a chart is drawn only
# when its rows make at least two marks (figures.charts.MIN_MARKS).
PART_CHARTS = ("flow", "percentages", "figures")
PAGES = (
    PageSpec("overview", "/", None),
    PageSpec("study", "/study", ("campaign", "organisation", "study"), PART_CHARTS),
    PageSpec("research", "/research", ("research",), PART_CHARTS),
    PageSpec("consultation", "/consultation", ("consultation",), PART_CHARTS),
    PageSpec(
        "outcomes",
        "/outcomes",
        ("rectification", "outcomes", "lessons", "tasks"),
        PART_CHARTS,
    ),
    PageSpec("work", "/work", ("work",), PART_CHARTS),
    # "About the data": the charts that describe the tables themselves.
    PageSpec("source", "/source", None, ("coverage", "themes", "lists")),
    PageSpec("present", "/present", None),
)
PAGES_BY_PATH = {page.path: page for page in PAGES}


@dataclass(frozen=True)
class Screen:
    """Everything the navigation callback outputs, in one place."""

    navbar: object
    notice: object
    page: object
    chips: object
    filter_values: dict[str, list[str]]
    filter_options: dict[str, list[dict[str, str]]]
    filter_placeholders: dict[str, str]
    dropdown_labels: dict[str, str]
    clear_label: str
    skip_label: str
    mode: str
    print_header: str
    print_footer: list
    export_all_label: str
    filter_heading: str
    detail_open: bool
    detail_title: str
    detail_body: object


# A notice names this many ignored values; the rest are counted.
NOTICE_NAMES = 5


def notice_for(rejected: list[Rejected], lang: str):
    """A dismissable warning naming what was ignored (the first few, then how many
    more); None when nothing was."""
    if not rejected:
        return None
    named = [f"{r.param}={r.value}" for r in rejected[:NOTICE_NAMES]]
    if len(rejected) > NOTICE_NAMES:
        named.append(t("app.notice_more", lang, count=len(rejected) - NOTICE_NAMES))
    params = ("，" if lang == "zh" else ", ").join(named)
    origin = "input" if any(r.origin == "input" for r in rejected) else "param"
    return dbc.Alert(
        t(f"app.{origin}_notice", lang, params=params),
        color="warning",
        dismissable=True,
        className="mt-2 url-notice",
    )


def page_facts(dataset: Dataset, spec: PageSpec, state: ViewState) -> pd.DataFrame:
    """The facts a page shows: its themes, narrowed by the active filters."""
    facts = apply_filters(dataset.facts, state.filters)
    if spec.themes is not None:
        facts = facts[facts[F.theme].isin(spec.themes)]
    return facts


def chart_rows(
    dataset: Dataset, pathname: object, state: ViewState, key: object
) -> pd.DataFrame | None:
    """The rows behind chart ``key`` as the page at ``pathname`` shows it, or None."""
    spec = PAGES_BY_PATH.get(pathname) if isinstance(pathname, str) else None
    if spec is None or key not in CHARTS:
        return None
    return CHARTS[key].rows(dataset, page_facts(dataset, spec, state))


def _page(dataset: Dataset, path: str, state: ViewState, highlight: frozenset[str]):
    lang = state.lang
    spec = PAGES_BY_PATH.get(path)
    if spec is None:
        return html.Div(
            [
                html.H1(t("app.not_found", lang, path=path), className="h4"),
                dcc.Link(t("app.back_home", lang), href="/" + to_search(state)),
            ],
            className="not-found",
        )
    facts = page_facts(dataset, spec, state)
    if spec.name == "overview":
        return make_overview(
            dataset, spec.charts, lang, facts, highlight, state.fact, state.mode
        )
    if spec.name == "source":
        return make_source_page(
            dataset, spec.charts, lang, facts, highlight, state.mode
        )
    if spec.name == "present":
        return make_deck(dataset, state, facts)
    return make_part_page(
        dataset, spec.name, spec.charts, lang, facts, highlight, state.fact, state.mode
    )


def render_screen(
    pathname: object,
    state: ViewState,
    rejected: list[Rejected],
    dataset: Dataset,
    highlight: frozenset[str],
) -> Screen:
    """The whole screen for a path and a view state."""
    path = pathname if isinstance(pathname, str) and pathname else "/"
    lang = state.lang
    title, body = make_detail(dataset, state.fact, lang) if state.fact else ("", [])
    return Screen(
        navbar=make_navbar(PAGES, path, state),
        notice=notice_for(rejected, lang),
        page=html.Div(_page(dataset, path, state, highlight), lang=HTML_LANG[lang]),
        chips=make_chips(dataset, state, lang),
        filter_values={n: list(getattr(state.filters, n)) for n in Filters.names()},
        filter_options=filter_options(dataset, lang),
        filter_placeholders={n: t(f"filter.{n}", lang) for n in Filters.names()},
        dropdown_labels=dropdown_labels(lang),
        clear_label=t("filter.clear", lang),
        skip_label=t("app.skip", lang),
        mode=state.mode,
        print_header=t(
            "print.header",
            lang,
            title=t("app.title", lang),
            date=format_date(date.today(), lang),
        ),
        print_footer=t_parts(
            "print.footer", lang, report=quotation(report_title(dataset))
        ),
        export_all_label=t("export.all", lang),
        filter_heading=t("filter.heading", lang),
        detail_open=bool(state.fact),
        detail_title=title,
        detail_body=body,
    )
