"""Callback wiring only: each module's ``register(app, shelf)`` connects inputs to
pure functions in components/ and figures/, on the report the address names."""

from __future__ import annotations

from dash import Dash

from callbacks import (
    account,
    downloads,
    exports,
    navigation,
    review,
    scroll,
    tables,
    upload,
)
from editors.guard import protect
from library.shelf import Shelf
from serving.cache import ResponseCache


def register_all(app: Dash, shelf: Shelf, responses: ResponseCache) -> None:
    """Register every callback of the dashboard on ``app``; ``responses`` caches
    the answers of those that depend on nothing but the request."""
    before = set(app.callback_map)
    for module in (navigation, tables):  # what they show is a pure function
        module.register(app, shelf)  # of the request: cached
    for key in set(app.callback_map) - before:
        responses.cache_callback(key)
    for module in (downloads, exports, scroll, review, upload, account):
        module.register(app, shelf)
    # Writes (the review page's) only from a signed-in editor with the
    # session's CSRF token: anything else is answered 403 before it runs.
    protect(app, review.WRITE_OUTPUTS)
