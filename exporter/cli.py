"""`python dashboard.py export`: every chart as files, with a progress bar."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from components.urlstate import ViewState
from data import Dataset
from exporter.bundle import export_items, export_to_dir, render_file
from exporter.images import (
    FORMATS,
    ExportUnavailable,
    Renderer,
    RenderFailed,
    atomic_write,
    browser_problem,
    cjk_font_problem,
)
from exporter.layout import DEFAULT_PRESET, PRESETS
from i18n import LANGUAGES

BAR_WIDTH = 30
EXIT_UNAVAILABLE = 3
EXIT_USAGE = 2
EXIT_FAILED = 1
MAX_SCALE = 8


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


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of the ``export`` command."""
    parser.add_argument("--out", type=Path, required=True, help="folder to write to")
    parser.add_argument(
        "--format",
        default=",".join(FORMATS),
        help="comma-separated: png, svg, pdf (default: all three)",
    )
    sizes = "; ".join(
        f"{name} {preset.pixel_width}×{preset.pixel_height or 'auto'} px"
        for name, preset in PRESETS.items()
    )
    parser.add_argument(
        "--preset",
        choices=tuple(PRESETS),
        default=DEFAULT_PRESET,
        help=f"image size (default {DEFAULT_PRESET}): {sizes}",
    )
    parser.add_argument(
        "--scale",
        type=float,
        default=None,
        help="PNG pixels per CSS pixel, instead of the preset's own",
    )


def progress_bar(done: int, total: int, label: str) -> None:
    filled = BAR_WIDTH * done // max(total, 1)
    bar = "#" * filled + "-" * (BAR_WIDTH - filled)
    end = "\n" if done == total else ""
    sys.stderr.write(f"\r[{bar}] {done}/{total} {label[:40]:<40}{end}")
    sys.stderr.flush()


def run_command(dataset_loader, args: argparse.Namespace) -> int:
    """The ``export`` command: check its options, then export; the exit code."""
    try:
        formats = parse_formats(args.format)
    except ValueError as error:
        print(f"Export failed: {error}", file=sys.stderr)
        return EXIT_USAGE
    if args.scale is not None and not 0 < args.scale <= MAX_SCALE:
        print(
            f"Export failed: --scale must be above 0 and at most {MAX_SCALE}",
            file=sys.stderr,
        )
        return EXIT_USAGE
    return run_export(
        dataset_loader(), args.out, formats, args.lang, args.preset, args.scale
    )


def run_export(
    dataset: Dataset,
    out: Path,
    formats: tuple[str, ...],
    lang: str,
    preset: str = DEFAULT_PRESET,
    scale: float | None = None,
) -> int:
    """Export every chart into ``out``; returns the process exit code."""
    if problem := browser_problem():
        print(f"Export failed: {problem}", file=sys.stderr)
        return EXIT_UNAVAILABLE
    if warning := cjk_font_problem():
        print(f"Warning: {warning}", file=sys.stderr)
    try:
        summary = export_to_dir(
            dataset,
            out,
            ViewState(lang=lang),
            formats,
            preset,
            progress=progress_bar,
            scale=scale,
        )
    except ExportUnavailable as error:
        print(f"\nExport failed: {error}", file=sys.stderr)
        return EXIT_UNAVAILABLE
    except RenderFailed as error:
        print(f"\nExport failed: {error}", file=sys.stderr)
        return EXIT_FAILED
    counts: dict[str, int] = {}
    for path in summary.files:
        counts[path.suffix] = counts.get(path.suffix, 0) + 1
    listing = ", ".join(
        f"{n} {suffix[1:].upper()}" for suffix, n in sorted(counts.items())
    )
    print(
        f"Exported {len(summary.files)} files ({listing}) at preset {preset} to "
        f"{out} in {summary.seconds:.1f} s."
    )
    return 0


def screenshot_presets(out: Path, dataset: Dataset | None = None) -> list[Path]:
    """Every chart at every preset, in every language, as PNG into ``out``: to
    look at what each preset makes of each chart."""
    from data import load_dataset

    dataset = dataset or load_dataset()
    written = []
    with Renderer() as renderer:
        for lang in LANGUAGES:
            for item in export_items(dataset, ViewState(lang=lang)):
                for name, preset in PRESETS.items():
                    path = out / item.image_name(name, "png")
                    png = render_file(renderer, item.laid_out(preset), "png", lang)
                    atomic_write(path, png)
                    written.append(path)
    return written
