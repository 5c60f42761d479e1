"""The rules a report's own pages (pages.csv) keep beyond their schema: known
themes, names in the catalogs, and one overview, Source page and deck at the
paths that pages and exports link to."""

from __future__ import annotations

import pandas as pd

from data.provenance import Problem
from data.schemas import RESERVED_PATHS, THEMES, VIEW_PATHS
from data.schemas import PageSchema as P
from i18n import LANGUAGES, catalog

FILE = "pages.csv"
# A page's names in the catalogs: the navigation bar's for every page; a title
# and an introduction for the pages that show them (an overview has the report's).
TITLED_VIEWS = ("part", "source", "present")


def _catalog_problems(line: int, page: str, view: str) -> list[Problem]:
    keys = [f"nav.{page}"]
    if view in TITLED_VIEWS:
        keys += [f"page.{page}.title", f"page.{page}.intro"]
    missing = [
        f"{key} ({lang}.json)"
        for key in keys
        for lang in LANGUAGES
        if key not in catalog(lang)
    ]
    if not missing:
        return []
    return [
        Problem(
            FILE,
            line,
            P.page,
            f"page {page!r} has no name in the catalogs: add {', '.join(missing)} "
            "to i18n/",
        )
    ]


def page_problems(pages: pd.DataFrame) -> list[Problem]:
    """Every broken rule of ``pages`` (indexed by line); none for no pages."""
    problems: list[Problem] = []
    for line, row in zip(pages.index, pages.to_dict("records")):
        path, view = row[P.path], row[P.view]
        for theme in row[P.themes].split():
            if theme not in THEMES:
                problems.append(
                    Problem(
                        FILE,
                        line,
                        P.themes,
                        f"unknown theme {theme!r}; the themes are those of "
                        "data/themes.csv",
                    )
                )
        if view in VIEW_PATHS and path != VIEW_PATHS[view]:
            problems.append(
                Problem(
                    FILE,
                    line,
                    P.path,
                    f"a page of view {view!r} is at {VIEW_PATHS[view]!r}, not {path!r}",
                )
            )
        elif view not in VIEW_PATHS and (
            path in VIEW_PATHS.values() or path in RESERVED_PATHS
        ):
            problems.append(
                Problem(
                    FILE, line, P.path, f"{path!r} is taken: choose another path"
                )
            )
        problems += _catalog_problems(line, row[P.page], view)
    if not pages.empty:
        have = set(pages[P.path])
        for path in dict.fromkeys(VIEW_PATHS.values()):
            if path not in have:
                views = " or ".join(v for v, p in VIEW_PATHS.items() if p == path)
                problems.append(
                    Problem(
                        FILE,
                        None,
                        P.path,
                        f"no page at {path!r}: a report's pages include one of "
                        f"view {views} there",
                    )
                )
    return problems
