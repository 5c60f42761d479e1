"""`make serve`'s command: gunicorn with several workers on the app factory."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

from devtools.live_server import free_port, gunicorn_command, server_process
from devtools.requests import callback_payload

ROOT = Path(__file__).resolve().parents[2]


def test_gunicorn_workers_serve_pages_and_callbacks(app):
    port = free_port()
    command = gunicorn_command(port, workers=2)
    payload = json.dumps(
        callback_payload(
            app,
            "url.search",
            {"url.pathname": "/", "url.search": "?lang=en"},
            changed="url.search",
        )
    ).encode()
    with server_process(command, port, cwd=ROOT) as base:
        for _ in range(6):  # several requests, so both workers answer some
            request = urllib.request.Request(
                base + "/_dash-update-component",
                data=payload,
                headers={"Content-Type": "application/json"},
            )
            with urllib.request.urlopen(request, timeout=30) as response:
                assert response.status == 200
                body = json.loads(response.read())
            assert "236 copies" in json.dumps(body["response"]["page"])
