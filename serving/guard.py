"""A malformed request to the callback endpoint is the client's error: answer 400
with a short message, never a 500 or a traceback. Requests are capped in size."""

from __future__ import annotations

import logging

from dash import Dash
from dash.exceptions import DashException
from flask import jsonify, request
from werkzeug.exceptions import HTTPException

LOG = logging.getLogger(__name__)
MAX_REQUEST_BYTES = 1_000_000  # a callback request is a few kilobytes
CALLBACK_PATH = "_dash-update-component"
MALFORMED = (KeyError, IndexError, TypeError, AttributeError, ValueError, DashException)


def guard(app: Dash) -> None:
    """Cap request sizes and answer malformed callback requests with a 400."""
    app.server.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES

    @app.server.errorhandler(Exception)
    def malformed_request(error: Exception):
        if isinstance(error, HTTPException):  # 400, 404, 413…: already the client's
            return error
        if request.path.endswith(CALLBACK_PATH) and isinstance(error, MALFORMED):
            LOG.warning(
                "malformed callback request: %s: %s",
                type(error).__name__,
                str(error)[:200],
            )
            return jsonify(error="malformed callback request"), 400
        LOG.exception("request failed")
        return jsonify(error="the server could not complete the request"), 500
