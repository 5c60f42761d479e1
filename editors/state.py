"""What an app knows of its editors, kept on the app (``server.extensions``), so
two apps in one process never share it."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import Flask
from sqlalchemy.engine import Engine

EXTENSION = "editors"


@dataclass
class EditorsState:
    """The library whose ``users`` may sign in (None: a single-folder dashboard,
    which nobody edits) and the component ids that only they may write to."""

    engine: Engine | None
    write_outputs: set[str] = field(default_factory=set)
    guarded: bool = False  # whether the write guard is registered


def state_of(server: Flask) -> EditorsState:
    """The app's state, made (with no library) when the app has none yet."""
    found = server.extensions.get(EXTENSION)
    if found is None:
        found = server.extensions[EXTENSION] = EditorsState(engine=None)
    return found
