"""Page load and filter redraw in headless Chromium, each beside its floor:

- page load: from navigation start until every chart on the page is drawn,
  cold (empty cache) and warm (reload), and the bytes transferred — against a static
  HTML page drawing the same figures with the same plotly.js bundle;
- filter: from a filter change (here: clearing one through the address, as on
  back/forward) until every chart is redrawn — against plotly.js drawing the same
  figures afresh in the same page, with no server and no Dash.

    python -m bench.page [--runs N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys

from playwright.sync_api import sync_playwright

from bench.common import ROOT, Row, markdown
from bench.floor import PAGE, RECORDED
from devtools.browser import launch
from devtools.live_server import free_port, gunicorn_command, server_process

PAGE_WEIGHT_LIMIT_KB = 700
LOAD_LIMIT = 1.3
FILTER_LIMIT = 1.5
FILTERED = RECORDED["url.search"]

# Wrap Plotly as soon as the bundle defines it: count finished draws, and keep
# the time of the last one.
COUNT_DRAWS = """
(() => {
  let plotly;
  window.__draws = 0;
  window.__lastDraw = 0;
  const wrap = (name) => {
    const original = plotly[name];
    plotly[name] = function () {
      return original.apply(this, arguments).then((gd) => {
        window.__draws += 1;
        window.__lastDraw = performance.now();
        return gd;
      });
    };
  };
  Object.defineProperty(window, "Plotly", {
    configurable: true,
    get() { return plotly; },
    set(value) { plotly = value; wrap("newPlot"); wrap("react"); },
  });
})();
"""
# Every chart on the page drawn, and nothing left loading.
ALL_DRAWN = """(minimum) => {
  const graphs = document.querySelectorAll('#page .chart-graph');
  if (graphs.length === 0 || window.__draws < minimum) { return false; }
  if (document.querySelector('._dash-loading, .dash-spinner')) { return false; }
  return Array.from(graphs).every(g => g.querySelector('.main-svg'));
}"""
CHANGE_ADDRESS = """(address) => {
  window.__draws = 0;
  window.__changed = performance.now();
  window.history.pushState({}, "", address);
  window.dispatchEvent(new PopStateEvent("popstate"));
}"""
# The browser's own redraw: plotly.js draws the given figures afresh on the graphs.
REDRAW = """async (figures) => {
  const graphs = Array.from(document.querySelectorAll('#page .js-plotly-plot'));
  graphs.forEach((gd) => Plotly.purge(gd));
  const started = performance.now();
  await Promise.all(graphs.map((gd, i) =>
    Plotly.newPlot(gd, figures[i].data, figures[i].layout, figures[i].config)));
  return performance.now() - started;
}"""


def transferred(page) -> list[int]:
    """A list that fills with the bytes of each response as it finishes."""
    sizes: list[int] = []

    def finished(request) -> None:
        size = request.sizes()
        sizes.append(size["responseBodySize"] + size["responseHeadersSize"])

    page.on("requestfinished", finished)
    return sizes


def load(page, url: str, done: str, arg=None) -> float:
    """Milliseconds from navigation start until ``done`` holds."""
    page.goto(url, wait_until="commit")
    page.wait_for_function(done, arg=arg, polling="raf", timeout=60_000)
    return page.evaluate("window.__lastDraw || window.staticDrawn")


def page_loads(browser, url: str, done: str, runs: int) -> tuple[float, float, int]:
    """Median cold and warm load time (ms) and the bytes of a cold load."""
    cold, warm, weight = [], [], 0
    for _ in range(runs):
        context = browser.new_context(viewport={"width": 1440, "height": 900})
        context.add_init_script(COUNT_DRAWS)
        page = context.new_page()
        sizes = transferred(page)
        cold.append(load(page, url, done, 1))
        page.wait_for_load_state("networkidle")
        weight = sum(sizes)
        warm.append(load(page, url, done, 1))
        context.close()
    return statistics.median(cold), statistics.median(warm), weight


def filter_redraws(browser, base: str, figures: list[dict], runs: int):
    """Median ms from clearing a filter to every overview chart redrawn; and the
    same figures drawn afresh by plotly.js alone, in the same page."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    context.add_init_script(COUNT_DRAWS)
    page = context.new_page()
    load(page, base + PAGE, ALL_DRAWN, 1)
    dashboard, floor = [], []
    for _ in range(runs):
        page.evaluate(CHANGE_ADDRESS, PAGE + FILTERED)
        page.wait_for_function(ALL_DRAWN, arg=1, polling="raf")
        page.wait_for_timeout(300)
        page.evaluate(CHANGE_ADDRESS, PAGE)
        page.wait_for_function(ALL_DRAWN, arg=len(figures), polling="raf")
        page.wait_for_timeout(300)  # let late draws land before reading the time
        dashboard.append(page.evaluate("window.__lastDraw - window.__changed"))
        floor.append(page.evaluate(REDRAW, figures))
    context.close()
    return statistics.median(dashboard), statistics.median(floor)


def measure(runs: int = 5) -> list[Row]:
    """The page served from the library (as `make run` does), then from the data
    files (DATA_DIR, no library): what the library costs the common case."""
    return _measure_on(runs, {}, "library") + _measure_on(
        runs, {"DATA_DIR": str(ROOT / "data")}, "files, no library"
    )


def _measure_on(runs: int, env: dict[str, str], where: str) -> list[Row]:
    port = free_port()
    command = gunicorn_command(port, 2, "bench.floor:server")
    with (
        server_process(command, port, env=env, cwd=ROOT) as base,
        sync_playwright() as pw,
    ):
        browser = launch(pw)
        with browser.new_context() as context:  # fill the server's caches first
            context.new_page().goto(base + PAGE, wait_until="networkidle")
            context.new_page().goto(base + "/bench/static", wait_until="networkidle")
        cold, warm, weight = page_loads(browser, base + PAGE, ALL_DRAWN, runs)
        s_cold, s_warm, s_weight = page_loads(
            browser, base + "/bench/static", "() => window.staticDrawn", runs
        )
        figures = json.loads(
            browser.new_page().goto(base + "/bench/figures.json").text()
        )
        redraw, react = filter_redraws(browser, base, figures, runs)
        browser.close()
    name = f"{PAGE} ({where})"
    return [
        Row(f"{name} load, cold: every chart drawn", cold, "ms", s_cold, LOAD_LIMIT,
            ratio=True, note="floor: static HTML, same figures and plotly.js"),
        Row(f"{name} load, warm (cached assets)", warm, "ms", s_warm, LOAD_LIMIT,
            ratio=True),
        Row(f"{name} page weight, compressed", weight / 1024, "KB",
            s_weight / 1024, PAGE_WEIGHT_LIMIT_KB,
            note="floor: the static page's weight"),
        Row(f"{name} filter change → every chart redrawn", redraw, "ms", react,
            FILTER_LIMIT, ratio=True, note="floor: plotly.js alone, same figures"),
    ]  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(markdown(measure(args.runs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
