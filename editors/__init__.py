"""Editors: the people who may change the library in the browser. Viewers never
sign in; editors are added on the command line (``python dashboard.py user add
NAME``), sign in at /sign-in, and only they run the callbacks that write.

Everything an app knows of its editors is kept in
``app.server.extensions["editors"]`` (editors.state), never in this module.
"""

from __future__ import annotations

from collections.abc import Iterable

from dash import Dash
from sqlalchemy.engine import Engine

from editors.auth import SIGN_IN, SIGN_OUT, install_sessions
from editors.csrf import token
from editors.guard import editor_name, protect, upload_allowed
from editors.state import EXTENSION, state_of

__all__ = [
    "EXTENSION",
    "SIGN_IN",
    "SIGN_OUT",
    "editor_name",
    "install",
    "protect",
    "token",
    "upload_allowed",
]


def install(
    app: Dash, engine: Engine | None, write_outputs: Iterable[str] = ()
) -> None:
    """Sign-in sessions on ``app`` for the editors of the library ``engine``, and
    the write guard over ``write_outputs``. With no library (a dashboard of one
    folder) nobody signs in, and every write is refused."""
    state_of(app.server).engine = engine
    install_sessions(app, engine)
    protect(app, write_outputs)
