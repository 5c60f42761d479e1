"""Faults while serving: a worker killed mid-request, Redis stopping under a
running server. The others keep serving; nothing hangs; the user is told."""

from __future__ import annotations

import http.client
import json
import os
import signal
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil

from devtools.live_server import (
    free_port,
    gunicorn_command,
    redis_server,
    running_server,
)
from devtools.requests import callback_payload
from i18n import t

ROOT = Path(__file__).resolve().parents[2]


def post(base: str, payload: dict, timeout: float = 20) -> tuple[int, dict]:
    request = urllib.request.Request(
        base + "/_dash-update-component",
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def navigation(app, search: str) -> dict:
    return callback_payload(
        app, "url.search", {"url.pathname": "/", "url.search": search}, "url.search"
    )


def export_all(app, search: str = "?lang=en") -> dict:
    """The first request of "export all" (a background callback), as sent."""
    key = next(
        k
        for k, spec in app.callback_map.items()
        if any(i["id"] == "export-all" for i in spec["inputs"])
    )
    outputs = []
    for part in key.strip(".").split("..."):
        component, _, prop = part.rpartition(".")
        outputs.append({"id": component, "property": prop})
    return {
        "output": key,
        "outputs": outputs,
        "inputs": [{"id": "export-all", "property": "n_clicks", "value": 1}],
        "state": [{"id": "url", "property": "search", "value": search}],
        "changedPropIds": ["export-all.n_clicks"],
    }


def workers_of(master: int) -> list[psutil.Process]:
    return psutil.Process(master).children()


def test_a_worker_killed_mid_request_leaves_the_others_serving(app):
    port = free_port()
    env = {"CACHE_TYPE": "NullCache"}  # every request really computed: slow enough
    with running_server(gunicorn_command(port), port, env=env, cwd=ROOT) as (
        base,
        master,
    ):
        before = workers_of(master.pid)
        assert len(before) == 2
        results: dict[int, list[int]] = {n: [] for n in range(4)}

        def client(n: int) -> None:
            for i in range(6):
                try:
                    status, _ = post(
                        base, navigation(app, f"?lang=en&mode=dark&n={n}{i}")
                    )
                except (OSError, http.client.HTTPException):
                    status = 0  # the connection of the killed worker's request
                results[n].append(status)

        threads = [threading.Thread(target=client, args=(n,)) for n in results]
        for thread in threads:
            thread.start()
        time.sleep(0.3)  # requests are in flight on both workers
        os.kill(before[0].pid, signal.SIGKILL)
        for thread in threads:
            thread.join(timeout=60)
        # A client has one request in flight at a time: at most that one was lost
        # with the killed worker, and its next ones were answered.
        for statuses in results.values():
            assert len(statuses) == 6 and statuses.count(200) >= 5, results
        # The others kept serving, and gunicorn replaced the dead worker.
        for i in range(10):
            assert post(base, navigation(app, f"?lang=en&n=after{i}"))[0] == 200
        deadline = time.monotonic() + 30
        while len(workers_of(master.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        after = {p.pid for p in workers_of(master.pid)}
        assert len(after) == 2 and before[0].pid not in after


def test_redis_stopping_under_a_running_server_is_reported_not_waited_on(app):
    port = free_port()
    with redis_server() as (url, redis):
        env = {"REDIS_URL": url}
        with running_server(gunicorn_command(port, 1), port, env=env, cwd=ROOT) as (
            base,
            _,
        ):
            status, body = post(base, navigation(app, "?lang=en"))
            assert status == 200 and "236 copies" in json.dumps(body)
            redis.kill()
            redis.wait(timeout=10)
            # Pages still render: the cache is skipped.
            status, body = post(base, navigation(app, "?lang=en&mode=dark"))
            assert status == 200 and "236 copies" in json.dumps(body)
            # "Export all" says that background jobs are unavailable.
            status, body = post(base, export_all(app))
            assert status == 200, body
            shown = json.dumps(body, ensure_ascii=False)
            assert t("export.jobs_unavailable", "en") in shown
