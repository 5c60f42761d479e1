"""Waiting in browser tests: for a condition of the page, never for a fixed time.

Assertions on what a page shows use Playwright's ``expect``, which retries until
its own condition holds. ``settle`` is for the moments that take a snapshot of
the whole page (an audit, a PDF, a screenshot) or leave it (a request still
running when the page goes would be reported as a failed request)."""

from __future__ import annotations

import re

from tests.pages import PAGES

SETTLED = """() => {
    const page = document.getElementById('page');
    if (!page || !page.firstChild) { return false; }
    // Dash shows the first while it loads the app and the second as long as any
    // callback is queued or running; dcc.Loading shows the spinner.
    if (document.querySelector(
            '._dash-loading, ._dash-loading-callback, .dash-spinner')) {
        return false;
    }
    return Array.from(page.querySelectorAll('.chart-graph'))
        .every(graph => graph.querySelector('.main-svg'));
}"""

# The accessibility repairs of assets/a11y.js have run on what is on the page.
REPAIRED = """() => {
    const page = document.querySelector('#page > [lang]');
    if (!page || document.documentElement.lang !== page.getAttribute('lang')) {
        return false;
    }
    if (document.querySelector('.dash-dropdown-focus-target[aria-hidden]')) {
        return false;
    }
    if (document.querySelector('.offcanvas[role=dialog]:not([aria-labelledby])')) {
        return false;
    }
    return Array.from(document.querySelectorAll('[role=tablist] [role=tab]'))
        .every(tab => document.getElementById(tab.getAttribute('aria-controls')));
}"""

FITS_WIDTH = "() => document.documentElement.scrollWidth <= window.innerWidth"


def settle(page, timeout: float = 30_000) -> None:
    """Wait until every callback has answered and every chart is drawn."""
    page.wait_for_function(SETTLED, timeout=timeout)


def open_page(page, url: str) -> None:
    """Go to ``url`` and wait until the dashboard has settled there."""
    page.goto(url)
    settle(page)


def url_ending(suffix: str) -> re.Pattern:
    """A pattern for ``expect(page).to_have_url``: the address ends with ``suffix``."""
    return re.compile(re.escape(suffix) + "$")


_FOUND: dict[str, str] = {}


def path_showing(page, base_url: str, selector: str) -> str:
    """The first page (in the navigation's order) that shows ``selector``, e.g. a
    chart or a bar: pages gain and lose charts as the dashboard changes."""
    if selector not in _FOUND:
        for spec in PAGES:
            if not spec.charts or spec.name == "present":
                continue
            open_page(page, base_url + spec.path)
            if page.locator(selector).count():  # settled: the page is complete
                _FOUND[selector] = spec.path
                break
        else:
            raise AssertionError(f"no page shows {selector}")
    return _FOUND[selector]
