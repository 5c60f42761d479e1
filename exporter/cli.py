"""`python dashboard.py export`: every chart as files, with a progress bar."""

from __future__ import annotations

import sys
from pathlib import Path

from components.urlstate import ViewState
from data import Dataset
from exporter.bundle import export_to_dir
from exporter.images import (
    FORMATS,
    ExportUnavailable,
    browser_problem,
    cjk_font_problem,
)

BAR_WIDTH = 30
EXIT_UNAVAILABLE = 3


def parse_formats(text: str) -> tuple[str, ...]:
    """ "png,svg" → ("png", "svg"); raises ValueError naming an unknown format."""
    formats = tuple(
        dict.fromkeys(part.strip().lower() for part in text.split(",") if part.strip())
    )
    unknown = [fmt for fmt in formats if fmt not in FORMATS]
    if unknown or not formats:
        raise ValueError(
            f"unknown format(s) {', '.join(unknown) or '(none)'}: "
            f"choose from {', '.join(FORMATS)}"
        )
    return formats


def progress_bar(done: int, total: int, label: str) -> None:
    filled = BAR_WIDTH * done // max(total, 1)
    bar = "#" * filled + "-" * (BAR_WIDTH - filled)
    end = "\n" if done == total else ""
    sys.stderr.write(f"\r[{bar}] {done}/{total} {label[:40]:<40}{end}")
    sys.stderr.flush()


def run_export(
    dataset: Dataset, out: Path, formats: tuple[str, ...], lang: str, scale: float
) -> int:
    """Export every chart into ``out``; returns the process exit code."""
    if problem := browser_problem():
        print(f"Export failed: {problem}", file=sys.stderr)
        return EXIT_UNAVAILABLE
    if warning := cjk_font_problem():
        print(f"Warning: {warning}", file=sys.stderr)
    try:
        summary = export_to_dir(
            dataset, out, ViewState(lang=lang), formats, scale, progress=progress_bar
        )
    except ExportUnavailable as error:
        print(f"\nExport failed: {error}", file=sys.stderr)
        return EXIT_UNAVAILABLE
    counts: dict[str, int] = {}
    for path in summary.files:
        counts[path.suffix] = counts.get(path.suffix, 0) + 1
    listing = ", ".join(
        f"{n} {suffix[1:].upper()}" for suffix, n in sorted(counts.items())
    )
    print(
        f"Exported {len(summary.files)} files ({listing}) to {out} "
        f"in {summary.seconds:.1f} s."
    )
    return 0
