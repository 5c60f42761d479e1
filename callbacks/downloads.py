"""A chart's "Download CSV" → the rows behind it, as on screen."""

from __future__ import annotations

from dash import ALL, Dash, Input, Output, State, no_update

from callbacks.triggers import clicked_pattern_button, not_offered
from components import ids
from components.pages import chart_rows
from components.urlstate import parse_state
from data import Dataset
from data.export import rows_to_csv


def register(app: Dash, dataset: Dataset) -> None:
    @app.callback(
        Output(ids.DOWNLOAD, "data"),
        Output(ids.NOTICE, "children", allow_duplicate=True),
        Input({"type": ids.CSV, "chart": ALL}, "n_clicks"),
        State(ids.URL, "pathname"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
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
