"""A chart's "Download CSV" → the rows behind it, as on screen."""

from __future__ import annotations

import uuid

from dash import ALL, Dash, Input, Output, State, ctx, no_update
from dash.dependencies import DashDependency
from dash.exceptions import PreventUpdate

from callbacks.triggers import clicked_pattern_button, not_offered
from components import ids
from components.charts import EXPORT_ANSWER, report_prefix
from components.pages import chart_rows
from components.urlstate import parse_state
from data.export import rows_to_csv
from library.shelf import Shelf

# Every chart card's answer mark (see ``answered``).
ANSWER_MARKS = Output(
    {"type": EXPORT_ANSWER, "chart": ALL}, "children", allow_duplicate=True
)


def answered() -> list[str]:
    """A new token for every card's answer mark: the page's script, which sends
    one file request at a time (a second request to the same callback would
    cancel the first's download), sends the next when the mark changes."""
    token = uuid.uuid4().hex
    return [token] * len(ctx.outputs_list[2])


def file_callback(
    app: Dash, status: Output, trigger: DashDependency, duplicate: bool = True
):
    """The decorator of a callback that answers ``trigger`` with a file for the
    page's download, a message in ``status`` and a new answer mark on every chart
    card (``answered``), given the page's address (pathname and search)."""
    return app.callback(
        Output(ids.DOWNLOAD, "data", allow_duplicate=duplicate),
        status,
        ANSWER_MARKS,
        trigger,
        State(ids.URL, "pathname"),
        State(ids.URL, "search"),
        prevent_initial_call=True,
    )


def register(app: Dash, shelf: Shelf) -> None:
    @file_callback(
        app,
        Output(ids.NOTICE, "children", allow_duplicate=True),
        Input({"type": ids.CSV, "chart": ALL}, "n_clicks"),
        duplicate=False,
    )
    def download_csv(clicks, pathname, search):
        trigger = clicked_pattern_button()
        if trigger is None:  # buttons appeared: nothing was asked
            raise PreventUpdate
        dataset = shelf.dataset_for(search)
        state, _ = parse_state(search, dataset, shelf)
        rows = chart_rows(dataset, pathname, state, trigger.get("chart"))
        if rows is None:  # not a chart of this page
            return no_update, not_offered(trigger, state.lang), answered()
        return (
            {
                "content": rows_to_csv(rows),
                "filename": f"{report_prefix(state.report)}{trigger['chart']}.csv",
                "type": "text/csv",
            },
            no_update,
            answered(),
        )
