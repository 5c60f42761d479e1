"""Which page a URL shows, in which language, and what to tell the user about it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qs

import dash_bootstrap_components as dbc
from dash import html

from components.layout import make_navbar
from components.overview import make_overview
from data import Dataset
from i18n import DEFAULT_LANGUAGE, HTML_LANG, LANGUAGES, t

ROUTES: dict[str, Callable[[Dataset, str], html.Div]] = {"/": make_overview}


@dataclass(frozen=True)
class Rendered:
    """What the page callback puts on screen."""

    navbar: object
    page: object
    notice: object


def parse_language(search: str | None) -> tuple[str, str | None]:
    """The language asked for in the query string, and the rejected value if any."""
    values = parse_qs((search or "").lstrip("?")).get("lang")
    if not values:
        return DEFAULT_LANGUAGE, None
    value = values[-1]
    return (value, None) if value in LANGUAGES else (DEFAULT_LANGUAGE, value)


def _notice(text: str) -> dbc.Alert:
    return dbc.Alert(text, color="warning", dismissable=True, className="mt-2")


def render(pathname: str | None, search: str | None, dataset: Dataset) -> Rendered:
    """Navbar, page and notice for a URL; bad input gives a notice, never an error."""
    path = pathname if isinstance(pathname, str) and pathname else "/"
    lang, rejected = parse_language(search if isinstance(search, str) else None)
    notice = _notice(t("app.lang_notice", lang, value=rejected)) if rejected else None
    builder = ROUTES.get(path)
    if builder is None:
        page = html.Div(
            [
                html.H1(t("app.not_found", lang, path=path), className="h4"),
                html.A(t("app.back_home", lang), href=f"/?lang={lang}"),
            ],
            className="not-found",
        )
    else:
        page = builder(dataset, lang)
    return Rendered(
        make_navbar(path, lang), html.Div(page, lang=HTML_LANG[lang]), notice
    )
