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


def wait_for_dashboard(page, graphs: int, timeout: float = 30_000) -> None:
    """Wait until ``graphs`` plotly graphs have drawn and no loading spinner shows."""
    page.wait_for_function(
        "n => document.querySelectorAll('.js-plotly-plot .main-svg').length >= n",
        arg=graphs * 2,
        timeout=timeout,
    )  # each graph draws two main-svg layers
    page.wait_for_function(
        "() => !document.querySelector('._dash-loading, .dash-spinner')",
        timeout=timeout,
    )
