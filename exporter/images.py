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

Every wait on Chromium is bounded by ``EXPORT_TIMEOUT`` seconds: starting it, each
image, each printed page. Chromium runs in a process group of its own (its
launcher starts a new session); a browser that fails or does not answer in time
has that whole group killed with SIGKILL, since a hung browser may ignore SIGTERM,
and so does every browser still open when the process exits.
"""

from __future__ import annotations

import asyncio
import atexit
import base64
import concurrent.futures
import contextlib
import errno
import io
import logging
import os
import shutil
import signal
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

from data.numerals import whole_number
from exporter.pdftext import correct_text

LOG = logging.getLogger(__name__)
# The renderer reports each failure of the browser itself, in one line; the
# warnings kaleido and choreographer log about the same events would repeat it.
for _library in ("choreographer", "kaleido"):
    logging.getLogger(_library).setLevel(logging.ERROR)
FORMATS = ("png", "svg", "pdf")
MEDIA_TYPES = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}
DEFAULT_WIDTH = 1200
DEFAULT_HEIGHT = 500
# Seconds any one wait on Chromium may take (starting it, an image, a printed
# page) before it counts as failed; the environment variable of this name sets it.
TIMEOUT_SETTING = "EXPORT_TIMEOUT"
RENDER_TIMEOUT = 60
TIMEOUT_LIMITS = (1, 600)
CLOSE_TIMEOUT = 10  # seconds a browser is given to close before its group is killed
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


class BrowserFailed(ExportUnavailable):
    """Chromium is configured but did not start: it exited at once, or did not
    answer within ``seconds``. Its process group has been killed."""

    def __init__(self, message: str, seconds: float | None = None) -> None:
        super().__init__(message)
        self.seconds = seconds


class RenderFailed(RuntimeError):
    """Chromium is there but failed to make an image, or took longer than
    ``seconds``; its process group has been killed, and the next image starts a
    new browser."""

    def __init__(self, message: str, seconds: float | None = None) -> None:
        super().__init__(message)
        self.seconds = seconds


class RendererBusy(RuntimeError):
    """Every turn of the browser was taken for longer than a request may wait:
    the browser is fine, only busy; nothing was stopped."""

    def __init__(self, message: str, seconds: float) -> None:
        super().__init__(message)
        self.seconds = seconds


def timeout_problem() -> str | None:
    """Why ``EXPORT_TIMEOUT`` cannot be used, or None when it is unset or good."""
    text = os.environ.get(TIMEOUT_SETTING)
    if not text:
        return None
    low, high = TIMEOUT_LIMITS
    number = whole_number(text.strip())
    if number is None or not low <= number <= high:
        return (
            f"{TIMEOUT_SETTING} must be a whole number of seconds from {low} to "
            f"{high}, not {text!r}"
        )
    return None


def export_timeout() -> int:
    """Seconds any one wait on Chromium may take: ``EXPORT_TIMEOUT``, or the
    default when it is unset or unusable (``timeout_problem`` says why)."""
    if timeout_problem() or not os.environ.get(TIMEOUT_SETTING):
        return RENDER_TIMEOUT
    return int(os.environ[TIMEOUT_SETTING].strip())


def browser_path() -> str | None:
    """The browser kaleido starts: ``BROWSER_PATH``, or the first one on PATH."""
    configured = os.environ.get("BROWSER_PATH")
    if configured:
        return configured
    return next(filter(None, map(shutil.which, CHROMIUM_NAMES)), None)


def browser_problem() -> str | None:
    """Why no image can be rendered, or None when a browser is there."""
    configured = os.environ.get("BROWSER_PATH")
    if configured:
        path = Path(configured)
        if not path.exists():
            fault = "does not exist"
        elif not path.is_file() or not os.access(path, os.X_OK):
            fault = "is not an executable file"
        else:
            return None
        return (
            f"Image export needs Chromium, but BROWSER_PATH={configured} {fault}. "
            f"Point BROWSER_PATH at Chromium's program, or unset it and install "
            f"Chromium: {INSTALL_COMMAND}"
        )
    if browser_path():
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

    def __init__(self, timeout: float | None = None) -> None:
        self.timeout = timeout or export_timeout()
        self._forget()
        _RENDERERS.add(self)

    def _forget(self) -> None:
        """Let go of the browser without closing it. In a forked child the
        browser, its thread and its event loop belong to the parent: the child must
        neither wait on them nor close them."""
        self._lock = threading.Lock()
        # One image at a time: the time limit counts from a request's turn, not
        # from its place in the queue, so a queue of requests is never taken for
        # a browser that does not answer (which would be killed).
        self._turn = threading.Lock()
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

    @property
    def browser_group(self) -> int | None:
        """The process group of the open browser (its launcher's pid), if any."""
        process = getattr(self._browser, "subprocess", None) if self.running else None
        return process.pid if process is not None else None

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
            opened: list[Any] = []  # the browser, as soon as it exists
            future = asyncio.run_coroutine_threadsafe(self._open_browser(opened), loop)
            try:
                browser = future.result(self.timeout)
            except BaseException as error:
                future.cancel()
                browser = opened[0] if opened else None
                exited = _has_exited(browser)
                _discard(browser, loop, thread, kill=True)
                if not isinstance(error, Exception):
                    raise  # KeyboardInterrupt, SystemExit: after the clean-up
                raise self._start_failure(error, exited) from None
            self._loop, self._thread, self._browser = loop, thread, browser
            self._pid = os.getpid()

    def _start_failure(self, error: Exception, exited: bool) -> BrowserFailed:
        where = f"Chromium at {browser_path() or '(unknown)'}"
        advice = f"Check BROWSER_PATH and the installation ({INSTALL_COMMAND})"
        if exited:
            return BrowserFailed(
                f"{where} could not start: it closed right after starting. {advice}."
            )
        if isinstance(error, concurrent.futures.TimeoutError):
            return BrowserFailed(
                f"{where} did not answer within {self.timeout:g} s and was stopped. "
                f"{advice}, or allow more time with {TIMEOUT_SETTING}.",
                seconds=self.timeout,
            )
        return BrowserFailed(f"{where} could not start: {_reason(error)}. {advice}.")

    async def _open_browser(self, opened: list[Any]) -> Any:
        # mathjax=False: kaleido would otherwise fetch MathJax from a CDN.
        browser = kaleido.Kaleido(n=1, mathjax=False, timeout=self.timeout)
        opened.append(browser)
        try:
            await browser.open()
        except Exception:
            # choreographer reports its cancellation (at our time limit) as a
            # failure to start, which nobody would then read: let it be cancelled.
            if asyncio.current_task().cancelling():
                raise asyncio.CancelledError from None
            raise
        self._printing = asyncio.Lock()
        return browser

    def _run(self, work: Coroutine) -> Any:
        """Run ``work`` on the browser's event loop when its turn comes (waiting
        at most ``timeout`` seconds for it: RendererBusy), then at most ``timeout``
        seconds for the work. A browser that fails or does not answer is closed,
        so that the next image starts a new one."""
        try:
            turn = self._turn.acquire(timeout=self.timeout)
        except BaseException:  # interrupted while waiting: the work never runs
            work.close()
            raise
        if not turn:
            work.close()
            raise RendererBusy(
                f"the browser was busy with other images for {self.timeout:g} s",
                seconds=self.timeout,
            )
        try:
            return self._run_now(work)
        finally:
            self._turn.release()

    def _run_now(self, work: Coroutine) -> Any:
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
        except concurrent.futures.TimeoutError:
            future.cancel()
            self.stop(kill=True)
            raise RenderFailed(
                f"Chromium did not finish the image within {self.timeout:g} s "
                "and was stopped",
                seconds=self.timeout,
            ) from None
        except (ValueError, TypeError, KaleidoError):
            raise  # the figure's fault, not the browser's
        except Exception as error:
            self.stop(kill=True)
            raise RenderFailed(
                f"Chromium could not render the image: {_reason(error)}"
            ) from error
        except BaseException:  # interrupted: nothing of the browser may survive
            future.cancel()
            self.stop(kill=True)
            raise

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

    def stop(self, kill: bool = False) -> None:
        """Close the browser (if this process opened it), and kill whatever is
        left of its process group. ``kill``: kill the group first, without asking
        the browser to close (it failed, or the process is stopping)."""
        with self._lock:
            if not self.running:
                self._drop()
                return
            loop, thread, browser = self._loop, self._thread, self._browser
            self._drop()
        _discard(browser, loop, thread, kill)

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


def stop_every_renderer() -> None:
    """No browser of this process outlives it: at exit, and when interrupted."""
    for renderer in list(_RENDERERS):
        renderer.stop(kill=True)


atexit.register(stop_every_renderer)


def _reason(error: BaseException) -> str:
    """What went wrong, in a few words on one line."""
    if type(error).__name__ in ("BrowserFailedError", "BrowserClosedError"):
        return "it closed right after starting"
    first = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return f"{type(error).__name__}: {first[:200]}" if first else type(error).__name__


def _has_exited(browser: Any) -> bool:
    """Whether the browser's launcher has already ended."""
    process = getattr(browser, "subprocess", None)
    return process is not None and process.poll() is not None


def _kill_group(browser: Any) -> None:
    """SIGKILL the browser's process group (its launcher started a new session,
    so the group is the browser's own) and reap the launcher."""
    process = getattr(browser, "subprocess", None)
    if process is None:
        return
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        process.wait(CLOSE_TIMEOUT)
    except subprocess.TimeoutExpired:
        LOG.warning("chart renderer: browser %s did not end when killed", process.pid)


def _discard(
    browser: Any,
    loop: asyncio.AbstractEventLoop,
    thread: threading.Thread,
    kill: bool = False,
) -> None:
    """Close ``browser`` on its loop (a bounded wait), kill what is left of its
    group, and stop the loop. ``kill``: kill the group first, as a browser that
    does not answer would not answer the request to close either."""
    _DISCARDED.add(loop)
    if kill:
        _kill_group(browser)
    if browser is not None:
        try:
            asyncio.run_coroutine_threadsafe(_close(browser), loop).result(
                CLOSE_TIMEOUT
            )
        except Exception:  # noqa: BLE001 - a browser that died is closed enough
            pass
        _kill_group(browser)
    else:  # it never started: settle what is left on the loop
        try:
            asyncio.run_coroutine_threadsafe(_settle(), loop).result(CLOSE_TIMEOUT)
        except Exception:  # noqa: BLE001
            pass
    _stop_loop(loop, thread)


async def _settle() -> None:
    """Cancel every other task of the running loop, and wait for them."""
    others = [
        task for task in asyncio.all_tasks() if task is not asyncio.current_task()
    ]
    for task in others:
        task.cancel()
    await asyncio.gather(*others, return_exceptions=True)


async def _close(browser: Any) -> None:
    """Close the browser, then settle every task still running on its loop (an
    image abandoned at its time limit), so that none is left to fail later."""
    try:
        await browser.close()
    finally:
        await _settle()


# Loops being discarded: what fails on them while their browser is killed and
# they stop ("Executor is closed") is expected, not worth a warning.
_DISCARDED: weakref.WeakSet = weakref.WeakSet()


def _note_loop_error(loop: asyncio.AbstractEventLoop, context: dict) -> None:
    # One line, no traceback: formatting tracebacks in this thread while another
    # thread parses Python source trips a CPython 3.11 bug ("AST constructor
    # recursion depth mismatch"); and what failed is reported to the caller.
    what = context.get("exception") or context["message"]
    if loop in _DISCARDED:
        LOG.debug("chart renderer (stopping): %s", what)
        return
    LOG.warning("chart renderer: %s", what)


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
    """Write ``path`` so that it is either the old file or the whole new one. On
    any failure (a full disk, an interruption) the temporary file is removed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.part")
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        with open(temporary, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
        raise


# What a failed write means for whoever runs the export.
WRITE_ERRORS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENOTDIR: "a file is in the way of a folder",
    errno.EEXIST: "a file is in the way of a folder",
    errno.EISDIR: "a folder has that name",
}


def write_problem(error: OSError) -> str:
    """A failed write, in a few words."""
    return WRITE_ERRORS.get(error.errno) or error.strerror or str(error)
