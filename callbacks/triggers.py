"""Which pattern-matched button really was clicked, if any."""

from __future__ import annotations

from dash import ctx


def clicked_pattern_button() -> dict | None:
    """The dict id of the button whose click fired the running callback; None when
    the callback fired because buttons appeared on the page, not because of a click."""
    trigger = ctx.triggered_id
    if (
        not isinstance(trigger, dict)
        or not ctx.triggered
        or not ctx.triggered[0]["value"]
    ):
        return None
    return trigger
