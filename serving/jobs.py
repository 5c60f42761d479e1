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

At most ``EXPORT_JOBS`` jobs run at once per server (each runs a Chromium): with
the disk cache, a job holds one of that many lock files in ``JOB_CACHE_DIR`` for
as long as its process lives, and the kernel frees the lock however the process
ends, so a killed job never keeps its slot; with Celery, the jobs the workers hold
(active or reserved) are counted. A job over the cap is refused at once with a
message (JobsBusy), never queued behind the others in silence.
"""

from __future__ import annotations

import fcntl
import os
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
# A job is given up as lost when no worker has answered for this long: longer
# than an "export all" takes, during which a solo worker does not answer.
WORKER_GONE_SECONDS = 300
WORKER_COMMAND = "celery -A dashboard:celery_app worker"
EXPORT_JOBS = 2  # jobs running at once per server, unless the setting says
SLOT_FOLDER = "slots"  # under JOB_CACHE_DIR: one lock file per job slot


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


class JobsBusy(JobsUnavailable):
    """As many jobs as the server runs at once are running: try again later."""

    kind = "busy"

    def __init__(self, limit: int) -> None:
        super().__init__(
            f"{limit} export jobs are running, the most this server runs at once "
            "(EXPORT_JOBS); this one was refused"
        )
        _refusals.limit = limit


# Why the latest job request of this thread was refused: the status message the
# page shows is chosen by it (see ``refusal``).
_refusals = threading.local()


def refusal() -> str:
    """Why the latest job request of this thread was refused ("queue",
    "worker", "lost" or "busy"); read once."""
    kind = getattr(_refusals, "kind", None) or "queue"
    _refusals.kind = None
    return kind


def refused_limit() -> int:
    """How many jobs were running when the latest job of this thread was refused
    as one too many."""
    return getattr(_refusals, "limit", None) or EXPORT_JOBS


class JobSlots:
    """At most ``limit`` jobs at once across every process of one machine: a job
    holds an exclusive lock on one of ``limit`` files in ``folder`` while its
    process lives. The kernel releases a lock when the last process holding it
    ends, however it ends, so a killed job never keeps a slot."""

    def __init__(self, folder: Path, limit: int = EXPORT_JOBS) -> None:
        self.folder = Path(folder)
        self.limit = max(1, int(limit))

    def take(self) -> int | None:
        """A file descriptor holding a free slot's lock, or None when every slot
        is held. The lock lasts while any process keeps the descriptor open: a
        job's process forked after ``take`` inherits it."""
        self.folder.mkdir(parents=True, exist_ok=True)
        for number in range(self.limit):
            fd = os.open(self.folder / f"slot-{number}", os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:  # held by a running job
                os.close(fd)
                continue
            return fd
        return None

    def running(self) -> int:
        """How many slots are held now."""
        held = 0
        for number in range(self.limit):
            fd = os.open(self.folder / f"slot-{number}", os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                fcntl.flock(fd, fcntl.LOCK_UN)
            except OSError:
                held += 1
            finally:
                os.close(fd)
        return held


class WorkerCheck:
    """Whether a Celery worker answers a ping; the answer is kept for
    ``WORKER_ANSWER_SECONDS``, so polls within that time do not ask again."""

    def __init__(self, celery_app: Any, clock: Callable[[], float] = time.monotonic):
        self.celery_app = celery_app
        self.clock = clock
        self._lock = threading.Lock()
        self._answer: tuple[float, bool] | None = None
        self._seen = clock()  # when a worker last answered (or this started)

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
            if replies:
                self._seen = now
            return self._answer[1]

    def gone(self) -> bool:
        """Whether no worker has answered for ``WORKER_GONE_SECONDS``. A worker
        busy with a job may not answer a ping (``--pool=solo`` answers between
        jobs only): silence for a while is a busy worker, not a missing one."""
        present = self.present()
        with self._lock:
            return not present and self.clock() - self._seen > WORKER_GONE_SECONDS


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

    def __init__(self, url: str, limit: int = EXPORT_JOBS, **kwargs: Any) -> None:
        super().__init__(make_celery(url), **kwargs)
        self.url = url
        self.limit = max(1, int(limit))
        self.workers = WorkerCheck(self.handle)

    def jobs_held(self) -> int:
        """How many jobs the workers hold now, running or reserved (a worker
        that died holds none)."""
        try:
            inspect = self.handle.control.inspect(timeout=WORKER_PING_SECONDS)
            held = [inspect.active() or {}, inspect.reserved() or {}]
        except Exception:  # noqa: BLE001 - no answer: nothing known to be held
            return 0
        return sum(len(tasks or []) for answer in held for tasks in answer.values())

    def call_job_fn(self, key, job_fn, args, context):
        if problem := redis_problem(self.url):
            raise JobsUnavailable(problem)
        if not self.workers.present():
            raise NoWorker(
                f"no Celery worker answered within {WORKER_PING_SECONDS:g} s; "
                f"start one: {WORKER_COMMAND}"
            )
        if self.jobs_held() >= self.limit:
            raise JobsBusy(self.limit)
        return super().call_job_fn(key, job_fn, args, context)

    def get_result(self, key, job):
        return self._note(super().get_result(key, job))

    def job_running(self, job):
        running = super().job_running(job)
        if running and self._pending() and self.workers.gone():
            self.handle.control.revoke(job)  # a worker started later skips it
            raise NoWorker(f"job {job} is waiting, but no Celery worker answers")
        return running


class CheckedDiskcacheManager(_ResultWatch, DiskcacheManager):
    """Jobs in processes of their own, at most as many at once as ``slots``
    allows (one over is refused with JobsBusy); one whose process ended without
    leaving its answer (killed) is reported as lost instead of ending in silence."""

    def __init__(self, cache: Any, slots: JobSlots | None = None, **kwargs: Any):
        super().__init__(cache, **kwargs)
        self.slots = slots or JobSlots(Path(cache.directory) / SLOT_FOLDER)
        # No other job of this process forks while a slot's file is open here:
        # it would inherit the lock, and hold two slots.
        self._starting = threading.Lock()

    def call_job_fn(self, key, job_fn, args, context):
        with self._starting:
            slot = self.slots.take()
            if slot is None:
                raise JobsBusy(self.slots.limit)
            try:
                # The job's process is forked with the slot's descriptor: the
                # slot is held until that process ends.
                return super().call_job_fn(key, job_fn, args, context)
            finally:
                os.close(slot)

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
    """The background-callback manager for ``settings``, running at most
    ``EXPORT_JOBS`` jobs at once."""
    limit = settings.get("EXPORT_JOBS") or EXPORT_JOBS
    if url := settings.get("REDIS_URL"):
        return CheckedCeleryManager(
            url, limit, cache_by=cache_by, expire=JOB_EXPIRY_SECONDS
        )
    folder = Path(settings["JOB_CACHE_DIR"])
    return CheckedDiskcacheManager(
        diskcache.Cache(str(folder)),
        JobSlots(folder / SLOT_FOLDER, limit),
        cache_by=cache_by,
        expire=JOB_EXPIRY_SECONDS,
    )
