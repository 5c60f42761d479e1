"""Screenshot the dashboard's pages in headless Chromium, from the bundled data.

    python scripts/screenshot.py [--out DIR] [--width W] [--height H]

Writes one PNG per page (README shows docs/overview-zh.png).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from dashboard import create_app  # noqa: E402
from devtools.browser import launch, wait_for_dashboard  # noqa: E402
from devtools.live_server import live_server  # noqa: E402

PAGES = {
    "overview-zh": "/",
    "overview-en": "/?lang=en",
    "outcomes-zh": "/outcomes",
    "detail-zh": "/consultation?unit=people,documents&fact=questionnaires",
    "source-zh": "/source",
    "present-zh": "/present?slide=5",
    "dark-zh": "/outcomes?mode=dark",
}
WHOLE_PAGE = {"overview-zh", "overview-en", "outcomes-zh"}  # the rest: first screen


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    parser.add_argument("--width", type=int, default=1440)
    parser.add_argument("--height", type=int, default=900)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    app = create_app()
    with live_server(app.server) as base, sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport={"width": args.width, "height": args.height})
        for name, path in PAGES.items():
            page.goto(base + path)
            wait_for_dashboard(page)
            if path.startswith("/present"):
                page.locator(".slide.active").wait_for()
            if "fact=" in path:  # let the detail panel finish sliding in
                page.locator(".detail-panel.show").wait_for()
                page.wait_for_timeout(600)
            target = args.out / f"{name}.png"
            page.screenshot(path=str(target), full_page=name in WHOLE_PAGE)
            print(f"wrote {target}")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
