"""URL → navbar, notice and page."""

from __future__ import annotations

from dash import Dash, Input, Output

from components import ids
from components.pages import render
from data import Dataset


def register(app: Dash, dataset: Dataset) -> None:
    @app.callback(
        Output(ids.NAVBAR, "children"),
        Output(ids.PAGE, "children"),
        Output(ids.NOTICE, "children"),
        Input(ids.URL, "pathname"),
        Input(ids.URL, "search"),
    )
    def show_page(pathname, search):
        rendered = render(pathname, search, dataset)
        return rendered.navbar, rendered.page, rendered.notice
