"""The write guard: a callback whose outputs include a write component runs only
for a signed-in editor whose request carries the session's CSRF token (the State
``components.ids.CSRF``). Anything else gets 403 and the callback never runs."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator

from dash import Dash
from flask import current_app, has_request_context, jsonify, request
from flask_login import current_user

from components import ids
from editors import csrf
from editors.state import EXTENSION, state_of
from serving.guard import CALLBACK_PATH

LOG = logging.getLogger("editors")
NOT_SIGNED_IN = "sign in as an editor (at /sign-in) to change the library"
BAD_TOKEN = (
    "the page's security token is missing or out of date: reload the page, then "
    "try again"
)


def editor_name() -> str | None:
    """The signed-in editor's name; None for a viewer (or outside a request)."""
    if not has_request_context():
        return None
    state = current_app.extensions.get(EXTENSION)
    if state is None or state.engine is None:
        return None
    return current_user.name if current_user.is_authenticated else None


def upload_allowed(form_token: object) -> bool:
    """Whether a form post (an upload) may write: a signed-in editor, and the
    session's CSRF token in the form."""
    return editor_name() is not None and csrf.valid(form_token)


def protect(app: Dash, write_outputs: Iterable[str]) -> None:
    """Let only signed-in editors run callbacks that write to ``write_outputs``
    (component ids; for a dict id, its ``type``). May be called again to add ids."""
    state = state_of(app.server)
    state.write_outputs.update(write_outputs)
    if state.guarded:
        return
    state.guarded = True

    def refuse_anonymous_writes():
        if request.method != "POST" or not request.path.endswith(CALLBACK_PATH):
            return None
        body = request.get_json(silent=True)
        # A malformed body is left to Dash and serving.guard (400): no
        # callback runs for it.
        if not isinstance(body, dict) or not writes(body, state.write_outputs):
            return None
        name = editor_name()
        if name is None:
            return _refuse(NOT_SIGNED_IN, name, body)
        if not csrf.valid(state_value(body, ids.CSRF, "data")):
            return _refuse(BAD_TOKEN, name, body)
        return None

    # First of all: no other hook (the response cache) answers a write before it.
    app.server.before_request_funcs.setdefault(None, []).insert(
        0, refuse_anonymous_writes
    )


def _refuse(reason: str, name: str | None, body: dict):
    LOG.warning(
        "refused a write to %s by %s from %s: %s",
        repr(str(body.get("output"))[:200]),
        repr(name) if name else "a viewer (not signed in)",
        request.remote_addr,
        reason,
    )
    return jsonify(error=reason), 403


def writes(body: dict, write_outputs: set[str]) -> bool:
    """Whether the callback request ``body`` targets any of ``write_outputs``:
    in its ``outputs``, or in the ``output`` key that selects the callback."""
    found = set(_output_ids(body.get("outputs")))
    if isinstance(body.get("output"), str):
        found |= set(_key_ids(body["output"]))
    return bool(found & write_outputs)


def _name(component_id: object) -> str | None:
    if isinstance(component_id, str):
        return component_id
    if isinstance(component_id, dict) and isinstance(component_id.get("type"), str):
        return component_id["type"]
    return None


def _output_ids(outputs: object) -> Iterator[str]:
    """The ids of ``outputs``: a dict, or a list of them (nested for ALL)."""
    if isinstance(outputs, dict):
        if (name := _name(outputs.get("id"))) is not None:
            yield name
    elif isinstance(outputs, list):
        for output in outputs:
            yield from _output_ids(output)


def _key_ids(key: str) -> Iterator[str]:
    """The ids of a callback's key: ``id.prop``, or ``..a.x...b.y..`` for several
    outputs; a dict id is its JSON text."""
    parts = key[2:-2].split("...") if key.startswith("..") else [key]
    for part in parts:
        component_id = part.rpartition(".")[0]
        if component_id.startswith("{"):
            try:
                component_id = json.loads(component_id)
            except (ValueError, RecursionError):  # not a key Dash has
                continue
        if (name := _name(component_id)) is not None:
            yield name


def state_value(body: dict, component_id: str, prop: str) -> object:
    """The value of State ``component_id``.``prop`` in a callback request."""
    states = body.get("state")
    for entry in states if isinstance(states, list) else []:
        if (
            isinstance(entry, dict)
            and entry.get("id") == component_id
            and entry.get("property") == prop
        ):
            return entry.get("value")
    return None
