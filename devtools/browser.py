"""Launch the system Chromium (Debian's package) with Playwright; never download one."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
INSTALL_HINT = (
    "Install it with: apt-get install -y chromium fonts-noto-cjk "
    "(or run 'make test', which does so as root)."
)


def chromium_path() -> str:
    """Path of the Chromium to drive: $CHROMIUM_PATH, else the system one."""
    candidate = (
        os.environ.get("CHROMIUM_PATH")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
        or "/usr/bin/chromium"
    )
    if not Path(candidate).exists():
        raise RuntimeError(f"Chromium was not found at {candidate}. {INSTALL_HINT}")
    return candidate


def launch(playwright):
    """A headless Chromium browser from a started ``sync_playwright()``."""
    return playwright.chromium.launch(
        executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True
    )


DRAWN = """() => {
    const page = document.getElementById('page');
    if (!page || !page.firstChild) { return false; }
    if (document.querySelector('._dash-loading, .dash-spinner')) { return false; }
    const graphs = page.querySelectorAll('.chart-graph');
    return Array.from(graphs).every(g => g.querySelector('.main-svg'));
}"""


def wait_for_dashboard(page, timeout: float = 30_000) -> None:
    """Wait until the page has rendered and every plotly graph on it has drawn."""
    page.wait_for_function(DRAWN, timeout=timeout)
    page.wait_for_timeout(100)  # let plotly finish its last relayout
