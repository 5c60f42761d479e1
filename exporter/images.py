"""Render figures to PNG, SVG or PDF with kaleido v1 and the system Chromium."""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
from functools import cache
from pathlib import Path

import kaleido
import plotly.graph_objects as go

FORMATS = ("png", "svg", "pdf")
MEDIA_TYPES = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}
DEFAULT_WIDTH = 1200
INSTALL_COMMAND = "apt-get install -y chromium fonts-noto-cjk"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "chrome")


class ExportUnavailable(RuntimeError):
    """Images cannot be made here; the message says what is missing and what to do."""


def browser_problem() -> str | None:
    """Why no image can be rendered, or None when a browser is there."""
    configured = os.environ.get("BROWSER_PATH")
    if configured:
        if Path(configured).is_file():
            return None
        return (
            f"Image export needs Chromium, but BROWSER_PATH points to "
            f"{configured}, which does not exist. Fix BROWSER_PATH, or unset it "
            f"and install Chromium: {INSTALL_COMMAND}"
        )
    if any(shutil.which(name) for name in CHROMIUM_NAMES):
        return None
    return (
        "Image export needs Chromium, which is not installed. "
        f"Install it: {INSTALL_COMMAND}"
    )


@cache
def cjk_font_problem() -> str | None:
    """A warning when no CJK font is installed (Chinese would render as boxes)."""
    try:
        found = subprocess.run(
            ["fc-list", ":lang=zh"], capture_output=True, text=True, timeout=20
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        found = ""
    if found:
        return None
    return (
        "No Chinese font is installed: Chinese text in exported images would be "
        f"empty boxes. Install one: {INSTALL_COMMAND}"
    )


def _options(figure: go.Figure, fmt: str, scale: float) -> dict:
    if fmt not in FORMATS:
        raise ValueError(f"unknown image format {fmt!r}; expected one of {FORMATS}")
    height = figure.layout.height or 500
    return {"format": fmt, "width": DEFAULT_WIDTH, "height": height, "scale": scale}


def render_once(figure: go.Figure, fmt: str, scale: float = 2) -> bytes:
    """One image, starting (and stopping) a browser for it: slow, for comparison."""
    if problem := browser_problem():
        raise ExportUnavailable(problem)
    return kaleido.calc_fig_sync(
        figure, opts=_options(figure, fmt, scale), kopts={"mathjax": False}
    )


class Renderer:
    """One warm Chromium for many images; thread-safe. Use as a context manager,
    or call ``start``/``stop``."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running = False

    def start(self) -> None:
        with self._lock:
            if self._running:
                return
            if problem := browser_problem():
                raise ExportUnavailable(problem)
            # mathjax=False: kaleido would otherwise fetch MathJax from a CDN.
            kaleido.start_sync_server(mathjax=False, silence_warnings=True)
            self._running = True

    def render(self, figure: go.Figure, fmt: str, scale: float = 2) -> bytes:
        """The figure as ``fmt`` bytes."""
        self.start()
        options = _options(figure, fmt, scale)
        with self._lock:
            try:
                return kaleido.calc_fig_sync(figure, opts=options)
            except RuntimeError as error:  # the browser went away or never started
                raise ExportUnavailable(
                    f"Chromium could not render the image ({error}). "
                    f"Check the installation: {INSTALL_COMMAND}"
                ) from error

    def stop(self) -> None:
        with self._lock:
            if self._running:
                kaleido.stop_sync_server(silence_warnings=True)
                self._running = False

    def __enter__(self) -> Renderer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def atomic_write(path: Path, content: bytes | str) -> None:
    """Write ``path`` so that it is either the old file or the whole new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.part")
    data = content.encode("utf-8") if isinstance(content, str) else content
    with open(temporary, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
