"""Browser fixtures: the system Chromium (never a downloaded one), a live server
on a free port, and a page that records everything the console says."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from dashboard import create_app
from devtools.browser import launch
from devtools.live_server import live_server

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


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


@pytest.fixture
def page(browser):
    context = browser.new_context(
        viewport={"width": 1440, "height": 900}, locale="zh-CN"
    )
    tab = context.new_page()
    tab.console = ConsoleLog(tab)
    yield tab
    context.close()


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot under artifacts/ (git-ignored) to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
