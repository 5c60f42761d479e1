"""After a page renders, bring the element named in the URL's #hash into view
(the "show in report" links of the detail panel). Runs in the browser."""

from __future__ import annotations

from dash import Dash, Input, Output, State

from components import ids

SCROLL_TO_HASH = """
function (children, hash) {
    if (!hash) { return window.dash_clientside.no_update; }
    window.setTimeout(function () {
        const target = document.getElementById(decodeURIComponent(hash.slice(1)));
        if (!target) { return; }
        target.scrollIntoView({block: "center"});
        target.classList.add("flash");
        const button = target.querySelector("[role=button], button");
        if (button) { button.focus({preventScroll: true}); }
    }, 50);
    return hash;
}
"""


def register(app: Dash, shelf: object = None) -> None:
    app.clientside_callback(
        SCROLL_TO_HASH,
        Output(ids.SCROLL_DONE, "data"),
        Input(ids.PAGE, "children"),
        State(ids.URL, "hash"),
    )
