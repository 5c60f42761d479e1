"""A chart's "Download CSV" → the rows behind it, as on screen."""

from __future__ import annotations

from dash import ALL, Dash, Input, Output, State, no_update
from dash.dependencies import DashDependency

from callbacks.triggers import clicked_pattern_button, not_offered
from components import ids
from components.pages import chart_rows
from components.urlstate import parse_state
from data import Dataset
from data.export import rows_to_csv


def file_callback(
    app: Dash, status: Output, trigger: DashDependency, duplicate: bool = True
):
    """The decorator of a callback that answers ``trigger`` with a file for the
    page's download and a message in ``status``, given the page's address
    (pathname and search)."""
    return app.callback(
        Output(ids.DOWNLOAD, "data", allow_duplicate=duplicate),
        status,
        trigger,
        State(ids.URL, "pathname"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )


def register(app: Dash, dataset: Dataset) -> None:
    @file_callback(
        app,
        Output(ids.NOTICE, "children", allow_duplicate=True),
        Input({"type": ids.CSV, "chart": ALL}, "n_clicks"),
        duplicate=False,
    )
    def download_csv(clicks, pathname, search):
        trigger = clicked_pattern_button()
        if trigger is None:
            return no_update, no_update
        state, _ = parse_state(search, dataset)
        rows = chart_rows(dataset, pathname, state, trigger.get("chart"))
        if rows is None:  # not a chart of this page
            return no_update, not_offered(trigger, state.lang)
        return {
            "content": rows_to_csv(rows),
            "filename": f"{trigger['chart']}.csv",
            "type": "text/csv",
        }, no_update
