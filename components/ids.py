"""Every component id, in one place: a misspelt id fails at import, not in a browser."""

from __future__ import annotations

URL = "url"
NAVBAR = "navbar"
LANGUAGE_LINK = "language-link"
NOTICE = "notice"
PAGE = "page"
PAGE_LOADING = "page-loading"

GRAPH_THEMES = "graph-facts-by-theme"
GRAPH_CONSULTATION = "graph-consultation"
GRAPH_LISTS = "graph-lists"


def kpi_card(card: str) -> dict[str, str]:
    """Id of the KPI card named ``card`` (pattern-matching friendly)."""
    return {"type": "kpi-card", "card": card}
