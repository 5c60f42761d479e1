"""Every component id, in one place: a misspelt id fails at import, not in a browser.

Repeated widgets get dict ids from the factories below, so one pattern-matching
callback (``ALL``) serves them all.
"""

from __future__ import annotations

URL = "url"
ROOT = "app-root"
SKIP_LINK = "skip-link"
MAIN = "main"
PRINT_HEADER = "print-header"
PRINT_FOOTER = "print-footer"
NAVBAR = "navbar"
NAV_BRAND = "nav-brand"
NAV_TOGGLER = "nav-toggler"
NAV_COLLAPSE = "nav-collapse"
NOTICE = "notice"
PAGE = "page"
PAGE_LOADING = "page-loading"
SCROLL_DONE = "scroll-done"
DOWNLOAD = "download"

FILTER_BAR = "filter-bar"
FILTER_CLEAR = "filter-clear"
FILTER_CHIPS = "filter-chips"
FILTER_HEADING = "filter-heading"

DETAIL = "detail"
DETAIL_BODY = "detail-body"

CHART = "chart"
FACT_LINK = "fact-link"
CHIP = "chip"
CSV = "csv"
CHART_TABS = "chart-tabs"
CHART_TABLE = "chart-table"
EXPORT = "export"
EXPORT_ALL = "export-all"
EXPORT_PROGRESS = "export-progress"
EXPORT_STATUS = "export-status"


def filter_dropdown(name: str) -> str:
    """The dropdown of filter ``name`` (section, theme, unit, kind)."""
    return f"filter-{name}"


def filter_column(name: str) -> str:
    """The column that holds filter ``name``'s dropdown (hidden when it offers
    nothing to choose, as the review status of a report all reviewed)."""
    return f"filter-column-{name}"


def chart(key: str) -> dict[str, str]:
    """The graph of chart ``key``; its clicks cross-filter and open the detail panel."""
    return {"type": CHART, "chart": key}


def chart_tabs(key: str) -> dict[str, str]:
    """The chart / table tabs of chart ``key``'s card."""
    return {"type": CHART_TABS, "chart": key}


def chart_table(key: str) -> dict[str, str]:
    """Where chart ``key``'s table goes, filled when its tab is first opened."""
    return {"type": CHART_TABLE, "chart": key}


def csv_button(key: str) -> dict[str, str]:
    return {"type": CSV, "chart": key}


def export_button(key: str, fmt: str) -> dict[str, str]:
    """The menu item that exports chart ``key`` as ``fmt`` on the server."""
    return {"type": EXPORT, "chart": key, "format": fmt}


def fact_link(fact_id: str, origin: str) -> dict[str, str]:
    """A button that opens fact ``fact_id`` in the detail panel; ``origin`` keeps
    ids unique when one fact is linked from several places on a page."""
    return {"type": FACT_LINK, "fact": fact_id, "origin": origin}


def chip(name: str, value: str) -> dict[str, str]:
    """The remove button of an active-filter chip."""
    return {"type": CHIP, "filter": name, "value": value}


# Editors (editors/): the signed-in editor's CSRF token, which every write
# callback carries as a State, and the account slot of the navigation bar.
CSRF = "csrf-token"
ACCOUNT = "account"
