"""`make serve`'s command: gunicorn with several workers on the app factory."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import threading
import time
import urllib.error
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


def _get(url: str, timeout: float = 5) -> float:
    """Seconds a GET of ``url`` takes to answer in full."""
    started = time.monotonic()
    with urllib.request.urlopen(url, timeout=timeout) as response:
        response.read()
    return time.monotonic() - started


def test_idle_and_slow_clients_do_not_stop_the_others():
    """20 connections that send nothing and 20 that send their headers a line a
    second, held for 10 s: meanwhile every normal request answers within 1 s."""
    port = free_port()
    with server_process(gunicorn_command(port, workers=2), port, cwd=ROOT) as base:
        for _ in range(6):  # each worker's first answers, before the attack
            _get(base + "/", timeout=30)
        idle = [socket.create_connection(("127.0.0.1", port)) for _ in range(20)]
        slow = [socket.create_connection(("127.0.0.1", port)) for _ in range(20)]
        for client in slow:
            client.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\n")
        stop = threading.Event()

        def trickle() -> None:
            while not stop.wait(1):
                for client in slow:
                    try:
                        client.sendall(b"X-Slow: 1\r\n")
                    except OSError:
                        pass

        sender = threading.Thread(target=trickle, daemon=True)
        sender.start()
        try:
            seconds = []
            end = time.monotonic() + 10
            while time.monotonic() < end:
                seconds.append(_get(base + "/"))
                stop.wait(0.2)
        finally:
            stop.set()
            sender.join(timeout=5)
            for client in idle + slow:
                client.close()
    assert len(seconds) > 20
    assert max(seconds) < 1.0, sorted(seconds)[-5:]


def test_gunicorns_own_error_pages_carry_the_security_headers():
    """A 5,000-character query string never reaches the app: gunicorn answers 414
    itself, with the same security headers as the app's answers and a JSON line."""
    port = free_port()
    with server_process(gunicorn_command(port, workers=1), port, cwd=ROOT) as base:
        with urllib.request.urlopen(base + "/", timeout=30) as page:
            app_headers = page.headers
        try:
            urllib.request.urlopen(base + "/?q=" + "a" * 5000, timeout=30)
            raise AssertionError("a 5,000-character request line was served")
        except urllib.error.HTTPError as error:
            assert error.code == 414
            headers = error.headers
            body = json.loads(error.read())
    assert "414" in body["error"]
    for name in (
        "Content-Security-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Permissions-Policy",
    ):
        assert app_headers[name], name
        assert headers[name], name
    assert headers["X-Frame-Options"] == app_headers["X-Frame-Options"]
    assert headers["Referrer-Policy"] == app_headers["Referrer-Policy"]
    assert headers["Permissions-Policy"] == app_headers["Permissions-Policy"]


def test_gunicorn_on_broken_data_prints_one_message_and_exits_2(data_copy):
    """As ``python dashboard.py run`` does: no traceback, no worker started."""
    report = data_copy / "source" / "report.txt"
    report.write_text(report.read_text(encoding="utf-8")[:-200], encoding="utf-8")
    port = free_port()
    done = subprocess.run(
        gunicorn_command(port, workers=2),
        cwd=ROOT,
        env={**os.environ, "DATA_DIR": str(data_copy)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2, done.stderr[-2000:]
    assert "is not valid" in done.stderr
    assert "Traceback" not in done.stderr
    assert "Booting worker" not in done.stderr


def test_a_client_slow_to_send_its_head_is_cut_off():
    """A client that trickles header lines forever holds a thread for at most
    HEADER_SECONDS; then its connection is closed and the thread is free."""
    from serving.worker import HEADER_SECONDS

    port = free_port()
    with server_process(gunicorn_command(port, workers=1), port, cwd=ROOT) as base:
        _get(base + "/", timeout=30)
        client = socket.create_connection(("127.0.0.1", port))
        client.sendall(b"GET / HTTP/1.1\r\nHost: localhost\r\n")
        client.settimeout(1)
        started, closed = time.monotonic(), False
        try:
            while time.monotonic() - started < HEADER_SECONDS + 15:
                try:
                    client.sendall(b"X-Slow: 1\r\n")
                    if client.recv(1024) == b"":
                        closed = True
                        break
                except TimeoutError:
                    continue
                except OSError:  # reset by the server
                    closed = True
                    break
        finally:
            client.close()
        assert closed, "the slow client was never cut off"
        assert time.monotonic() - started >= HEADER_SECONDS - 1
