"""Serving concerns, apart from what the dashboard shows: settings from the
environment, the response cache, background jobs, security headers and the guard
against malformed requests."""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path
from typing import Any

from data.numerals import whole_number
from serving.jobs import redis_problem

LOG = logging.getLogger(__name__)

# Each setting can come from the environment variable of the same name.
DEFAULTS: dict[str, Any] = {
    "DATA_DIR": None,  # None: the bundled data/ folder
    # Redis for the response cache and, through Celery, the background jobs.
    # Unset: an in-process cache and a disk cache for jobs.
    "REDIS_URL": None,
    # flask-caching type when REDIS_URL is unset: SimpleCache (in each worker's
    # memory), FileSystemCache (CACHE_DIR, shared on one machine) or NullCache (off).
    "CACHE_TYPE": "SimpleCache",
    "CACHE_DIR": Path(tempfile.gettempdir()) / "campaign-dashboard-cache",
    "CACHE_SECONDS": 3600,
    "CACHE_ENTRIES": 2000,
    # The in-memory cache's cap in bytes, per worker (Redis caps itself: maxmemory).
    "CACHE_BYTES": 64_000_000,
    # Where background jobs keep their state; shared by the workers of one machine.
    "JOB_CACHE_DIR": Path(tempfile.gettempdir()) / "campaign-dashboard-jobs",
    # Background jobs (export all) running at once per server; one more is refused.
    "EXPORT_JOBS": 2,
}
NUMBERS = ("CACHE_SECONDS", "CACHE_ENTRIES", "CACHE_BYTES", "EXPORT_JOBS")
# Settings that are counts of something: zero would mean nothing works.
AT_LEAST_ONE = ("CACHE_ENTRIES", "CACHE_BYTES", "EXPORT_JOBS")
CACHE_TYPES = ("SimpleCache", "FileSystemCache", "NullCache")
FOLDERS = ("CACHE_DIR", "JOB_CACHE_DIR")


class SettingsError(ValueError):
    """A setting from the environment that cannot be used."""


def settings_from(config: dict[str, Any] | None) -> dict[str, Any]:
    """Defaults, overridden by the environment, overridden by ``config``. A Redis
    that does not answer is reported and left out, never waited on."""
    settings = dict(DEFAULTS)
    for name in DEFAULTS:
        if os.environ.get(name):
            value = os.environ[name]
            number = whole_number(value) if name in NUMBERS else None
            if name in NUMBERS and number is None:
                raise SettingsError(f"{name} must be a whole number, not {value!r}")
            if name in AT_LEAST_ONE and number is not None and number < 1:
                raise SettingsError(f"{name} must be at least 1, not {value!r}")
            settings[name] = number if name in NUMBERS else value
    settings.update(config or {})
    if settings["CACHE_TYPE"] not in CACHE_TYPES:
        raise SettingsError(
            f"CACHE_TYPE must be one of {', '.join(CACHE_TYPES)}, "
            f"not {settings['CACHE_TYPE']!r}"
        )
    for name in FOLDERS:
        if problem := _folder_problem(Path(settings[name])):
            raise SettingsError(f"{name}={settings[name]} {problem}")
    if settings["REDIS_URL"] and (problem := redis_problem(settings["REDIS_URL"])):
        advice = (
            "check the password in REDIS_URL"
            if "password" in problem.lower() or "auth" in problem.lower()
            else "start Redis (apt-get install redis-server)"
        )
        LOG.warning(
            "%s. Falling back to the in-process cache and the local job cache; "
            "%s or unset REDIS_URL.",
            problem,
            advice,
        )
        settings["REDIS_URL"] = None
    return settings


def _folder_problem(folder: Path) -> str | None:
    """None when ``folder`` exists (or can be made) and can be written in."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder):
            pass
    except OSError as error:
        return f"cannot be used as a folder to write in ({error.strerror or error})"
    return None
