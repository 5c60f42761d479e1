"""`make serve`'s command: gunicorn with several workers on the app factory."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.conftest import callback_payload

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read().decode()
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"gunicorn did not answer at {url} within {seconds}s")


def test_gunicorn_workers_serve_pages_and_callbacks(app):
    port = free_port()
    process = subprocess.Popen(
        [
            str(GUNICORN),
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--no-control-socket",
            "dashboard:server",
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_up(base + "/", process)
        payload = json.dumps(
            callback_payload(
                app,
                "url.search",
                {"url.pathname": "/", "url.search": "?lang=en"},
                changed="url.search",
            )
        ).encode()
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
    finally:
        process.terminate()
        process.wait(timeout=30)
