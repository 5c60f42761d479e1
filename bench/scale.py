"""Scale: the dashboard on data 1,000 times larger than the bundled folder
(bench/synthetic.py), one gunicorn worker with the response cache off, replaying
~200 navigation requests with varied pages and filters one after another; the
same on the bundled data is the floor.

    python -m bench.scale [--times 1000] [--requests 200]
    python -m bench.scale --profile '/outcomes?kind=derived'   # where the time goes

gunicorn gets a 600 s worker timeout so that a slow answer is measured, not
killed (its default of 30 s would restart the worker).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import random
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from bench.common import Row, markdown, percentile
from bench.synthetic import generate
from bench.wrk import CALLBACK, JSON_HEADERS, gunicorn, master, serve
from devtools.live_server import free_port
from devtools.requests import callback_payload

PAGES = ("/", "/research", "/consultation", "/outcomes", "/work", "/study")
QUERIES = (
    "",
    "?theme=study",
    "?theme=consultation&unit=people",
    "?theme=rectification,outcomes",
    "?kind=derived",
    "?kind=stated&unit=meetings",
    "?section=1.2",
    "?section=2",
    "?section=3&kind=derived",
    "?unit=people",
    "?unit=documents,percentages",
    "?lang=en",
    "?lang=en&section=1",
    "?mode=dark&theme=research",
)
P95_LIMIT_MS = 100.0
RSS_LIMIT_MB = 300.0
Views = list[tuple[str, str]]


def views(count: int) -> Views:
    """``count`` (page, query) pairs: every combination in turn, shuffled."""
    every = [(page, query) for query in QUERIES for page in PAGES]
    random.Random(0).shuffle(every)
    return [every[i % len(every)] for i in range(count)]


def _payloads(chosen: Views) -> list[bytes]:
    from dashboard import create_app

    app = create_app()
    return [
        json.dumps(
            callback_payload(
                app, "url.search", {"url.pathname": p, "url.search": q}, "url.search"
            )
        ).encode()
        for p, q in chosen
    ]


def _replay(base: str, payloads: list[bytes]) -> tuple[list[float], int]:
    """Milliseconds per request, and how many did not answer 200."""
    latencies, errors = [], 0
    for payload in payloads:
        request = urllib.request.Request(
            base + CALLBACK, data=payload, headers=JSON_HEADERS
        )
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=600) as response:
                response.read()
        except OSError:  # HTTPError included
            errors += 1
        latencies.append((time.perf_counter() - started) * 1000)
    return latencies, errors


@dataclass(frozen=True)
class Run:
    latencies: list[float]  # ms, one per request
    errors: int  # requests that did not answer 200
    rss: float  # MB, the worker after the run
    startup: float  # s, from start to the first answer

    def p(self, share: float, views: Views, page: str | None = None) -> float:
        """The ``share`` percentile of the latencies (of ``page``'s requests)."""
        chosen = [ms for ms, v in zip(self.latencies, views) if page in (None, v[0])]
        return percentile(chosen, share)


def run(data_dir: Path | None, payloads: list[bytes]) -> Run:
    """Serve ``data_dir`` (None: the bundled data) and replay ``payloads``."""
    env = {"CACHE_TYPE": "NullCache", "DATA_DIR": str(data_dir or "")}
    port = free_port()
    started = time.perf_counter()
    with serve(gunicorn("dashboard:server", port, 1, "--timeout", "600"), port, env):
        startup = time.perf_counter() - started
        latencies, errors = _replay(f"http://127.0.0.1:{port}", payloads)
        (worker,) = master(port).children()
        rss = worker.memory_info().rss / 2**20
    return Run(latencies, errors, rss, startup)


def measure(times: int = 1000, requests: int = 200) -> list[Row]:
    chosen = views(requests)
    payloads = _payloads(chosen)
    floor = run(None, payloads)
    with tempfile.TemporaryDirectory() as folder:
        big = run(generate(Path(folder), times), payloads)
    slowest = max(range(len(chosen)), key=big.latencies.__getitem__)
    data = f"data ×{times:,}"
    rows = [
        Row(
            f"filter p95, {data}",
            big.p(95, chosen),
            "ms",
            floor=floor.p(95, chosen),
            limit=P95_LIMIT_MS,
            note=(
                f"{requests} requests, 1 worker, no cache; "
                f"slowest {big.latencies[slowest]:,.0f} ms "
                f"({''.join(chosen[slowest])}); {big.errors} errors"
            ),
        ),
        Row(
            f"worker RSS after the run, {data}",
            big.rss,
            "MB",
            floor=floor.rss,
            limit=RSS_LIMIT_MB,
        ),
        Row(
            f"start-up until the first answer, {data}",
            big.startup,
            "s",
            floor=floor.startup,
            note="loading and validating the data; informational",
        ),
    ]
    rows += [
        Row(
            f"filter p50 of {page}, {data}",
            big.p(50, chosen, page),
            "ms",
            floor=floor.p(50, chosen, page),
            note="informational",
        )
        for page in PAGES
        if any(view[0] == page for view in chosen)
    ]
    return rows


def profile(view: str, times: int = 1000, top: int = 30) -> None:
    """Print where one request's time goes, in-process (Flask test client)."""
    from dashboard import create_app

    path, _, query = view.partition("?")
    with tempfile.TemporaryDirectory() as folder:
        data_dir = generate(Path(folder), times)
        app = create_app({"DATA_DIR": data_dir, "CACHE_TYPE": "NullCache"})
    client = app.server.test_client()
    payload = callback_payload(
        app,
        "url.search",
        {"url.pathname": path, "url.search": query and "?" + query},
        "url.search",
    )
    profiler = cProfile.Profile()
    profiler.enable()
    client.post(CALLBACK, json=payload, headers={"Accept-Encoding": "gzip"})
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--times", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--profile", metavar="PATH?QUERY", help="profile one view")
    args = parser.parse_args()
    if args.profile:
        profile(args.profile, args.times)
    else:
        print(markdown(measure(args.times, args.requests)))


if __name__ == "__main__":
    main()
