"""Redis frozen (SIGSTOP) under a running app: the cache is tried once, then left
alone for a while; every request is answered without waiting on it, and the
failure is logged once, without the password of its URL."""

from __future__ import annotations

import logging
import os
import signal
import time

import dashboard
from devtools.live_server import redis_server
from devtools.requests import callback_payload


def navigation(app, search: str) -> dict:
    return callback_payload(
        app, "url.search", {"url.pathname": "/", "url.search": search}, "url.search"
    )


def test_a_frozen_redis_costs_one_short_timeout_then_nothing(dataset, caplog):
    with redis_server() as (url, redis):
        app = dashboard.create_app({"DATASET": dataset, "REDIS_URL": url})
        client = app.server.test_client()
        first = client.post("/_dash-update-component", json=navigation(app, "?lang=en"))
        assert first.headers["X-Cache"] == "miss"
        os.kill(redis.pid, signal.SIGSTOP)
        try:
            seconds = []
            with caplog.at_level(logging.WARNING, logger="serving.cache"):
                for search in ("", "?mode=dark", "?lang=en&mode=dark", "?theme=study"):
                    started = time.monotonic()
                    answer = client.post(
                        "/_dash-update-component", json=navigation(app, search)
                    )
                    seconds.append(time.monotonic() - started)
                    assert answer.status_code == 200
        finally:
            os.kill(redis.pid, signal.SIGCONT)
    # Once failed, the cache is not asked again: a request costs its own work
    # (well under a second here), not a 1-2 s wait on a frozen Redis.
    assert max(seconds[1:]) < 1.0, seconds
    warnings = [r for r in caplog.records if "unavailable" in r.getMessage()]
    assert len(warnings) == 1


def test_a_redis_password_never_reaches_a_log_line(caplog):
    from devtools.live_server import free_port
    from serving import settings_from

    url = f"redis://user:s3cret-pw@127.0.0.1:{free_port()}/0"  # nothing listens
    with caplog.at_level(logging.DEBUG):
        settings = settings_from({"REDIS_URL": url})
    assert settings["REDIS_URL"] is None
    assert "did not answer" in caplog.text
    assert "s3cret-pw" not in caplog.text
    assert "redis://***@127.0.0.1:" in caplog.text
