"""A chart's "table" tab → the rows behind the chart, as on screen."""

from __future__ import annotations

from dash import MATCH, Dash, Input, Output, State, ctx, no_update

from callbacks.triggers import not_offered
from components import ids
from components.pages import chart_rows
from components.tables import make_rows_table
from components.urlstate import parse_state
from library.shelf import Shelf


def register(app: Dash, shelf: Shelf) -> None:
    @app.callback(
        Output({"type": ids.CHART_TABLE, "chart": MATCH}, "children"),
        Output(ids.NOTICE, "children", allow_duplicate=True),
        Input({"type": ids.CHART_TABS, "chart": MATCH}, "active_tab"),
        State(ids.URL, "pathname"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )
    def show_table(active_tab, pathname, search):
        trigger = ctx.triggered_id
        key = trigger.get("chart") if isinstance(trigger, dict) else None
        if active_tab != "table" or not isinstance(key, str):
            return no_update, no_update
        dataset = shelf.dataset_for(search)
        state, _ = parse_state(search, dataset, shelf)
        rows = chart_rows(dataset, pathname, state, key)
        if rows is None:  # not a chart of this page
            return no_update, not_offered(trigger, state.lang)
        return make_rows_table(rows, state.lang, key), no_update
