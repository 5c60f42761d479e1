"""Where long jobs (export all) run: a disk cache shared by the workers of one
machine by default; Celery with Redis when ``REDIS_URL`` is set, so jobs run on
worker processes of their own and any web server behind a load balancer can
answer for any job.

"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import diskcache
from dash import CeleryManager, DiskcacheManager

from serving.urls import redacted, scrubbed

JOB_EXPIRY_SECONDS = 3600
CONNECT_TIMEOUT_SECONDS = 1


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


class CheckedCeleryManager(CeleryManager):
    """Celery jobs that check the queue first: with Redis down, starting a job fails
    at once with JobsUnavailable instead of waiting out Celery's reconnections."""

    def __init__(self, url: str, **kwargs: Any) -> None:
        super().__init__(make_celery(url), **kwargs)
        self.url = url

    def call_job_fn(self, key, job_fn, args, context):
        if problem := redis_problem(self.url):
            raise JobsUnavailable(problem)
        return super().call_job_fn(key, job_fn, args, context)


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
    return DiskcacheManager(
        diskcache.Cache(str(Path(settings["JOB_CACHE_DIR"]))),
        cache_by=cache_by,
        expire=JOB_EXPIRY_SECONDS,
    )
