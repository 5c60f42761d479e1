"""Which pattern-matched button really was clicked, if any; and the notice when it
names a chart (or format) that the page does not offer."""

from __future__ import annotations

from dash import ctx

from components.pages import notice_for
from components.urlstate import Rejected


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


def not_offered(trigger: dict, lang: str):
    """The notice for a button naming a chart (or format) the page does not offer."""
    asked = [
        Rejected(str(name)[:20], str(value)[:40], "input")
        for name, value in trigger.items()
        if name != "type"
    ]
    return notice_for(asked, lang)
