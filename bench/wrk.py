"""Load with wrk (Debian's ``wrk``) against gunicorn, for the throughput and load
benchmarks: the recorded callback request, a Lua script that replays requests and
reports its results as one JSON line, and the server's processes for their memory.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import psutil

from bench.common import ROOT
from devtools.live_server import gunicorn_command, server_process

CALLBACK = "/_dash-update-component"
MISSING = (
    "wrk is not installed: run `bash scripts/install-system-deps.sh` "
    "(or `apt-get install -y wrk`) as root"
)
# Every request asks for gzip, as browsers do; callbacks also say they send JSON.
HEADERS = {"Accept-Encoding": "gzip"}
JSON_HEADERS = {**HEADERS, "Content-Type": "application/json"}

DONE = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '\\n{"p50_us": %.0f, "p95_us": %.0f, "p99_us": %.0f, "requests": %d, ' ..
    '"seconds": %.3f, "status_errors": %d, "socket_errors": %d}\\n',
    latency:percentile(50), latency:percentile(95), latency:percentile(99),
    summary.requests, summary.duration / 1e6, e.status,
    e.connect + e.read + e.write + e.timeout))
end
"""


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    body: str | None = None


@dataclass(frozen=True)
class Result:
    """What one wrk run saw; latencies in milliseconds."""

    p50: float
    p95: float
    p99: float
    requests: int
    seconds: float
    status_errors: int
    socket_errors: int

    @property
    def errors(self) -> int:
        return self.status_errors + self.socket_errors

    @property
    def rate(self) -> float:
        """Requests per second."""
        return self.requests / self.seconds


def recorded_body() -> str:
    """The JSON the browser posts for the recorded interaction (bench.floor)."""
    from bench.floor import recorded_payload
    from dashboard import create_app

    return json.dumps(recorded_payload(create_app()))


def _lua(text: str) -> str:
    """``text`` as a Lua long string, with a bracket level it does not contain."""
    level = 0
    while "]" + "=" * level + "]" in text:
        level += 1
    eq = "=" * level
    return f"[{eq}[{text}]{eq}]"


def _table(headers: dict[str, str]) -> str:
    return "{" + ", ".join(f'["{k}"] = "{v}"' for k, v in headers.items()) + "}"


def lua_script(requests: list[Request]) -> str:
    """A wrk script sending ``requests`` in turn on every connection."""
    lines = ["local queue = {}", "init = function(args)"]
    for request in requests:
        headers = _table(JSON_HEADERS if request.body is not None else HEADERS)
        body = _lua(request.body) if request.body is not None else "nil"
        lines.append(
            f'  table.insert(queue, wrk.format("{request.method}", '
            f'"{request.path}", {headers}, {body}))'
        )
    lines += [
        "end",
        "local sent = 0",
        "request = function()",
        "  sent = sent + 1",
        "  return queue[(sent - 1) % #queue + 1]",
        "end",
    ]
    return "\n".join(lines) + DONE


def run_wrk(base: str, requests: list[Request], clients: int, seconds: float) -> Result:
    """Run wrk with ``clients`` connections for ``seconds`` and parse its report."""
    if shutil.which("wrk") is None:
        raise RuntimeError(MISSING)
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(lua_script(requests))
        script.flush()
        command = [
            "wrk",
            "--threads",
            str(min(2, clients)),
            "--connections",
            str(clients),
            "--duration",
            f"{seconds:g}s",
            "--timeout",
            "30s",  # gunicorn's own worker timeout: slower is an error there too
            "--script",
            script.name,
            base + requests[0].path,
        ]
        done = subprocess.run(command, capture_output=True, text=True, check=True)
    line = next(s for s in done.stdout.splitlines() if s.startswith('{"p50_us"'))
    report = json.loads(line)
    return Result(
        p50=report["p50_us"] / 1000,
        p95=report["p95_us"] / 1000,
        p99=report["p99_us"] / 1000,
        requests=report["requests"],
        seconds=report["seconds"],
        status_errors=report["status_errors"],
        socket_errors=report["socket_errors"],
    )


def gunicorn(app: str, port: int, workers: int, *extra: str) -> list[str]:
    """The gunicorn command serving ``app`` (run it with cwd=ROOT)."""
    return gunicorn_command(port, workers, app, *extra)


def master(port: int) -> psutil.Process:
    """The gunicorn master this process started to listen on ``port``."""
    bind = f"127.0.0.1:{port}"
    for child in psutil.Process().children():
        if bind in child.cmdline():
            return child
    raise RuntimeError(f"no gunicorn of this process listens on {bind}")


def workers_rss(server: psutil.Process) -> dict[int, float]:
    """Resident memory of each worker of a gunicorn master, in MB."""
    rss = {}
    for worker in server.children():
        try:
            rss[worker.pid] = worker.memory_info().rss / 2**20
        except psutil.NoSuchProcess:
            continue  # restarted between listing and reading
    return rss


@contextmanager
def serve(command: list[str], port: int, env: dict | None = None) -> Iterator[str]:
    """Run ``command`` from the project folder; yield the base URL once it answers
    (loading a large data folder takes a while)."""
    with server_process(command, port, env=env, cwd=ROOT, seconds=600) as base:
        yield base
