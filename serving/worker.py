"""The gunicorn worker `make serve` runs: gunicorn's threaded worker, whose own
error pages (a request line too long, headers too large, a malformed request)
carry the same security headers as the app's answers, and a one-line JSON body.

Threads, not processes, hold connections: an idle client waits in the worker's
poller, and a client slow to send its request's head holds one thread of many,
for at most ``HEADER_SECONDS``, after which its connection is closed."""

from __future__ import annotations

import json
import socket
import threading
import time

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


# A request's line and headers arrive within this many seconds of its first byte
# (a browser sends them at once), or the connection is closed.
HEADER_SECONDS = 10


class SecureThreadWorker(ThreadWorker):
    """gthread, with error pages that carry the security headers, and a limit on
    how long a client may take to send a request's head."""

    def init_process(self) -> None:
        # gunicorn writes its error pages through this module function; in a
        # worker process it is ours.
        util.write_error = write_error
        self._reading: dict[object, float] = {}  # connection → its deadline
        self._reading_lock = threading.Lock()
        super().init_process()

    def handle(self, conn):
        with self._reading_lock:
            self._reading[conn] = time.monotonic() + HEADER_SECONDS
        try:
            return super().handle(conn)
        finally:
            with self._reading_lock:
                self._reading.pop(conn, None)

    def handle_request(self, req, conn):
        with self._reading_lock:  # the head has arrived
            self._reading.pop(conn, None)
        return super().handle_request(req, conn)

    def murder_keepalived(self, force: bool = False) -> None:
        # Runs on the worker's main loop about once a second: also close the
        # connections whose head is late, which frees their threads.
        super().murder_keepalived(force)
        now = time.monotonic()
        with self._reading_lock:
            late = [conn for conn, deadline in self._reading.items() if deadline < now]
            for conn in late:
                del self._reading[conn]
        for conn in late:
            try:
                conn.sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
