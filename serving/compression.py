"""Static files (assets/ and Dash's component bundles) compressed once, hard, and
kept: their URLs carry a version, so the bytes for one URL never change. Dynamic
answers stay with flask-compress's fast default levels.

plotly.js, React, Dash and Bootstrap are about 730 KB at the fast levels and about
600 KB at these. Compressing them hard costs seconds (twenty on a busy two-core
machine), once: so a file not yet kept is sent at a fast level at once, and
compressed hard by a thread in the background; the results are kept on disk,
shared by the workers and kept across restarts.
"""

from __future__ import annotations

import gzip
import hashlib
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import brotli
import diskcache
from backports import zstd
from flask import Flask, Response, request

STATIC_PREFIXES = ("/assets/", "/_dash-component-suites/")
COMPRESSORS = {  # in order of preference: smallest first
    "br": lambda data: brotli.compress(data, quality=11),
    "zstd": lambda data: zstd.compress(data, 19),
    "gzip": lambda data: gzip.compress(data, 9, mtime=0),
}
# What a file not yet kept is sent with: about a fifth larger, a hundred times
# quicker to make.
FAST = {
    "br": lambda data: brotli.compress(data, quality=5),
    "zstd": lambda data: zstd.compress(data, 3),
    "gzip": lambda data: gzip.compress(data, 6, mtime=0),
}
MIN_SIZE = 1024
EXTENSION = "static_compression"


def chosen_encoding(accept_encoding: str) -> str | None:
    """The best encoding the client accepts, or None."""
    offered = {
        part.split(";")[0].strip().lower()
        for part in accept_encoding.split(",")
        if not part.strip().endswith(";q=0")
    }
    return next((name for name in COMPRESSORS if name in offered), None)


class StaticCompression:
    """An after-request hook; register it after flask-compress (so it runs first)."""

    def __init__(self, server: Flask, folder: Path) -> None:
        self._kept = diskcache.Cache(str(folder))
        # One thread compresses hard, one file at a time, after the answers.
        self._hard: ThreadPoolExecutor | None = None
        self._queued: dict[str, Future] = {}
        self._lock = threading.Lock()
        server.after_request(self.compress)
        server.extensions[EXTENSION] = self

    def _later(self, key: str, encoding: str, data: bytes) -> None:
        """Compress ``data`` hard in the background and keep it under ``key``."""
        with self._lock:
            if key in self._queued:
                return
            if self._hard is None:
                self._hard = ThreadPoolExecutor(1, thread_name_prefix="compress")
            self._queued[key] = self._hard.submit(self._keep, key, encoding, data)

    def _keep(self, key: str, encoding: str, data: bytes) -> None:
        try:
            self._kept.set(key, COMPRESSORS[encoding](data))
        finally:
            with self._lock:
                self._queued.pop(key, None)

    def wait(self, timeout: float = 60) -> None:
        """Until the files queued for hard compression are kept (tests)."""
        with self._lock:
            pending = list(self._queued.values())
        for future in pending:
            future.result(timeout)

    def compress(self, response: Response) -> Response:
        if (
            request.method != "GET"
            or not request.path.startswith(STATIC_PREFIXES)
            or response.status_code != 200
            or "Content-Encoding" in response.headers
        ):
            return response
        encoding = chosen_encoding(request.headers.get("Accept-Encoding", ""))
        if encoding is None:
            return response
        # Versioned URLs: the same path and query always name the same bytes.
        key = hashlib.sha256(f"{encoding} {request.full_path}".encode()).hexdigest()
        body = self._kept.get(key)
        if body is None:
            response.direct_passthrough = False
            data = response.get_data()
            if len(data) < MIN_SIZE:
                return response
            body = FAST[encoding](data)
            self._later(key, encoding, data)
        if response.direct_passthrough and hasattr(response.response, "close"):
            response.response.close()  # the file it would have streamed
        response.direct_passthrough = False
        response.set_data(body)
        response.headers["Content-Encoding"] = encoding
        etag, weak = response.get_etag()
        if etag:
            response.set_etag(f"{etag}:{encoding}", weak=weak)
        response.headers["Content-Length"] = str(len(body))
        response.vary.add("Accept-Encoding")
        return response
