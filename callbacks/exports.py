"""Image exports made on the server: one chart from its menu, "as on screen" or the
toolbar's camera (the page's script asks for each through the card's request
store, one at a time, with the chart's size for "as on screen"), or
every chart as a zip from "export all", which runs as a background job with a
progress bar."""

from __future__ import annotations

import base64
import logging
from collections.abc import Container
from datetime import date

import dash_bootstrap_components as dbc
from dash import ALL, Dash, Input, Output, State, ctx, no_update
from dash.exceptions import PreventUpdate

from callbacks.downloads import answered, file_callback
from callbacks.triggers import clicked_pattern_button, not_offered
from components import ids
from components.charts import EXPORT_REQUEST, ON_SCREEN, file_stem, report_prefix
from components.pages import chart_rows, page_at
from components.urlstate import language_of, parse_state
from data import Dataset
from exporter.bundle import WriteFailed, export_item, export_zip, render_file
from exporter.images import (
    FORMATS,
    INSTALL_COMMAND,
    MEDIA_TYPES,
    BrowserFailed,
    ExportUnavailable,
    Renderer,
    RendererBusy,
    RenderFailed,
)
from exporter.layout import DEFAULT_PRESET, PRESETS, SCREEN_LIMITS
from figures.charts import CHARTS
from i18n import DEFAULT_LANGUAGE, LANGUAGES, t
from library.shelf import Shelf
from serving.jobs import refusal, refused_limit

LOG = logging.getLogger(__name__)
Screen = tuple[int, int]


def failure_message(lang: str, error: Exception) -> str:
    """What the page says about a failed export, in its language: what failed
    (Chromium missing, closed at once, too slow) and what to do; the English
    detail goes to the server's log only."""
    if isinstance(error, BrowserFailed):
        if error.seconds is not None:
            return t("export.browser_timeout", lang, seconds=f"{error.seconds:g}")
        return t("export.browser_failed", lang)
    if isinstance(error, ExportUnavailable):
        return t("export.unavailable", lang, command=INSTALL_COMMAND)
    if isinstance(error, WriteFailed):
        return t("export.write_failed", lang)
    if isinstance(error, RendererBusy):
        return t("export.busy", lang, seconds=f"{error.seconds:g}")
    if isinstance(error, RenderFailed):
        if error.seconds is not None:
            return t("export.render_timeout", lang, seconds=f"{error.seconds:g}")
        return t("export.render_failed", lang)
    return t("export.failed", lang)


def log_failure(what: str, error: Exception) -> None:
    """One line for a failure of the browser (it says what happened); the
    traceback only for what nobody expected."""
    if isinstance(error, (ExportUnavailable, RenderFailed, RendererBusy, WriteFailed)):
        LOG.error("%s: %s", what, error)
    else:
        LOG.exception(what)


def _failure(lang: str, error: Exception) -> dbc.Alert:
    return dbc.Alert(
        failure_message(lang, error),
        color="danger",
        dismissable=True,
        className="mt-2 export-error",
    )


# Why a job was refused (serving.jobs.refusal) → what the page says.
REFUSALS = {
    "queue": "export.jobs_unavailable",
    "worker": "export.no_worker",
    "lost": "export.job_lost",
    "busy": "export.jobs_busy",
}


def jobs_unavailable(lang: str) -> dbc.Alert:
    """What "export all" shows when its job cannot run: the job queue does not
    answer, no worker takes jobs, as many jobs as the server runs at once are
    running, or the job's process ended without an answer."""
    lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    return dbc.Alert(
        t(REFUSALS[refusal()], lang, count=refused_limit()),
        color="danger",
        dismissable=True,
        className="mt-2 export-error",
    )


def screen_size(request: object) -> Screen | None:
    """The chart's on-screen size from a browser's request, if it is a plausible
    one (whole CSS pixels within SCREEN_LIMITS)."""
    if not isinstance(request, dict):
        return None
    size = (request.get("width"), request.get("height"))
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in size):
        return None
    within = all(low <= v <= high for v, (low, high) in zip(size, SCREEN_LIMITS))
    return size if within else None


def screen_refusal(request: dict, lang: str) -> dbc.Alert:
    """What the page says when "as on screen" came with a size no chart on screen
    has (a hidden chart measures 0×0): the size sent, the sizes taken, and to
    show the chart first."""
    (min_width, max_width), (min_height, max_height) = SCREEN_LIMITS
    sent = [request.get(side) for side in ("width", "height")]
    width, height = (str(v)[:12] if isinstance(v, (int, float)) else "?" for v in sent)
    message = t(
        "export.screen_size",
        lang,
        width=width,
        height=height,
        min_width=min_width,
        min_height=min_height,
        max_width=max_width,
        max_height=max_height,
    )
    return dbc.Alert(
        message, color="warning", dismissable=True, className="mt-2 export-error"
    )


