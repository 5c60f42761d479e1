"""The navigation bar's account corner: filled per visitor (never cached), for
a signed-in editor only."""

from __future__ import annotations

from dash import Dash, Input, Output

from components import ids
from components.account import make_account
from components.urlstate import parse_state, to_search
from editors.csrf import token
from editors.guard import editor_name
from library.shelf import Shelf


def register(app: Dash, shelf: Shelf) -> None:
    @app.callback(
        Output(ids.ACCOUNT, "children"),
        Input(ids.URL, "pathname"),
        Input(ids.URL, "search"),
    )
    def account(pathname, search):
        name = editor_name()
        if name is None:  # a viewer: no session is made for them
            return None
        dataset = shelf.dataset_for(search)
        state, _ = parse_state(search, dataset, shelf)
        here = (pathname if isinstance(pathname, str) else "/") + to_search(state)
        return make_account(name, shelf.slug_for(search), state, token(), here)
