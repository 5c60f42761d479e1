"""Render figures to PNG and SVG with kaleido and the system Chromium, and print
HTML pages to PDF in the same browser.

One ``Renderer`` keeps one Chromium warm for many images. It runs kaleido on an
event loop of its own, in a thread of its own, and never uses kaleido's global
"sync server": that server is module state (a thread, a queue, a running flag)
which a forked process inherits without the thread, so the first image a forked
job asks for waits forever on a queue nobody reads. A renderer remembers the
process that started its browser; in a forked child (a background job forked from
a web worker) it forgets what it inherited, without closing it, since the browser
belongs to the parent, and starts a browser of its own when asked for an image.
"""

from __future__ import annotations

import asyncio
import base64
import concurrent.futures
import io
import logging
import os
import shutil
import subprocess
import threading
import weakref
from collections.abc import Coroutine
from functools import cache
from pathlib import Path
from typing import Any

import kaleido
import plotly.graph_objects as go
from kaleido.errors import KaleidoError
from pypdf import PdfReader, PdfWriter

from exporter.pdftext import correct_text

LOG = logging.getLogger(__name__)
FORMATS = ("png", "svg", "pdf")
MEDIA_TYPES = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}
DEFAULT_WIDTH = 1200
DEFAULT_HEIGHT = 500
RENDER_TIMEOUT = 120  # seconds: an image or page that takes longer has failed
CLOSE_TIMEOUT = 20
INSTALL_COMMAND = "apt-get install -y chromium fonts-noto-cjk"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "chrome")
# Printing: no browser margins (each page lays out its own), backgrounds kept, the
# page size taken from the document's @page rule.
PRINT_OPTIONS = {
    "printBackground": True,
    "preferCSSPageSize": True,
    "marginTop": 0,
    "marginBottom": 0,
    "marginLeft": 0,
    "marginRight": 0,
}


class ExportUnavailable(RuntimeError):
    """Images cannot be made here; the message says what is missing and what to do."""


class RenderFailed(RuntimeError):
    """Chromium is there but failed to make an image, or took too long; the next
    image starts a new browser."""


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


def _options(
    figure: go.Figure,
    fmt: str,
    scale: float,
    width: float | None = None,
    height: float | None = None,
) -> dict:
    if fmt not in ("png", "svg"):
        raise ValueError(f"unknown image format {fmt!r}; expected png or svg")
    return {
        "format": fmt,
        "width": width or figure.layout.width or DEFAULT_WIDTH,
        "height": height or figure.layout.height or DEFAULT_HEIGHT,
        "scale": scale,
    }


def svg_page(svg: str, width: float, height: float) -> str:
    """An HTML document of one page ``width`` × ``height`` CSS pixels showing
    ``svg`` at that size: how a figure of its own size becomes a PDF."""
    return (
        '<!doctype html><html><head><meta charset="utf-8"><style>'
        f"@page {{ size: {width}px {height}px; margin: 0 }}"
        "html, body { margin: 0 } svg { display: block; width: 100%; height: 100% }"
        f'</style></head><body><div style="width:{width}px;height:{height}px">'
        f"{svg}</div></body></html>"
    )


def render_once(figure: go.Figure, fmt: str, scale: float = 2) -> bytes:
    """One image, starting (and stopping) a browser for it: slow, for comparison."""
    if problem := browser_problem():
        raise ExportUnavailable(problem)
    return kaleido.calc_fig_sync(
        figure, opts=_options(figure, fmt, scale), kopts={"mathjax": False}
    )


# Every renderer of this process, so that a forked child can make them forget
# the browsers of its parent (see ``Renderer._forget``).
_RENDERERS: weakref.WeakSet[Renderer] = weakref.WeakSet()


def _forget_inherited_browsers() -> None:
    for renderer in list(_RENDERERS):
        renderer._forget()


os.register_at_fork(after_in_child=_forget_inherited_browsers)


