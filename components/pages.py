"""Which page a URL shows and everything the navigation callback puts on screen."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html

from components.detail import make_detail
from components.filterbar import dropdown_labels, filter_options, make_chips
from components.layout import make_navbar
from components.library import LIBRARY_PATH, make_library_page
from components.overview import (
    REPORT_CHARTS,
    make_overview,
    make_report_overview,
    report_title,
)
from components.part import make_part_page
from components.present import make_deck
from components.review import REVIEW_PATH, make_review_frame
from components.source import make_source_page
from components.text import quotation
from components.urlstate import Rejected, ViewState, to_search
from data import Dataset
from data.filters import Filters, apply_filters
from data.schemas import STATUS
from data.schemas import FactSchema as F
from data.schemas import OutlineSchema as O
from data.schemas import PageSchema as G
from figures.charts import CHARTS
from i18n import HTML_LANG, t, t_parts
from i18n.format import format_date


@dataclass(frozen=True)
class PageSpec:
    """A page: its name (nav.<name>, page.<name>.…), path, themes, charts and view.
    A page of a report's section has its ``sections`` and takes its names from the
    report's outline (``titles``: zh, en)."""

    name: str
    path: str
    themes: tuple[str, ...] | None  # None: every theme
    charts: tuple[str, ...] = ()
    sections: tuple[str, ...] | None = None  # None: every section
    titles: tuple[str, str] | None = None
    number: str = ""
    view: str = "part"  # how it is drawn (data.schemas.VIEWS)

    def label(self, lang: str) -> str:
        """The page's name in the navigation bar."""
        if self.titles is None:
            return t(f"nav.{self.name}", lang)
        title = self.titles[1 if lang == "en" else 0]
        room = NAV_TITLE[lang]
        short = title if len(title) <= room else title[:room] + "…"
        return f"{self.number}{short}" if lang == "zh" else short

    def full_label(self, lang: str) -> str:
        """The page's name where there is room (an exported chart's title):
        a section's number and whole title."""
        if self.titles is None:
            return t(f"nav.{self.name}", lang)
        title = self.titles[1 if lang == "en" else 0]
        return f"{self.number}{title}" if lang == "zh" else title

    def title(self, lang: str) -> str:
        if self.titles is None:
            return t(f"page.{self.name}.title", lang)
        return self.titles[1 if lang == "en" else 0]


# A part's charts are offered where its facts may make one; a chart is drawn only
# when its rows make at least two marks (figures.charts.MIN_MARKS).
PART_CHARTS = ("flow", "percentages", "changes", "figures")
# The charts each view offers: a report's overview compares its figures; the
# Source page ("about the data") has the charts that describe the tables.
VIEW_CHARTS = {
    "briefing": (),
    "overview": REPORT_CHARTS,
    "part": PART_CHARTS,
    "source": ("coverage", "themes", "lists"),
    "present": (),
}
NAV_TITLE = {"zh": 8, "en": 24}  # characters of a section's title in the bar


def has_briefing(dataset: Dataset) -> bool:
    """Whether the report's overview is a briefing (its data says so): key
    points, its course and a deck that tells its story, from the catalogs."""
    return bool((dataset.pages[G.view] == "briefing").any())


def described_pages(dataset: Dataset) -> tuple[PageSpec, ...]:
    """The pages the report describes for itself (pages.csv), in its order."""
    return tuple(
        PageSpec(
            row[G.page],
            row[G.path],
            tuple(row[G.themes].split()) or None,
            VIEW_CHARTS[row[G.view]],
            view=row[G.view],
        )
        for row in dataset.pages.to_dict("records")
    )


def section_pages(dataset: Dataset) -> tuple[PageSpec, ...]:
    """The pages of a report that describes none: the overview, one page for each
    top-level section of the outline that holds a fact, the Source page and the
    deck."""
    outline = dataset.outline
    top = outline[outline[O.level] == 1].sort_values(O.start, kind="stable")
    with_facts = set(dataset.facts[F.section].str.split(".").str[0])
    sections = []
    for row in top.to_dict("records"):
        section = row[O.section]
        if section not in with_facts:
            continue
        children = tuple(outline[outline[O.parent] == section][O.section].tolist())
        sections.append(
            PageSpec(
                f"section-{section}",
                f"/section/{section}",
                None,
                PART_CHARTS,
                sections=(section, *children),
                titles=(row[O.title_zh], row[O.title_en]),
                number=row[O.number],
            )
        )
    return (
        # Its overview draws the charts that compare its figures: they are
        # offered for download and export like any page's charts.
        PageSpec("overview", "/", None, VIEW_CHARTS["overview"], view="overview"),
        *sections,
        PageSpec("source", "/source", None, VIEW_CHARTS["source"], view="source"),
        PageSpec("present", "/present", None, view="present"),
    )


