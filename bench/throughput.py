"""Callback throughput: wrk replays the recorded filter callback against gunicorn
(two workers) at 1, 16 and 64 clients, beside a bare Flask route of the same server
that returns the same answer precomputed (the floor).

    python -m bench.throughput [--seconds 8]

The dashboard caches navigation answers, so after the first request the replay is
a cache hit; one more run at 16 clients with the cache off (CACHE_TYPE=NullCache)
shows what drawing the screen costs.
"""

from __future__ import annotations

import argparse

from bench.common import Row, markdown
from bench.wrk import CALLBACK, Request, Result, gunicorn, recorded_body, run_wrk, serve
from devtools.live_server import free_port

APP = "bench.floor:server"
FLOOR = "/bench/floor-callback"
CLIENTS = (1, 16, 64)
UNCACHED_CLIENTS = 16
WARM_UP_SECONDS = 2.0


def _run(base: str, path: str, body: str, clients: int, seconds: float) -> Result:
    return run_wrk(base, [Request("POST", path, body)], clients, seconds)


def _warm_up(base: str, body: str) -> None:
    """Let every worker compute (and cache) both answers before timing them."""
    for path in (CALLBACK, FLOOR):
        _run(base, path, body, 4, WARM_UP_SECONDS)


def _s(count: int) -> str:
    return "" if count == 1 else "s"


def _spread(result: Result) -> str:
    return f"{result.rate:,.0f} req/s; p50 {result.p50:.1f} ms, p99 {result.p99:.1f} ms"


def measure(seconds: float = 8.0) -> list[Row]:
    body = recorded_body()
    rows: list[Row] = []
    floors: dict[int, Result] = {}
    port = free_port()
    with serve(gunicorn(APP, port, 2), port) as base:
        _warm_up(base, body)
        for clients in CLIENTS:
            dash = _run(base, CALLBACK, body, clients, seconds)
            floors[clients] = floor = _run(base, FLOOR, body, clients, seconds)
            rows.append(
                Row(
                    f"callback p95, {clients} client{_s(clients)} (cached)",
                    dash.p95,
                    "ms",
                    floor=floor.p95,
                    limit=2,
                    ratio=True,
                    note=f"{_spread(dash)}; floor {floor.rate:,.0f} req/s",
                )
            )
            rows.append(
                Row(
                    f"errors, {clients} client{_s(clients)}",
                    dash.errors + floor.errors,
                    "errors",
                    limit=0,
                    note=f"of {dash.requests + floor.requests:,} requests",
                )
            )
    port = free_port()
    uncached_env = {"CACHE_TYPE": "NullCache"}
    with serve(gunicorn(APP, port, 2), port, env=uncached_env) as base:
        _warm_up(base, body)
        dash = _run(base, CALLBACK, body, UNCACHED_CLIENTS, seconds)
    rows.append(
        Row(
            f"callback p95, {UNCACHED_CLIENTS} clients, uncached",
            dash.p95,
            "ms",
            floor=floors[UNCACHED_CLIENTS].p95,
            note=f"{_spread(dash)}; {dash.errors} errors; informational",
        )
    )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=8.0, help="per wrk run")
    print(markdown(measure(parser.parse_args().seconds)))


if __name__ == "__main__":
    main()