class Renderer:
    """One warm Chromium for many images and pages; thread-safe, and safe to
    inherit across ``fork``. Use as a context manager, or call ``start``/``stop``
    (images start it on demand)."""

    def __init__(self, timeout: float = RENDER_TIMEOUT) -> None:
        self.timeout = timeout
        self._forget()
        _RENDERERS.add(self)

    def _forget(self) -> None:
        """Let go of the browser without closing it. In a forked child the
        browser, its thread and its event loop belong to the parent: the child must
        neither wait on them nor close them."""
        self._lock = threading.Lock()
        self._drop()

    def _drop(self) -> None:
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._browser: Any = None
        self._printer: Any = None
        self._printing: asyncio.Lock | None = None
        self._pid: int | None = None

    @property
    def running(self) -> bool:
        """Whether this process has a browser open for this renderer."""
        return self._browser is not None and self._pid == os.getpid()

    def start(self) -> None:
        """Open the browser, unless it is open already."""
        with self._lock:
            if self.running:
                return
            if self._pid is not None:  # inherited through fork: not ours to use
                self._drop()
            if problem := browser_problem():
                raise ExportUnavailable(problem)
            loop = asyncio.new_event_loop()
            loop.set_exception_handler(_note_loop_error)
            thread = threading.Thread(
                target=loop.run_forever, name="chart-renderer", daemon=True
            )
            thread.start()
            try:
                browser = asyncio.run_coroutine_threadsafe(
                    self._open_browser(), loop
                ).result(self.timeout)
            except Exception as error:
                _stop_loop(loop, thread)
                raise ExportUnavailable(
                    f"Chromium could not start ({error!r}). "
                    f"Check the installation: {INSTALL_COMMAND}"
                ) from error
            self._loop, self._thread, self._browser = loop, thread, browser
            self._pid = os.getpid()

    async def _open_browser(self) -> Any:
        # mathjax=False: kaleido would otherwise fetch MathJax from a CDN.
        browser = kaleido.Kaleido(n=1, mathjax=False, timeout=self.timeout)
        await browser.open()
        self._printing = asyncio.Lock()
        return browser

    def _run(self, work: Coroutine) -> Any:
        """Run ``work`` on the browser's event loop and wait for it, at most
        ``timeout`` seconds. A browser that fails or does not answer is closed, so
        that the next image starts a new one."""
        try:
            self.start()
            loop = self._loop
            if loop is None:  # stopped by another thread meanwhile
                raise RenderFailed("the browser was stopped")
        except Exception:
            work.close()
            raise
        future = asyncio.run_coroutine_threadsafe(work, loop)
        try:
            return future.result(self.timeout)
        except concurrent.futures.TimeoutError as error:
            future.cancel()
            self.stop()
            raise RenderFailed(
                f"Chromium did not finish the image within {self.timeout:g} s"
            ) from error
        except (ValueError, TypeError, KaleidoError):
            raise  # the figure's fault, not the browser's
        except Exception as error:
            self.stop()
            raise RenderFailed(
                f"Chromium could not render the image ({error!r})"
            ) from error

    def render(
        self,
        figure: go.Figure,
        fmt: str,
        scale: float = 2,
        width: float | None = None,
        height: float | None = None,
    ) -> bytes:
        """The figure as ``fmt`` bytes, ``width`` × ``height`` CSS pixels (by
        default the figure's own size); a PNG has ``scale`` pixels per CSS pixel.
        A PDF is one page of the figure's size (see ``print_pdf``)."""
        if fmt == "pdf":
            width = width or figure.layout.width or DEFAULT_WIDTH
            height = height or figure.layout.height or DEFAULT_HEIGHT
            svg = self.render(figure, "svg", 1, width, height).decode("utf-8")
            return self.print_pdf(svg_page(svg, width, height))
        options = _options(figure, fmt, scale, width, height)
        return self._run(self._browser_call("calc_fig", figure, opts=options))

    async def _browser_call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        return await getattr(self._browser, name)(*args, **kwargs)

    def print_pdf(self, html: str) -> bytes:
        """``html`` printed to PDF, with the page size of its ``@page`` rule.

        Figures reach a page as inline SVG, never as an image: Chromium then
        knows the text behind each glyph and writes it into the PDF, so the PDF's
        text reads as the chart's (see README, "Exporting charts")."""
        return finish_pdf(self._run(self._print(html)))

    async def _print(self, html: str) -> bytes:
        async with self._printing:
            if self._printer is None:
                self._printer = await self._browser.create_tab("about:blank")
            tab = self._printer
            frame = _answer(await tab.send_command("Page.getFrameTree"))
            _answer(
                await tab.send_command(
                    "Page.setDocumentContent",
                    {"frameId": frame["frameTree"]["frame"]["id"], "html": html},
                )
            )
            _answer(
                await tab.send_command(
                    "Runtime.evaluate",
                    {
                        "expression": "document.fonts.ready.then(() => true)",
                        "awaitPromise": True,
                    },
                )
            )
            printed = _answer(await tab.send_command("Page.printToPDF", PRINT_OPTIONS))
            return base64.b64decode(printed["data"])

    def stop(self) -> None:
        """Close the browser (if this process opened it)."""
        with self._lock:
            if not self.running:
                self._drop()
                return
            loop, thread, browser = self._loop, self._thread, self._browser
            self._drop()
            try:
                asyncio.run_coroutine_threadsafe(_close(browser), loop).result(
                    CLOSE_TIMEOUT
                )
            except Exception:  # noqa: BLE001 - a browser that died is closed enough
                pass
            _stop_loop(loop, thread)

    def __enter__(self) -> Renderer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def finish_pdf(data: bytes) -> bytes:
    """A PDF as Chromium printed it, made true and small: each font's ToUnicode
    map corrected from the ActualText Chromium wrote (exporter/pdftext.py), and
    identical objects stored once (Chromium writes a pattern fill, such as the
    hatching of derived values, as an image for every bar that uses it)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    correct_text(writer)
    writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


async def _close(browser: Any) -> None:
    """Close the browser, then settle every task still running on its loop (an
    image abandoned at its time limit), so that none is left to fail later."""
    try:
        await browser.close()
    finally:
        others = [
            task for task in asyncio.all_tasks() if task is not asyncio.current_task()
        ]
        for task in others:
            task.cancel()
        await asyncio.gather(*others, return_exceptions=True)


def _note_loop_error(loop: asyncio.AbstractEventLoop, context: dict) -> None:
    # One line, no traceback: formatting tracebacks in this thread while another
    # thread parses Python source trips a CPython 3.11 bug ("AST constructor
    # recursion depth mismatch"); and what failed is reported to the caller.
    LOG.warning("chart renderer: %s", context.get("exception") or context["message"])


def _answer(response: dict) -> dict:
    """The result of a DevTools command, or an error naming what went wrong."""
    if "error" in response:
        raise RuntimeError(f"DevTools: {response['error']}")
    return response.get("result", {})


def _stop_loop(loop: asyncio.AbstractEventLoop, thread: threading.Thread) -> None:
    loop.call_soon_threadsafe(loop.stop)
    thread.join(CLOSE_TIMEOUT)
    if not thread.is_alive():
        loop.close()


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
