"""`python dashboard.py export`: every chart as files, with a progress bar.

Every failure is one line on stderr and an exit status: 2 for what the person
running it can fix (an option, the output folder, a full disk), 3 when Chromium
is missing or does not start, 1 when it fails while drawing, 130 when
interrupted. The output folder is checked before Chromium starts; each file is
written whole or not at all, and no temporary file is left behind.
"""

from __future__ import annotations

import argparse
import math
import signal
import sys
import uuid
from pathlib import Path

from components.urlstate import ViewState
from data import Dataset
from exporter.bundle import WriteFailed, export_items, export_to_dir, render_file
from exporter.images import (
    FORMATS,
    ExportUnavailable,
    Renderer,
    RenderFailed,
    atomic_write,
    browser_problem,
    cjk_font_problem,
    stop_every_renderer,
    timeout_problem,
    write_problem,
)
from exporter.layout import DEFAULT_PRESET, PRESETS
from i18n import LANGUAGES

BAR_WIDTH = 30
EXIT_UNAVAILABLE = 3
EXIT_USAGE = 2
EXIT_FAILED = 1
EXIT_INTERRUPTED = 130  # as shells report a command stopped by Ctrl+C
SCALE_LIMITS = (0.25, 8)  # PNG pixels per CSS pixel: a quarter size to 8× sharp


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
    # A string, not a Path: Path("") is ".", and an empty --out must be refused,
    # not turned into the current folder.
    parser.add_argument("--out", required=True, help="folder to write to")
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


# Whether the progress bar's line is open (a message then starts a new line).
_BAR = {"open": False}


def progress_bar(done: int, total: int, label: str) -> None:
    if done == 0:  # the count said before the first file: the bar starts with it
        return
    _BAR["open"] = done < total
    filled = BAR_WIDTH * done // max(total, 1)
    bar = "#" * filled + "-" * (BAR_WIDTH - filled)
    end = "\n" if done == total else ""
    sys.stderr.write(f"\r[{bar}] {done}/{total} {label[:40]:<40}{end}")
    sys.stderr.flush()


def fail(message: str, code: int) -> int:
    """Report ``message`` on one line of stderr (after any progress bar); the
    exit code."""
    start = "\n" if _BAR["open"] else ""
    sys.stderr.write(f"{start}Export failed: {message}\n")
    sys.stderr.flush()
    return code


def scale_problem(scale: float | None) -> str | None:
    """Why ``--scale`` cannot be used, or None."""
    low, high = SCALE_LIMITS
    if scale is None or (math.isfinite(scale) and low <= scale <= high):
        return None
    return f"--scale must be from {low:g} to {high:g}, not {scale:g}"


def folder_problem(text: str) -> str | None:
    """Why the folder ``--out`` names cannot be written to, found without
    writing anything: empty, a file, or under a file."""
    if not text.strip():
        return "--out is empty: name the folder to write the files to"
    out = Path(text)
    if out.exists() and not out.is_dir():
        return f"--out {out} is a file, not a folder: choose a folder"
    for parent in out.parents:
        if parent.exists():
            if not parent.is_dir():
                return f"--out {out} is under a file, {parent}: choose a folder"
            break
    return None


def prepare_folder(out: Path) -> str | None:
    """Create ``out`` and write (then remove) a probe file in it: why the export
    could not write there, or None."""
    probe = out / f".export-probe-{uuid.uuid4().hex}"
    try:
        out.mkdir(parents=True, exist_ok=True)
        atomic_write(probe, b"")
        probe.unlink()
    except OSError as error:
        return (
            f"cannot write to {out}: {write_problem(error)}; choose a folder you "
            "can write to with --out"
        )
    return None


def created_folders(out: Path) -> list[Path]:
    """The folders of ``out`` (itself first) that do not exist yet: those an
    export that fails must not leave behind."""
    missing = []
    for folder in (out, *out.parents):
        if folder.exists():
            break
        missing.append(folder)
    return missing


def remove_if_empty(folders: list[Path]) -> None:
    """Remove each of ``folders`` (innermost first) that is still empty."""
    for folder in folders:
        try:
            folder.rmdir()
        except OSError:
            return  # not empty, or already gone: keep it and its parents


def run_command(dataset_loader, args: argparse.Namespace) -> int:
    """The ``export`` command: check its options, then export; the exit code."""
    try:
        formats = parse_formats(args.format)
    except ValueError as error:
        return fail(str(error), EXIT_USAGE)
    problem = scale_problem(args.scale) or folder_problem(args.out) or timeout_problem()
    if problem:
        return fail(problem, EXIT_USAGE)
    new_folders = created_folders(Path(args.out))
    code = EXIT_INTERRUPTED
    try:
        dataset = dataset_loader()
        code = run_export(
            dataset, Path(args.out), formats, args.lang, args.preset, args.scale
        )
        return code
    except KeyboardInterrupt:
        return interrupted()
    finally:
        if code != 0:  # a failed export leaves no empty folder of its own
            remove_if_empty(new_folders)


def interrupted() -> int:
    """Ctrl+C: the browser is gone and no partial file is left (see
    ``Renderer`` and ``atomic_write``); say so in one line."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl+C changes nothing
    stop_every_renderer()  # now, so that nothing of it is said after this line
    start = "\n" if _BAR["open"] else ""
    sys.stderr.write(
        f"{start}Export stopped: interrupted. The files already written are complete.\n"
    )
    sys.stderr.flush()
    return EXIT_INTERRUPTED


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
        return fail(problem, EXIT_UNAVAILABLE)
    if problem := prepare_folder(out):  # before Chromium starts
        return fail(problem, EXIT_USAGE)
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
        return fail(str(error), EXIT_UNAVAILABLE)
    except RenderFailed as error:
        return fail(str(error), EXIT_FAILED)
    except WriteFailed as error:
        return fail(str(error), EXIT_USAGE)
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
