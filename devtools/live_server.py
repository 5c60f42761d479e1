"""Serve the app for tests and scripts: in a thread on a free port, or as a real
server process."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from werkzeug.serving import make_server


@contextmanager
def live_server(wsgi_app, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Yield the base URL of ``wsgi_app`` served on ``port`` (0: any free port)."""
    server = make_server(host, port, wsgi_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


def gunicorn_command(
    port: int, workers: int = 2, app: str = "dashboard:server", *extra: str
) -> list[str]:
    """`make serve`'s command: gunicorn (next to this Python) serving ``app`` with
    ``workers`` processes on 127.0.0.1:``port``; run it from the project folder."""
    gunicorn = Path(sys.executable).with_name("gunicorn")
    return [
        str(gunicorn),
        "--config",
        "serving/gunicorn_conf.py",
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        *extra,
        app,
    ]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_up(
    url: str, process: subprocess.Popen, seconds: float, errors: IO[str]
) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            errors.seek(0)
            raise RuntimeError(f"the server exited: {errors.read()}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"the server did not answer at {url} within {seconds} s")


@contextmanager
def server_process(
    command: list[str],
    port: int,
    env: dict | None = None,
    cwd: Path | None = None,
    seconds: float = 60,
) -> Iterator[str]:
    """Run a server command (already told to listen on ``port``) in its own process;
    yield its base URL once it answers, and stop it afterwards. A real process,
    not a thread, for what forks (background jobs) or needs its own environment."""
    with running_server(command, port, env, cwd, seconds) as (base, _):
        yield base


@contextmanager
def running_server(
    command: list[str],
    port: int,
    env: dict | None = None,
    cwd: Path | None = None,
    seconds: float = 60,
) -> Iterator[tuple[str, subprocess.Popen]]:
    """server_process that also yields the process, for tests that harm it."""
    # Its messages go to a file, not a pipe: a pipe nobody reads fills up, and
    # then the server stops at its next log line.
    with tempfile.TemporaryFile("w+") as errors:
        process = subprocess.Popen(
            command,
            cwd=cwd,
            env={**os.environ, **(env or {})},
            stdout=subprocess.DEVNULL,
            stderr=errors,
            text=True,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_until_up(base + "/", process, seconds, errors)
            yield base, process
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


@contextmanager
def redis_server(seconds: float = 20) -> Iterator[tuple[str, subprocess.Popen]]:
    """Debian's redis-server on a free local port, nothing saved to disk; yield its
    URL and its process, and stop it afterwards."""
    executable = shutil.which("redis-server")
    if executable is None:
        raise RuntimeError(
            "redis-server is missing: run scripts/install-system-deps.sh as root "
            "(apt-get install -y redis-server)"
        )
    port = free_port()
    process = subprocess.Popen(
        [executable, "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
        + ["--appendonly", "no", "--daemonize", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + seconds
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"redis-server exited: {process.stderr.read()}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1) as probe:
                    probe.sendall(b"PING\r\n")
                    if probe.recv(16).startswith(b"+PONG"):
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"redis-server did not answer within {seconds} s")
            time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0", process
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=10)
