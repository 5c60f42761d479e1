"""Load test: 64 clients for 60 s against `make serve`'s command (gunicorn, two
workers), each connection alternating the recorded filter callback and GET /,
while the workers' resident memory is sampled every second.

    python -m bench.load [--seconds 60] [--clients 64]

Memory growth is the workers' RSS at the end minus their RSS once the first
requests have settled (10 s in; a fifth of shorter runs).
"""

from __future__ import annotations

import argparse
import threading
import time
from dataclasses import dataclass

from bench.common import Row, markdown
from bench.wrk import (
    CALLBACK,
    Request,
    gunicorn,
    master,
    recorded_body,
    run_wrk,
    serve,
    workers_rss,
)
from devtools.live_server import free_port

APP = "dashboard:server"
WORKERS = 2
GROWTH_LIMIT_MB = 50.0
SETTLE_SECONDS = 10.0


@dataclass(frozen=True)
class Sample:
    at: float  # seconds since the load started
    rss: dict[int, float]  # MB per worker pid

    @property
    def total(self) -> float:
        return sum(self.rss.values())


def _sample_until(port: int, stop: threading.Event, samples: list[Sample]) -> None:
    server = master(port)
    started = time.monotonic()
    while True:
        samples.append(Sample(time.monotonic() - started, workers_rss(server)))
        if stop.wait(1.0):
            break
    samples.append(Sample(time.monotonic() - started, workers_rss(server)))


def measure(seconds: float = 60.0, clients: int = 64) -> list[Row]:
    settle = min(SETTLE_SECONDS, seconds / 5)
    requests = [Request("POST", CALLBACK, recorded_body()), Request("GET", "/")]
    samples: list[Sample] = []
    stop = threading.Event()
    port = free_port()
    command = gunicorn(APP, port, WORKERS, "--access-logfile", "-")
    with serve(command, port) as base:
        sampler = threading.Thread(target=_sample_until, args=(port, stop, samples))
        sampler.start()
        try:
            result = run_wrk(base, requests, clients, seconds)
        finally:
            stop.set()
            sampler.join()
    settled = next(s for s in samples if s.at >= settle)
    end = samples[-1]
    pids = {pid for sample in samples for pid in sample.rss}
    restarts = (
        f"; {len(pids) - WORKERS} worker(s) restarted" if len(pids) > WORKERS else ""
    )
    peak = max(rss for sample in samples for rss in sample.rss.values())
    return [
        Row(
            f"errors, {clients} clients × {seconds:g} s",
            result.errors,
            "errors",
            limit=0,
            note=(
                f"of {result.requests:,} requests ({result.rate:,.0f} req/s, "
                f"p95 {result.p95:.0f} ms, p99 {result.p99:.0f} ms){restarts}"
            ),
        ),
        Row(
            f"memory growth after {settle:g} s",
            end.total - settled.total,
            "MB",
            limit=GROWTH_LIMIT_MB,
            note=(
                f"{WORKERS} workers: {settled.total:.0f} MB at {settled.at:.0f} s, "
                f"{end.total:.0f} MB at {end.at:.0f} s"
            ),
        ),
        Row(
            "peak RSS per worker",
            peak,
            "MB",
            note=f"{samples[0].total / WORKERS:.0f} MB per worker before the load",
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--clients", type=int, default=64)
    args = parser.parse_args()
    print(markdown(measure(args.seconds, args.clients)))


if __name__ == "__main__":
    main()
