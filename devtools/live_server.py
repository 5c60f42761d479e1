"""Serve a WSGI app on 127.0.0.1 and a free port, in a background thread."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from werkzeug.serving import make_server


@contextmanager
def live_server(wsgi_app, host: str = "127.0.0.1", port: int = 0) -> Iterator[str]:
    """Yield the base URL of ``wsgi_app`` served on ``port`` (0: any free port)."""
    server = make_server(host, port, wsgi_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)
