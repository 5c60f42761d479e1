"""Background jobs that cannot run are refused with a message, never left to
spin: Redis up but no Celery worker, and a job whose process ended unanswered."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import diskcache

from dashboard import create_app
from devtools.live_server import redis_server
from i18n import t
from serving.jobs import CheckedDiskcacheManager, JobLost, WorkerCheck, refusal
from tests.integration.test_faults import export_all

HANG_GUARD = 30  # seconds: a refusal takes about one ping's timeout


def test_export_all_with_redis_but_no_worker_says_so(dataset):
    with redis_server() as (url, _):
        app = create_app({"DATASET": dataset, "REDIS_URL": url})
        client = app.server.test_client()
        started = time.monotonic()
        response = client.post("/_dash-update-component", json=export_all(app))
        assert time.monotonic() - started < HANG_GUARD
        assert response.status_code == 200
        shown = json.dumps(response.get_json(), ensure_ascii=False)
        assert t("export.no_worker", "en") in shown
        assert "cacheKey" not in shown, "a job was queued for nobody"
        # In the page's language.
        payload = export_all(app, "?lang=zh")
        response = client.post("/_dash-update-component", json=payload)
        shown = json.dumps(response.get_json(), ensure_ascii=False)
        assert t("export.no_worker", "zh") in shown


class CountingControl:
    def __init__(self, replies: list) -> None:
        self.replies, self.pings = replies, 0

    def ping(self, timeout: float) -> list:
        self.pings += 1
        return self.replies


class FakeCelery:
    def __init__(self, replies: list) -> None:
        self.control = CountingControl(replies)


def test_the_worker_answer_is_kept_for_a_few_seconds_not_asked_per_poll():
    now = [100.0]
    celery = FakeCelery([])
    check = WorkerCheck(celery, clock=lambda: now[0])
    assert [check.present() for _ in range(5)] == [False] * 5
    assert celery.control.pings == 1
    now[0] += 10  # the answer is old: ask again
    celery.control.replies = [{"worker@host": {"ok": "pong"}}]
    assert check.present() is True
    assert celery.control.pings == 2


def test_a_job_whose_process_ended_without_an_answer_is_reported_lost(tmp_path):
    manager = CheckedDiskcacheManager(diskcache.Cache(str(tmp_path)))
    ended = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    job = int(ended.stdout)
    assert manager.get_result("no-such-key", job) is manager.UNDEFINED
    try:
        manager.job_running(job)
    except JobLost:
        pass
    else:
        raise AssertionError("a lost job was taken as finished")
    assert refusal() == "lost"
    # A finished job (its answer read) is not lost.
    manager.handle.set("done-key", json.dumps("answer"))
    manager.get_result("done-key", job)
    assert manager.job_running(job) is False
