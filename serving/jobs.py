"""Where long jobs (export all) run: a disk cache shared by the workers of one
machine by default; Celery with Redis when ``REDIS_URL`` is set, so jobs run on
worker processes of their own and any web server behind a load balancer can
answer for any job.

A job that cannot run is refused, never left to spin: with Redis down, or with
Redis up but no Celery worker answering a ping (asked with a short timeout, the
answer trusted for a few seconds so that polls do not each ask), the request
fails with JobsUnavailable, which the page shows (serving/guard.py). A job whose
process ended without an answer (a killed worker or job process) is reported as
lost on the next poll instead of being waited on.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import diskcache
from dash import CeleryManager, DiskcacheManager

from serving.urls import redacted, scrubbed

JOB_EXPIRY_SECONDS = 3600
CONNECT_TIMEOUT_SECONDS = 1
WORKER_PING_SECONDS = 1.0  # how long a ping waits for workers to answer
WORKER_ANSWER_SECONDS = 5.0  # how long an answer to that ping is trusted
WORKER_COMMAND = "celery -A dashboard:celery_app worker"


def redis_problem(url: str) -> str | None:
    """None when Redis at ``url`` answers a PING within a second; else why not."""
    import redis

    try:
        client = redis.Redis.from_url(
            url,
            socket_connect_timeout=CONNECT_TIMEOUT_SECONDS,
            socket_timeout=CONNECT_TIMEOUT_SECONDS,
        )
        client.ping()
        client.close()
    except (redis.RedisError, OSError, ValueError) as error:
        return f"Redis at {redacted(url)} did not answer ({scrubbed(str(error), url)})"
    return None


class JobsUnavailable(ConnectionError):
    """The job queue does not answer: a job cannot be started now."""

    kind = "queue"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        _refusals.kind = self.kind


class NoWorker(JobsUnavailable):
    """Redis answers, but no Celery worker does: a job would wait forever."""

    kind = "worker"


class JobLost(JobsUnavailable):
    """The process running a job ended without leaving its answer."""

    kind = "lost"


# Why the latest job request of this thread was refused: the status message the
# page shows is chosen by it (see ``refusal``).
_refusals = threading.local()


def refusal() -> str:
    """Why the latest job request of this thread was refused ("queue",
    "worker" or "lost"); read once."""
    kind = getattr(_refusals, "kind", None) or "queue"
    _refusals.kind = None
    return kind


class WorkerCheck:
    """Whether a Celery worker answers a ping; the answer is kept for
    ``WORKER_ANSWER_SECONDS``, so polls within that time do not ask again."""

    def __init__(self, celery_app: Any, clock: Callable[[], float] = time.monotonic):
        self.celery_app = celery_app
        self.clock = clock
        self._lock = threading.Lock()
        self._answer: tuple[float, bool] | None = None

    def present(self) -> bool:
        with self._lock:
            now = self.clock()
            if self._answer and now - self._answer[0] < WORKER_ANSWER_SECONDS:
                return self._answer[1]
            try:
                replies = self.celery_app.control.ping(timeout=WORKER_PING_SECONDS)
            except Exception:  # noqa: BLE001 - no answer is no worker
                replies = []
            self._answer = (now, bool(replies))
            return self._answer[1]


class _ResultWatch:
    """Remembers, per thread, whether the latest poll found no answer yet: a job
    then no longer running has been lost, not finished."""

    def _note(self, result: Any) -> Any:
        self._polls().pending = result is self.UNDEFINED
        return result

    def _polls(self) -> threading.local:
        if not hasattr(self, "_poll_state"):
            self._poll_state = threading.local()
        return self._poll_state

    def _pending(self) -> bool:
        polls = self._polls()
        pending, polls.pending = getattr(polls, "pending", False), False
        return pending


class CheckedCeleryManager(_ResultWatch, CeleryManager):
    """Celery jobs that check the queue and its workers first: with Redis down, or
    no worker running, starting a job fails at once with JobsUnavailable instead
    of waiting out Celery's reconnections or spinning until a worker comes; a
    job being waited on when the workers are gone is reported the same way."""

    def __init__(self, url: str, **kwargs: Any) -> None:
        super().__init__(make_celery(url), **kwargs)
        self.url = url
        self.workers = WorkerCheck(self.handle)

    def call_job_fn(self, key, job_fn, args, context):
        if problem := redis_problem(self.url):
            raise JobsUnavailable(problem)
        if not self.workers.present():
            raise NoWorker(
                f"no Celery worker answered within {WORKER_PING_SECONDS:g} s; "
                f"start one: {WORKER_COMMAND}"
            )
        return super().call_job_fn(key, job_fn, args, context)

    def get_result(self, key, job):
        return self._note(super().get_result(key, job))

    def job_running(self, job):
        running = super().job_running(job)
        if running and self._pending() and not self.workers.present():
            self.handle.control.revoke(job)  # a worker started later skips it
            raise NoWorker(f"job {job} is waiting, but no Celery worker answers")
        return running


class CheckedDiskcacheManager(_ResultWatch, DiskcacheManager):
    """Jobs in processes of their own: one whose process ended without leaving
    its answer (killed) is reported as lost instead of ending in silence."""

    def get_result(self, key, job):
        return self._note(super().get_result(key, job))

    def job_running(self, job):
        running = super().job_running(job)
        if not running and self._pending():
            raise JobLost(f"job process {job} ended without an answer")
        return running


def make_celery(url: str):
    """A Celery app on Redis (broker and results), failing fast when it is down."""
    from celery import Celery

    celery_app = Celery("campaign_dashboard", broker=url, backend=url)
    celery_app.conf.update(
        broker_connection_retry_on_startup=True,
        broker_connection_timeout=CONNECT_TIMEOUT_SECONDS,
        broker_transport_options={
            "socket_connect_timeout": CONNECT_TIMEOUT_SECONDS,
            "max_retries": 1,
        },
        redis_socket_connect_timeout=CONNECT_TIMEOUT_SECONDS,
        result_backend_transport_options={
            "retry_policy": {"max_retries": 1, "interval_start": 0, "interval_max": 1}
        },
        redis_socket_timeout=5,
        task_publish_retry=False,
        result_expires=JOB_EXPIRY_SECONDS,
    )
    return celery_app


def job_manager(
    settings: dict[str, Any], cache_by: list[Callable[[], str]]
) -> DiskcacheManager | CeleryManager:
    """The background-callback manager for ``settings``."""
    if url := settings.get("REDIS_URL"):
        return CheckedCeleryManager(url, cache_by=cache_by, expire=JOB_EXPIRY_SECONDS)
    return CheckedDiskcacheManager(
        diskcache.Cache(str(Path(settings["JOB_CACHE_DIR"]))),
        cache_by=cache_by,
        expire=JOB_EXPIRY_SECONDS,
    )