def chart_image(
    dataset: Dataset,
    renderer: Renderer,
    pathname: object,
    search: object,
    key: object,
    fmt: object,
    preset: object = DEFAULT_PRESET,
    screen: Screen | None = None,
    reports: Container[str] = frozenset(),
) -> tuple[dict | None, str]:
    """The download for one chart as ``fmt`` in ``preset``, or None when the
    request names no chart, format or preset the page offers; and the language to
    report in. ``reports``: the slugs the address may name (the file's name
    starts with the one it names)."""
    state, _ = parse_state(search, dataset, reports)
    page = page_at(dataset, pathname)
    rows = chart_rows(dataset, pathname, state, key)
    offered = (
        page is not None
        and rows is not None
        and not rows.empty
        and key in page.charts
        and CHARTS[key].drawable(rows)
        and fmt in FORMATS
        and preset in PRESETS
    )
    if not offered:
        return None, state.lang
    today = date.today()
    item = export_item(
        dataset,
        page.name,
        key,
        rows,
        state.lang,
        today,
        state.filters,
        page.full_label(state.lang),
    )
    laid = item.laid_out(PRESETS[preset], screen)
    data = render_file(renderer, laid, fmt, state.lang)
    return {
        "content": base64.b64encode(data).decode(),
        "base64": True,
        "filename": file_stem(page.name, key, state.lang, preset, today, state.report)
        + f".{fmt}",
        "type": MEDIA_TYPES[fmt],
    }, state.lang


def answer_request(
    dataset: Dataset,
    renderer: Renderer,
    pathname: object,
    search: object,
    key: object,
    request: object,
    reports: Container[str] = frozenset(),
) -> tuple[dict | None, object]:
    """The download (or None) and the status message for a browser's request to
    export chart ``key``: ``{"format", "preset"}``, and for the "screen" preset
    the chart's ``width`` and ``height`` on screen. A size no chart on screen has
    is refused with a message; nothing is drawn at it."""
    lang = language_of(search)
    asked = request if isinstance(request, dict) else {}
    fmt, preset = asked.get("format"), asked.get("preset", ON_SCREEN)
    trigger = {"chart": key, "format": fmt, "preset": preset}
    screen = None
    if preset == ON_SCREEN:
        screen = screen_size(asked)
        if screen is None:
            return None, screen_refusal(asked, lang)
    try:
        download, lang = chart_image(
            dataset, renderer, pathname, search, key, fmt, preset, screen, reports
        )
    except Exception as error:  # reported to the user, never a 500
        log_failure("chart export failed", error)
        return None, _failure(lang, error)
    if download is None:  # a chart, format or preset the page does not offer
        return None, not_offered(trigger, lang)
    return download, None


def register(app: Dash, shelf: Shelf) -> None:
    renderer = Renderer()  # one warm Chromium per server process, started on demand
    status = Output(ids.EXPORT_STATUS, "children", allow_duplicate=True)

    # Every image of a chart card — its menu, "as on screen", the toolbar's
    # camera — is asked for by the page's script through the card's request
    # store, one at a time (assets/export.js).
    @file_callback(app, status, Input({"type": EXPORT_REQUEST, "chart": ALL}, "data"))
    def export_requested(requests, pathname, search):
        trigger = clicked_pattern_button()
        if trigger is None:  # buttons appeared: nothing was asked
            raise PreventUpdate
        request = ctx.triggered[0]["value"]  # what the browser asked for
        download, message = answer_request(
            shelf.dataset_for(search),
            renderer,
            pathname,
            search,
            trigger.get("chart"),
            request,
            shelf,
        )
        return download or no_update, message, answered()

    @app.callback(
        Output(ids.DOWNLOAD, "data", allow_duplicate=True),
        Output(ids.EXPORT_STATUS, "children", allow_duplicate=True),
        Input(ids.EXPORT_ALL, "n_clicks"),
        State(ids.URL, "search"),
        background=True,
        running=[
            (Output(ids.EXPORT_ALL, "disabled"), True, False),
            (
                Output(ids.EXPORT_PROGRESS, "style"),
                {"display": "flex"},
                {"display": "none"},
            ),
        ],
        progress=[
            Output(ids.EXPORT_PROGRESS, "value"),
            Output(ids.EXPORT_PROGRESS, "label"),
        ],
        prevent_initial_call=True,
    )
    def export_everything(set_progress, clicks, search):
        if not clicks:
            return no_update, no_update
        dataset = shelf.dataset_for(search)
        state, _ = parse_state(search, dataset, shelf)
        lang = state.lang

        def report(done: int, total: int, label: str) -> None:
            set_progress(
                (
                    round(100 * done / total),
                    t("export.all_progress", lang, done=done, total=total),
                )
            )

        try:
            # A renderer of the job's own: the job may run in a process forked
            # from a web worker, whose browser is not the job's to use.
            archive = export_zip(dataset, state, progress=report)
        except Exception as error:  # reported to the user, never a 500
            log_failure("export of all charts failed", error)
            return no_update, _failure(lang, error)
        name = report_prefix(state.report) + (
            f"charts-{DEFAULT_PRESET}-{lang}-{date.today().isoformat()}.zip"
        )
        return (
            {
                "content": base64.b64encode(archive).decode(),
                "base64": True,
                "filename": name,
                "type": "application/zip",
            },
            dbc.Alert(
                t("export.all_done", lang),
                color="success",
                dismissable=True,
                className="mt-2 export-done",
            ),
        )
