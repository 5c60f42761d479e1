"""Browser fixtures: the system Chromium (never a downloaded one), a live server
on a free port, and a page that records everything the console says."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from dashboard import create_app
from devtools.live_server import live_server

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"

# Every expect(...) retries its condition this long: a page's first render and a
# callback's answer take a few seconds on a small, busy machine.
expect.set_options(timeout=20_000)


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="module")
def base_url(dataset):
    app = create_app({"DATASET": dataset})
    with live_server(app.server) as url:
        yield url


class ConsoleLog:
    """Console messages of level warning or error, page errors and failed requests."""

    def __init__(self, page) -> None:
        self.problems: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"pageerror: {error}"))
        page.on(
            "requestfailed",
            lambda request: self.problems.append(
                f"requestfailed: {request.url} {request.failure}"
            ),
        )

    def _console(self, message) -> None:
        if message.type in ("error", "warning"):
            self.problems.append(f"console.{message.type}: {message.text}")


def new_tab(browser, width: int = 1440, height: int = 900, **options):
    """A page in a browser context of its own, at ``width``×``height``, recording
    what its console says; close it with ``tab.context.close()``."""
    context = browser.new_context(
        viewport={"width": width, "height": height}, **options
    )
    tab = context.new_page()
    tab.console = ConsoleLog(tab)
    return tab


@pytest.fixture
def page(browser):
    tab = new_tab(browser, locale="zh-CN")
    yield tab
    tab.context.close()


@pytest.fixture
def sized_page(browser):
    """``sized_page(width, height)``: a page of that size, closed after the test."""
    tabs = []

    def make(width: int, height: int, **options):
        tabs.append(new_tab(browser, width, height, **options))
        return tabs[-1]

    yield make
    for tab in tabs:
        tab.context.close()


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under artifacts/ (git-ignored) to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
