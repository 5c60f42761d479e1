"""The gunicorn worker `make serve` runs: gunicorn's threaded worker, whose own
error pages (a request line too long, headers too large, a malformed request)
carry the same security headers as the app's answers, and a one-line JSON body.

Threads, not processes, hold connections: an idle or slow client waits in the
worker's poller or holds one thread of many, never the whole worker."""

from __future__ import annotations

import json

from gunicorn import util
from gunicorn.workers.gthread import ThreadWorker

from serving.security import error_page_headers


def write_error(sock, status_int: int, reason: str, mesg: str) -> None:
    """gunicorn's error page, as JSON, with the security headers."""
    body = json.dumps({"error": f"{status_int} {reason}: {mesg}".rstrip(": ")})
    headers = {
        **error_page_headers(),
        "Connection": "close",
        "Content-Type": "application/json",
        "Content-Length": str(len(body.encode())),
    }
    head = f"HTTP/1.1 {status_int} {reason}\r\n" + "".join(
        f"{name}: {value}\r\n" for name, value in headers.items()
    )
    util.write_nonblock(sock, (head + "\r\n").encode("latin-1") + body.encode())


class SecureThreadWorker(ThreadWorker):
    """gthread, with error pages that carry the security headers."""

    def init_process(self) -> None:
        # gunicorn writes its error pages through this module function; in a
        # worker process it is ours.
        util.write_error = write_error
        super().init_process()
