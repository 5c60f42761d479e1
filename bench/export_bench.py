"""Export speed: one warm Chromium (the exporter's own renderer) against kaleido's
one-shot mode, which starts a browser per image — measured in the same run.

    python bench/export_bench.py [--charts N] [--repeat R] [--out docs/performance.md]

Prints a table and writes it (with machine, versions and date) to the output file.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.common import Row  # noqa: E402
from components.urlstate import ViewState  # noqa: E402
from data import load_dataset  # noqa: E402
from exporter.bundle import export_items  # noqa: E402
from exporter.images import Renderer, render_once  # noqa: E402


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def measure(charts: int, repeat: int) -> dict[str, object]:
    items = export_items(load_dataset(), ViewState())[:charts]
    figures = [item.figure for item in items]
    renderer = Renderer()
    first = timed(lambda: (renderer.start(), renderer.render(figures[0], "png")))
    warm_png, warm_svg = [], []
    for _ in range(repeat):
        for figure in figures:
            warm_png.append(timed(lambda f=figure: renderer.render(f, "png")))
            warm_svg.append(timed(lambda f=figure: renderer.render(f, "svg")))
    all_charts = timed(lambda: [renderer.render(f, "png") for f in figures])
    renderer.stop()
    oneshot = [timed(lambda f=figure: render_once(f, "png")) for figure in figures[:3]]
    return {
        "charts": len(figures),
        "first": first,
        "warm_png": statistics.median(warm_png),
        "warm_svg": statistics.median(warm_svg),
        "all_charts": all_charts,
        "oneshot": statistics.median(oneshot),
    }


def rows(result: dict[str, object]) -> list[Row]:
    """The result as benchmark rows: warm times beside the one-shot baseline."""
    oneshot = float(result["oneshot"])
    note = "baseline: kaleido one-shot (a browser per image)"
    return [
        Row("First PNG (starts Chromium)", float(result["first"]), "s"),
        Row("Warm PNG, per image", float(result["warm_png"]), "s", oneshot, 0.5,
            ratio=True, note=note),
        Row("Warm SVG, per image", float(result["warm_svg"]), "s", oneshot, 0.5,
            ratio=True, note=note),
        Row(f"All {result['charts']} charts as PNG, warm", float(result["all_charts"]),
            "s"),
    ]  # fmt: skip


def table(result: dict[str, object]) -> str:
    ratio = result["oneshot"] / result["warm_png"]
    rows = [
        ("First PNG (starts Chromium)", f"{result['first']:.2f} s", ""),
        ("Warm PNG, per image (median)", f"{result['warm_png']:.3f} s", ""),
        ("Warm SVG, per image (median)", f"{result['warm_svg']:.3f} s", ""),
        (
            f"All {result['charts']} charts as PNG, warm",
            f"{result['all_charts']:.2f} s",
            "",
        ),
        (
            "One-shot PNG, per image (median of 3): the baseline",
            f"{result['oneshot']:.2f} s",
            f"warm is {ratio:.0f}× faster",
        ),
    ]
    lines = ["| measure | time | note |", "|---|---|---|"]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--charts", type=int, default=17)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "performance.md")
    args = parser.parse_args()
    result = measure(args.charts, args.repeat)
    text = table(result)
    print(text)
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    machine = (
        f"{platform.machine()}, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, kaleido {version('kaleido')}, "
        f"plotly {version('plotly')}"
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        "# Performance\n\n## Image export\n\n"
        f"Measured {stamp} on {machine}, by `make bench` "
        "(`bench/export_bench.py`). Both modes run in the same process, one after the "
        "other, on the dashboard's own charts at scale 2.\n\n" + text + "\n",
        encoding="utf-8",
    )
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