def pages_for(dataset: Dataset) -> tuple[PageSpec, ...]:
    """The pages of a report: those it describes, else one per section."""
    return (
        described_pages(dataset) if not dataset.pages.empty else section_pages(dataset)
    )


def page_at(dataset: Dataset, path: object) -> PageSpec | None:
    """The page of the report at ``path`` (None: the report has no such page)."""
    if not isinstance(path, str):
        return None
    return next((page for page in pages_for(dataset) if page.path == path), None)


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
    status_filter_style: dict


def shown(text: str) -> str:
    """``text`` from an address as a notice shows it: control characters (a NUL,
    a terminal escape, a line break) as their code points, never themselves."""
    return "".join(
        f"[U+{ord(c):04X}]" if unicodedata.category(c) in ("Cc", "Cf") else c
        for c in text
    )


# A notice names this many ignored values; the rest are counted.
NOTICE_NAMES = 5


def notice_for(rejected: list[Rejected], lang: str):
    """A dismissable warning naming what was ignored (the first few, then how many
    more); None when nothing was."""
    if not rejected:
        return None
    named = [f"{shown(r.param)}={shown(r.value)}" for r in rejected[:NOTICE_NAMES]]
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
    if spec.sections is not None:
        facts = facts[facts[F.section].isin(spec.sections)]
    return facts


def chart_rows(
    dataset: Dataset, pathname: object, state: ViewState, key: object
) -> pd.DataFrame | None:
    """The rows behind chart ``key`` as the page at ``pathname`` shows it, or None."""
    spec = page_at(dataset, pathname)
    if spec is None or key not in CHARTS:
        return None
    return CHARTS[key].rows(dataset, page_facts(dataset, spec, state))


def _page(
    dataset: Dataset,
    path: str,
    state: ViewState,
    highlight: frozenset[str],
    entries: tuple = (),
):
    lang = state.lang
    if path == LIBRARY_PATH:
        return make_library_page(entries, state)
    if path == REVIEW_PATH:
        return make_review_frame(state)
    spec = page_at(dataset, path)
    if spec is None:
        return html.Div(
            [
                html.H1(t("app.not_found", lang, path=path), className="h4"),
                dcc.Link(t("app.back_home", lang), href="/" + to_search(state)),
            ],
            className="not-found",
        )
    facts = page_facts(dataset, spec, state)
    if spec.view == "briefing":
        return make_overview(
            dataset, spec.charts, lang, facts, highlight, state.fact, state.mode
        )
    if spec.view == "overview":
        return make_report_overview(dataset, lang, facts, highlight, state)
    if spec.view == "source":
        return make_source_page(
            dataset, spec.charts, lang, facts, highlight, state.mode
        )
    if spec.view == "present":
        return make_deck(dataset, state, facts, has_briefing(dataset))
    return make_part_page(
        dataset,
        spec.name,
        spec.charts,
        lang,
        facts,
        highlight,
        state.fact,
        state.mode,
        header=None
        if spec.titles is None
        else (spec.title(lang), t("page.section_intro", lang)),
    )


def app_title(dataset: Dataset, lang: str) -> str:
    """The dashboard's name for this report: the briefing's (the catalogs'), or
    the report's own title."""
    if has_briefing(dataset):
        return t("app.title", lang)
    return t("app.report_title", lang, title=report_title(dataset))


def render_screen(
    pathname: object,
    state: ViewState,
    rejected: list[Rejected],
    dataset: Dataset,
    highlight: frozenset[str],
    entries: tuple = (),
    current: str = "",
) -> Screen:
    """The whole screen for a path and a view state; ``entries`` are the reports
    of the library, for its switcher and page, ``current`` the one shown."""
    path = pathname if isinstance(pathname, str) and pathname else "/"
    lang = state.lang
    title, body = (
        make_detail(dataset, state.fact, lang, state.report) if state.fact else ("", [])
    )
    return Screen(
        navbar=make_navbar(pages_for(dataset), path, state, entries, current),
        notice=notice_for(rejected, lang),
        page=html.Div(
            _page(dataset, path, state, highlight, entries), lang=HTML_LANG[lang]
        ),
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
            title=app_title(dataset, lang),
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
        status_filter_style=status_filter_style(dataset, state),
    )


def status_filter_style(dataset: Dataset, state: ViewState) -> dict:
    """The review-status filter is shown for a report with proposed facts (or
    while it is in use); a report all reviewed has nothing to choose there."""
    proposed = (dataset.facts[STATUS] == "proposed").any()
    return {} if proposed or state.filters.status else {"display": "none"}
