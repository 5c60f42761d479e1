"""Background jobs that cannot run are refused with a message, never left to
spin: Redis up but no Celery worker, a job whose process ended unanswered, and a
job over the number the server runs at once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import diskcache
import psutil
import pytest

from dashboard import create_app
from devtools.live_server import redis_server
from i18n import t
from serving.jobs import (
    SLOT_FOLDER,
    CheckedCeleryManager,
    CheckedDiskcacheManager,
    JobLost,
    JobsBusy,
    JobSlots,
    WorkerCheck,
    refusal,
)
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


# --- At most EXPORT_JOBS jobs at once ---------------------------------------------

HOLD_SLOT = """
import fcntl, os, sys
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)
fcntl.flock(fd, fcntl.LOCK_EX)
print("held", flush=True)
sys.stdin.read()
"""


def hold_slot(path: Path) -> subprocess.Popen:
    """Another process (a running job, as far as slots go) holding ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_SLOT, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "held"
    return holder


def wait_for_job(*_) -> None:
    """A job that runs until the test kills it."""
    signal.pause()


def test_export_all_over_the_cap_is_refused_with_a_message(dataset, tmp_path):
    jobs = tmp_path / "jobs"
    app = create_app({"DATASET": dataset, "JOB_CACHE_DIR": jobs, "EXPORT_JOBS": 1})
    holder = hold_slot(jobs / SLOT_FOLDER / "slot-0")
    try:
        client = app.server.test_client()
        for lang, search in (("en", "?lang=en"), ("zh", "?lang=zh")):
            started = time.monotonic()
            response = client.post(
                "/_dash-update-component", json=export_all(app, search)
            )
            assert time.monotonic() - started < HANG_GUARD
            assert response.status_code == 200
            shown = json.dumps(response.get_json(), ensure_ascii=False)
            assert t("export.jobs_busy", lang, count=1) in shown
            assert "cacheKey" not in shown, "a job was started over the cap"
    finally:
        holder.kill()
        holder.wait()
    # Its holder gone (killed, as a job may be), the slot is free again.
    assert JobSlots(jobs / SLOT_FOLDER, 1).running() == 0


def test_a_job_holds_its_slot_while_it_runs_and_a_killed_job_frees_it(tmp_path):
    manager = CheckedDiskcacheManager(
        diskcache.Cache(str(tmp_path / "cache")), JobSlots(tmp_path / "slots", 2)
    )
    first = manager.call_job_fn("a", wait_for_job, (), {})
    second = manager.call_job_fn("b", wait_for_job, (), {})
    try:
        assert manager.slots.running() == 2
        with pytest.raises(JobsBusy):
            manager.call_job_fn("c", wait_for_job, (), {})
        assert refusal() == "busy"
        os.kill(first, signal.SIGKILL)
        psutil.Process(first).wait(HANG_GUARD)
        third = manager.call_job_fn("c", wait_for_job, (), {})
        os.kill(third, signal.SIGKILL)
        psutil.Process(third).wait(HANG_GUARD)
    finally:
        for job in (first, second):
            if psutil.pid_exists(job):
                os.kill(job, signal.SIGKILL)
                psutil.Process(job).wait(HANG_GUARD)
    assert manager.slots.running() == 0


class Inspect:
    def __init__(self, active: dict, reserved: dict) -> None:
        self._active, self._reserved = active, reserved

    def active(self) -> dict:
        return self._active

    def reserved(self) -> dict:
        return self._reserved


def test_with_celery_the_jobs_the_workers_hold_are_counted(monkeypatch):
    manager = CheckedCeleryManager.__new__(CheckedCeleryManager)
    manager.url, manager.limit = "redis://127.0.0.1:1/0", 2
    control = FakeCelery([{"w@h": {"ok": "pong"}}]).control
    manager.workers = WorkerCheck(FakeCelery([{"w@h": {"ok": "pong"}}]))
    control.inspect = lambda timeout: Inspect(
        {"w@h": [{"id": 1}]}, {"w@h": [{"id": 2}]}
    )
    manager.handle = FakeCelery([])
    manager.handle.control = control
    monkeypatch.setattr("serving.jobs.redis_problem", lambda url: None)
    assert manager.jobs_held() == 2
    with pytest.raises(JobsBusy):
        manager.call_job_fn("k", None, (), {})
    assert refusal() == "busy"


def test_a_busy_worker_that_does_not_answer_a_ping_is_not_gone():
    """A --pool=solo worker answers pings only between jobs: while it runs an
    export, silence is not absence. Only a long silence gives the job up."""
    from serving.jobs import WORKER_GONE_SECONDS

    now = [100.0]
    celery = FakeCelery([{"worker@host": {"ok": "pong"}}])
    check = WorkerCheck(celery, clock=lambda: now[0])
    assert check.present() is True  # when the job was started
    celery.control.replies = []  # then busy with it
    for elapsed in (10, 60, WORKER_GONE_SECONDS - 1):
        now[0] = 100.0 + elapsed
        assert check.gone() is False, elapsed
    now[0] = 100.0 + WORKER_GONE_SECONDS + 10
    assert check.gone() is True
