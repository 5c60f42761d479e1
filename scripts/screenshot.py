"""Screenshot the dashboard in headless Chromium, from the bundled data.

    python scripts/screenshot.py [--out DIR]           # the README's pictures
    python scripts/screenshot.py --all [--out DIR]     # every view, to look at

The README set goes to docs/. ``--all`` writes, into DIR (default
artifacts/screens/): every page in zh and en at 1920×1080, 1366×768, a 390-pixel
phone and a 1280×720 projector; every slide of the deck in zh and en at 1920×1080
and 1280×720; and every export preset of every chart in zh and en.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from components.pages import pages_for  # noqa: E402
from dashboard import create_app  # noqa: E402
from data.loader import load_dataset  # noqa: E402
from devtools.browser import launch, wait_for_dashboard  # noqa: E402
from devtools.live_server import live_server  # noqa: E402
from i18n import LANGUAGES  # noqa: E402

# The README's pictures: name → (path, width, height, whole page?)
README_SET = {
    "overview-zh": ("/", 1440, 900, True),
    "overview-en": ("/?lang=en", 1440, 900, True),
    "outcomes-zh": ("/outcomes", 1440, 900, True),
    "detail-zh": (
        "/consultation?unit=people&fact=member_consultations",
        1440,
        900,
        False,
    ),
    "source-zh": ("/source", 1440, 900, False),
    "present-zh": ("/present?slide=7", 1920, 1080, False),
    "dark-zh": ("/outcomes?mode=dark", 1440, 900, False),
    "phone-zh": ("/", 390, 844, False),
}
PAGE_SIZES = ((1920, 1080), (1366, 768), (390, 844), (1280, 720))
SLIDE_SIZES = ((1920, 1080), (1280, 720))


def _settle(page, path: str) -> None:
    wait_for_dashboard(page)
    if path.startswith("/present"):
        page.locator(".slide.active").wait_for()
    if "fact=" in path:  # the detail panel slides in
        page.locator(".detail-panel.show").wait_for()
        page.wait_for_timeout(600)


def readme_set(browser, base: str, out: Path) -> None:
    for name, (path, width, height, whole) in README_SET.items():
        page = browser.new_page(viewport={"width": width, "height": height})
        page.goto(base + path)
        _settle(page, path)
        target = out / f"{name}.png"
        page.screenshot(path=str(target), full_page=whole)
        print(f"wrote {target}")
        page.close()


def every_view(browser, base: str, out: Path) -> None:
    pages = pages_for(load_dataset())
    paths = [page.path for page in pages if page.view != "present"]
    for width, height in PAGE_SIZES:
        page = browser.new_page(viewport={"width": width, "height": height})
        for lang in LANGUAGES:
            for path in paths:
                page.goto(f"{base}{path}?lang={lang}")
                _settle(page, path)
                name = (path.strip("/") or "overview") + f"-{lang}-{width}x{height}"
                page.screenshot(path=str(out / f"{name}.png"), full_page=True)
                print(f"wrote {name}.png")
        page.close()
    for width, height in SLIDE_SIZES:
        page = browser.new_page(viewport={"width": width, "height": height})
        for lang in LANGUAGES:
            page.goto(f"{base}/present?lang={lang}")
            _settle(page, "/present")
            count = page.locator(".slide").count()
            for number in range(1, count + 1):
                page.goto(f"{base}/present?lang={lang}&slide={number}")
                _settle(page, "/present")
                name = f"slide-{number:02d}-{lang}-{width}x{height}"
                page.screenshot(path=str(out / f"{name}.png"))
                print(f"wrote {name}.png")
        page.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--all", action="store_true", help="every view, to look at")
    args = parser.parse_args()
    out = args.out or (ROOT / "artifacts" / "screens" if args.all else ROOT / "docs")
    out.mkdir(parents=True, exist_ok=True)
    app = create_app()
    with live_server(app.server) as base, sync_playwright() as playwright:
        browser = launch(playwright)
        if args.all:
            every_view(browser, base, out)
        else:
            readme_set(browser, base, out)
        browser.close()
    if args.all:
        export_presets(out)
    return 0


def export_presets(out: Path) -> None:
    """Every chart at every export preset, in both languages, as PNG."""
    from exporter.cli import screenshot_presets

    for path in screenshot_presets(out):
        print(f"wrote {path.name}")


if __name__ == "__main__":
    sys.exit(main())
