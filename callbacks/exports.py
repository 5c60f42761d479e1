"""Image exports made on the server: one chart from its menu, or every chart as a
zip from "export all", which runs as a background job with a progress bar."""

from __future__ import annotations

import base64
import logging
from datetime import date

import dash_bootstrap_components as dbc
from dash import ALL, Dash, Input, Output, State, no_update

from callbacks.triggers import clicked_pattern_button, not_offered
from components import ids
from components.charts import file_stem
from components.overview import report_title
from components.pages import PAGES_BY_PATH, chart_rows
from components.urlstate import parse_state
from data import Dataset
from exporter.bundle import export_zip, figure_for_export
from exporter.images import (
    INSTALL_COMMAND,
    MEDIA_TYPES,
    ExportUnavailable,
    Renderer,
    browser_problem,
)
from figures.charts import CHARTS
from i18n import DEFAULT_LANGUAGE, LANGUAGES, t

LOG = logging.getLogger(__name__)


def _failure(lang: str, error: Exception | str) -> dbc.Alert:
    text = (
        t("export.unavailable", lang, command=INSTALL_COMMAND)
        if isinstance(error, ExportUnavailable) or browser_problem()
        else t("export.failed", lang, reason=str(error))
    )
    return dbc.Alert(
        text, color="danger", dismissable=True, className="mt-2 export-error"
    )


def jobs_unavailable(lang: str) -> dbc.Alert:
    """What "export all" shows when the job queue does not answer."""
    lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    return dbc.Alert(
        t("export.jobs_unavailable", lang),
        color="danger",
        dismissable=True,
        className="mt-2 export-error",
    )


def chart_image(
    dataset: Dataset,
    renderer: Renderer,
    pathname: object,
    search: object,
    key: object,
    fmt: object,
) -> tuple[dict | None, str]:
    """The download for one chart as ``fmt``, or None when the request names no
    chart of the page; and the language to report in."""
    state, _ = parse_state(search, dataset)
    page = PAGES_BY_PATH.get(pathname) if isinstance(pathname, str) else None
    rows = chart_rows(dataset, pathname, state, key)
    if page is None or rows is None or fmt not in MEDIA_TYPES:
        return None, state.lang
    figure = CHARTS[key].figure(rows, state.lang, frozenset())
    title = (
        f"{t(f'chart.{key}.title', state.lang)} · {t(f'nav.{page.name}', state.lang)}"
    )
    footer = t(
        "export.footer",
        state.lang,
        report=report_title(dataset),
        date=date.today().isoformat(),
    )
    data = renderer.render(figure_for_export(figure, title, footer), fmt)
    return {
        "content": base64.b64encode(data).decode(),
        "base64": True,
        "filename": f"{file_stem(page.name, key, state.lang)}.{fmt}",
        "type": MEDIA_TYPES[fmt],
    }, state.lang


def register(app: Dash, dataset: Dataset) -> None:
    renderer = Renderer()  # one warm Chromium per server process, started on demand

    @app.callback(
        Output(ids.DOWNLOAD, "data", allow_duplicate=True),
        Output(ids.EXPORT_STATUS, "children", allow_duplicate=True),
        Input({"type": ids.EXPORT, "chart": ALL, "format": ALL}, "n_clicks"),
        State(ids.URL, "pathname"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )
    def export_chart(clicks, pathname, search):
        trigger = clicked_pattern_button()
        if trigger is None:
            return no_update, no_update
        lang = parse_state(search, dataset)[0].lang
        try:
            download, lang = chart_image(
                dataset,
                renderer,
                pathname,
                search,
                trigger.get("chart"),
                trigger.get("format"),
            )
        except Exception as error:  # reported to the user, never a 500
            LOG.exception("chart export failed")
            return no_update, _failure(lang, error)
        if download is None:  # a chart or format the page does not offer
            return no_update, not_offered(trigger, lang)
        return download, None

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
        state, _ = parse_state(search, dataset)
        lang = state.lang

        def report(done: int, total: int, label: str) -> None:
            set_progress(
                (
                    round(100 * done / total),
                    t("export.all_progress", lang, done=done, total=total),
                )
            )

        try:
            archive = export_zip(dataset, state, progress=report)
        except Exception as error:  # reported to the user, never a 500
            LOG.exception("export of all charts failed")
            return no_update, _failure(lang, error)
        name = f"charts-{lang}-{date.today().isoformat()}.zip"
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
