"""A malformed request to the callback endpoint is the client's error: answer 400
with a short message, never a 500 or a traceback. Requests are capped in size.

A callback that fails because a service it needs is down (Redis, for background
jobs) answers 503; when the callback has a status output registered here, the
answer fills it with a message for the user instead."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from urllib.parse import parse_qs

from _plotly_utils.utils import PlotlyJSONEncoder
from dash import Dash
from dash.exceptions import DashException, DependencyException
from flask import Response, jsonify, request
from werkzeug.exceptions import HTTPException, NotFound

from serving.jobs import JobsBusy, JobsUnavailable

LOG = logging.getLogger(__name__)
MAX_REQUEST_BYTES = 1_000_000  # a callback request is a few kilobytes
CALLBACK_PATH = "_dash-update-component"
StatusMessage = Callable[[str], object]  # language → what to show
# RecursionError: JSON nested deeper than the parser goes ('[' * 100000).
MALFORMED = (
    KeyError,
    IndexError,
    TypeError,
    AttributeError,
    ValueError,
    RecursionError,
    DashException,
)


def _unavailable_errors() -> tuple[type[Exception], ...]:
    from kombu.exceptions import OperationalError
    from redis.exceptions import ConnectionError as RedisConnectionError
    from redis.exceptions import TimeoutError as RedisTimeoutError

    return (JobsUnavailable, OperationalError, RedisConnectionError, RedisTimeoutError)


def _caused_by(error: BaseException | None, kinds: tuple[type[Exception], ...]) -> bool:
    """Whether ``error``, or an error it was raised from, is one of ``kinds``."""
    seen = 0
    while error is not None and seen < 10:
        if isinstance(error, kinds):
            return True
        error, seen = error.__cause__ or error.__context__, seen + 1
    return False


def _status_answer(status: dict[str, StatusMessage]):
    """A callback answer that puts the message into the request's status output,
    in the page's language; None when the request has no such output."""
    body = request.get_json(silent=True) or {}
    outputs = body.get("outputs") if isinstance(body, dict) else None
    for output in outputs if isinstance(outputs, list) else []:
        if not isinstance(output, dict) or output.get("id") not in status:
            continue
        search = next(
            (
                s.get("value")
                for s in body.get("state") or []
                if isinstance(s, dict) and s.get("id") == "url"
            ),
            "",
        )
        lang = parse_qs(str(search or "").lstrip("?")).get("lang", [""])[0]
        message = status[output["id"]](lang)
        answer = {"multi": True, "response": {output["id"]: {"children": message}}}
        return Response(
            json.dumps(answer, cls=PlotlyJSONEncoder), mimetype="application/json"
        )
    return None


def http_error(error: HTTPException) -> Response:
    """An HTTP error as the one-line JSON message every error answer carries."""
    answer = jsonify(error=f"{error.code} {error.name}: {error.description}")
    answer.status_code = error.code or 500
    return answer


def guard(app: Dash, status: dict[str, StatusMessage] | None = None) -> None:
    """Cap request sizes and answer malformed callback requests with a 400.
    ``status`` maps the id of a status element to the message (by language) it
    shows when its callback finds a service down."""
    app.server.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES
    unavailable = _unavailable_errors()

    @app.server.errorhandler(Exception)
    def malformed_request(error: Exception):
        if isinstance(error, HTTPException):  # 400, 404, 413, 415…: the client's
            return http_error(error)
        if isinstance(error, DependencyException):  # a script no package has
            LOG.info("no such component script: %s", request.path[:200])
            return http_error(NotFound())
        if request.path.endswith(CALLBACK_PATH) and isinstance(error, MALFORMED):
            LOG.warning(
                "malformed callback request: %s: %s",
                type(error).__name__,
                str(error)[:200],
            )
            return jsonify(error="malformed callback request"), 400
        if request.path.endswith(CALLBACK_PATH) and _caused_by(error, unavailable):
            if _caused_by(error, (JobsBusy,)):  # the cap doing its work
                LOG.info("export job refused: %s", error)
            else:
                LOG.error("a service is down: %s: %s", type(error).__name__, error)
            answer = _status_answer(status or {})
            if answer is not None:
                return answer
            return jsonify(error=f"a service is unavailable: {error}"), 503
        LOG.exception("request failed")
        return jsonify(error="the server could not complete the request"), 500
