"""Answers of the navigation callback, cached: the screen is a pure function of the
address and the action, so a request seen before is answered from the cache,
by whichever worker gets it.

flask-caching holds the answers: in the worker's memory by default, in Redis when
``REDIS_URL`` is set (so every worker and every machine shares them). A cache that
fails (Redis stopped) is skipped with a warning; the screen is then computed as if
nothing were cached.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from flask import Flask, Response, g, has_request_context, request
from flask_caching import Cache
from flask_caching.backends.simplecache import SimpleCache

from serving.urls import scrubbed

LOG = logging.getLogger(__name__)
CALLBACK_PATH = "_dash-update-component"
MAX_CACHED_REQUEST = 64_000  # bytes; larger requests are never looked up
# After a failure the cache is left alone this long; then one request tries it.
PAUSE_SECONDS = 30
# Redis answers a LAN request in a millisecond; a frozen one must cost little.
REDIS_TIMEOUT_SECONDS = 0.25


def leave_uncached() -> None:
    """Do not keep the answer to the request being served."""
    if has_request_context():
        g.response_cache_key = None


class CappedMemoryCache(SimpleCache):
    """flask-caching's in-memory cache, capped by the bytes it holds as well as by
    its number of entries: a few large answers cannot grow a worker without end."""

    def __init__(self, max_bytes: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.max_bytes = max_bytes

    def size(self) -> int:
        """Bytes held (the stored answers, serialised)."""
        return sum(len(value) for _, value in self._cache.values())

    def _over_threshold(self) -> bool:
        return super()._over_threshold() or self.size() > self.max_bytes

    @classmethod
    def factory(cls, app, config, args, kwargs):
        kwargs.update(
            threshold=config["CACHE_THRESHOLD"], max_bytes=config["CACHE_MAX_BYTES"]
        )
        return cls(*args, **kwargs)


def cache_config(settings: dict[str, Any]) -> dict[str, Any]:
    """flask-caching's configuration for the dashboard's settings."""
    config: dict[str, Any] = {
        "CACHE_DEFAULT_TIMEOUT": settings["CACHE_SECONDS"],
        "CACHE_KEY_PREFIX": "campaign-dashboard:",
        "CACHE_THRESHOLD": settings["CACHE_ENTRIES"],
    }
    if settings.get("REDIS_URL"):
        config.update(
            CACHE_TYPE="RedisCache",
            CACHE_REDIS_URL=settings["REDIS_URL"],
            # A stopped or frozen Redis costs one short timeout (then the
            # circuit opens: see _safely), never a hung request.
            CACHE_OPTIONS={
                "socket_connect_timeout": REDIS_TIMEOUT_SECONDS,
                "socket_timeout": REDIS_TIMEOUT_SECONDS,
            },
        )
    elif settings["CACHE_TYPE"] == "SimpleCache":
        config["CACHE_TYPE"] = f"{__name__}.{CappedMemoryCache.__name__}"
        config["CACHE_MAX_BYTES"] = settings["CACHE_BYTES"]
    else:
        config["CACHE_TYPE"] = settings["CACHE_TYPE"]
        if settings["CACHE_TYPE"] == "FileSystemCache":
            config["CACHE_DIR"] = str(settings["CACHE_DIR"])
    return config


class ResponseCache:
    """Serve repeated requests for one callback from a flask-caching cache."""

    def __init__(
        self,
        server: Flask,
        settings: dict[str, Any],
        version: str | Callable[[], str],
    ) -> None:
        self.cache = Cache(server, config=cache_config(settings))
        self.version = version
        self.outputs: set[str] = set()
        self.url = settings.get("REDIS_URL") or ""
        self._paused_until = 0.0
        self._failing = False
        server.before_request(self._answer_from_cache)
        # Registered after flask-compress: runs before it, so the cache keeps the
        # plain answer and each client still gets the encoding it asked for.
        server.after_request(self._remember)

    def cache_callback(self, output_key: str) -> None:
        """Cache the answers of the callback whose ``output`` key is ``output_key``.
        Only for callbacks whose answer depends on nothing but the request."""
        self.outputs.add(output_key)

    def _key(self, body: bytes) -> str:
        # The print header shows today's date, so answers last a day at most.
        digest = hashlib.sha256(body).hexdigest()
        # A callable version is asked each time: the library's reports may change
        # while the server runs, and no answer from an older one is served.
        version = self.version() if callable(self.version) else self.version
        return f"{version}:{date.today().isoformat()}:{digest}"

    def _answer_from_cache(self) -> Response | None:
        if request.method != "POST" or not request.path.endswith(CALLBACK_PATH):
            return None
        if (request.content_length or 0) > MAX_CACHED_REQUEST:
            return None
        if not request.is_json:  # Dash refuses it (415), cached or not
            return None
        body = request.get_data(cache=True)
        try:
            output = json.loads(body).get("output")
        except (ValueError, AttributeError, RecursionError):
            return None  # not ours to judge: Dash answers (and the guard handles it)
        if output not in self.outputs:
            return None
        try:
            key = self._key(body)
        except Exception as error:  # the data's version cannot be read: no cache
            LOG.warning("response cache skipped: %s", str(error).splitlines()[0])
            return None
        g.response_cache_key = key
        cached = self._safely(self.cache.get, key)
        if cached is None:
            return None
        g.response_cache_key = None
        return Response(cached, mimetype="application/json", headers={"X-Cache": "hit"})

    def _remember(self, response: Response) -> Response:
        key = g.pop("response_cache_key", None)
        if key and response.status_code == 200 and not response.direct_passthrough:
            if self._safely(self.cache.set, key, response.get_data()):
                response.headers["X-Cache"] = "miss"  # kept for the next asker
        return response

    def _safely(self, operation, *args):
        """Run a cache operation; a failure opens the circuit: for the next
        ``PAUSE_SECONDS`` the cache is not tried at all, so a frozen Redis costs one
        short timeout, then nothing, instead of a timeout on every request."""
        now = time.monotonic()
        if now < self._paused_until:
            return None
        try:
            result = operation(*args)
        except Exception as error:  # a failing cache must never fail the request
            self._paused_until = now + PAUSE_SECONDS
            if not self._failing:
                self._failing = True
                LOG.warning(
                    "response cache unavailable (%s: %s); answering without it, "
                    "trying again every %d s",
                    type(error).__name__,
                    scrubbed(str(error), self.url) if self.url else error,
                    PAUSE_SECONDS,
                )
            return None
        if self._failing:
            self._failing = False
            LOG.warning("response cache available again")
        return result


def fingerprint(paths: list[Path], extra: str = "") -> str:
    """A short digest of files (the data, the code that renders it): cached answers
    from an older version of either are never served."""
    digest = hashlib.sha256(extra.encode())
    for path in sorted(paths):
        digest.update(str(path).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
